import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { WatchButtons } from "~/components/watch-buttons";
import { Form, Link, useActionData, useFetcher, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useRef } from "react";
import { ErrorSummary, MARKDOWN_HINT, TextArea } from "~/components/form";
import { Pagination } from "~/components/pagination";
import { formatDateTime, plural } from "~/lib/format";
import { useThreadLive } from "~/lib/use-thread-live";
import { attempt, formObject, load } from "~/lib/use-case.server";
import { Breadcrumbs } from "~/components/breadcrumbs";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.thread.title ?? "Thread"} – Total Place Community` }];

function threadIdFrom(ref: string | undefined) {
  const id = Number.parseInt(ref ?? "", 10);
  if (!Number.isFinite(id) || id <= 0) throw new Response("Thread not found", { status: 404 });
  return id;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const threadId = threadIdFrom(params.threadRef);
  const pageParam = url.searchParams.get("page");
  const page = pageParam === "last" ? "last" : Number(pageParam ?? "1") || 1;
  const { forums } = context.services;
  const data = await load(request, () => forums.getThread(context.caller, { threadId, page }));
  const canonical = `/forums/${data.thread.forum.slug}/t/${data.thread.id}-${data.thread.slug}`;
  // Old slugs and moved threads redirect to the thread's current address.
  if (`/forums/${params.forumSlug}/t/${params.threadRef}` !== canonical) throw redirect(canonical + url.search);
  const quoteId = url.searchParams.get("quote");
  const quote = quoteId && data.canReply ? await load(request, () => forums.quotePost(context.caller, { postId: quoteId })) : null;
  const moveTargets = data.canModerate ? (await forums.listForums(context.caller)) : null;
  const watch = await context.services.notifications.watchState(context.caller, { targetType: "thread", targetId: data.thread.id });
  return json({
    ...data,
    watch,
    canWatch: !!context.caller,
    canonical,
    quote,
    moveTargets: moveTargets ? [...moveTargets.themes, ...moveTargets.places].map((f) => ({ slug: f.slug, name: f.name })) : null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const { forums } = context.services;
  const caller = context.caller;
  const input = { ...formObject(form), threadId: String(threadIdFrom(params.threadRef)) };
  switch (intent) {
    case "reply": {
      const r = await attempt(request, form, () => forums.replyToThread(caller, input));
      return r.ok ? redirect(r.data.url) : json({ ...r, intent }, { status: 422 });
    }
    case "like": {
      const r = await attempt(request, form, () => forums.toggleLike(caller, input));
      return json({ ...r, intent }, { status: r.ok ? 200 : 409 });
    }
    case "delete": {
      const r = await attempt(request, form, () => forums.deletePost(caller, input));
      return r.ok ? redirect(r.data.url) : json({ ...r, intent }, { status: 409 });
    }
    case "hide-post": {
      const r = await attempt(request, form, () => forums.setPostHidden(caller, input));
      return r.ok ? redirect(r.data.url) : json({ ...r, intent }, { status: 409 });
    }
    case "moderate": {
      const r = await attempt(request, form, () => forums.moderateThread(caller, input));
      return r.ok ? redirect(r.data.url) : json({ ...r, intent }, { status: 422 });
    }
    default:
      return json({ ok: false as const, intent, formError: "Unknown action", fieldErrors: {} as Record<string, string>, values: {} as Record<string, string> }, { status: 400 });
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type PostView = Data["posts"][number];

export default function ThreadPage() {
  const data = useLoaderData<typeof loader>();
  const { thread, posts, page, pageCount, canonical } = data;
  const actionData = useActionData<typeof action>();
  const live = useThreadLive(thread.id, page === pageCount);
  const replyRef = useRef<HTMLTextAreaElement>(null);
  const location = useLocation();
  const navigation = useNavigation();
  const replyFailure = actionData && !actionData.ok && actionData.intent === "reply" ? actionData : null;
  const moderateFailure = actionData && !actionData.ok && actionData.intent === "moderate" ? actionData : null;

  // With JavaScript, Quote adds to whatever is already typed instead of reloading the page.
  const quoteInto = (post: PostView) => async (event: React.MouseEvent) => {
    const box = replyRef.current;
    if (!box) return;
    event.preventDefault();
    const res = await fetch(`/posts/${post.id}/quote`, { headers: { accept: "application/json" } });
    if (!res.ok) return;
    const { markdown } = (await res.json()) as { markdown: string };
    box.value = `${box.value}${box.value && !box.value.endsWith("\n\n") ? "\n\n" : ""}${markdown}`;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  };

  return (
    <>
      <Breadcrumbs trail={[["Forums", "/forums"], [thread.forum.name, `/forums/${thread.forum.slug}`]]} />
      <h1 className="govuk-heading-l">
        {thread.title}
        {thread.pinned ? <strong className="govuk-tag govuk-tag--blue tpc-tag tpc-tag--after">Pinned</strong> : null}
        {thread.locked ? <strong className="govuk-tag govuk-tag--grey tpc-tag tpc-tag--after">Locked</strong> : null}
        {thread.hidden ? <strong className="govuk-tag govuk-tag--red tpc-tag tpc-tag--after">Hidden</strong> : null}
      </h1>
      {data.canWatch ? <WatchButtons targetType="thread" targetId={thread.id} state={data.watch} noun="thread" /> : null}
      <p className="govuk-body tpc-muted">
        {plural(thread.replyCount, "reply", "replies")} · page {page} of {pageCount}
        {thread.lastPostId ? (
          <>
            {" · "}
            <Link to={`/p/${thread.lastPostId}`} className="govuk-link">
              Jump to the latest reply
            </Link>
          </>
        ) : null}
      </p>

      <div className="tpc-live-status" aria-live="polite" role="status">
        {live.unseen > 0 ? (
          <p className="govuk-inset-text tpc-new-replies">
            {plural(live.unseen, "new reply", "new replies")}.{" "}
            <Link to={`${canonical}?page=last#post-${thread.lastPostId}`} className="govuk-link" onClick={live.clearUnseen}>
              Show the latest
            </Link>
          </p>
        ) : null}
      </div>

      {data.canModerate ? <ModerationPanel data={data} failure={moderateFailure} /> : null}

      <Pagination page={page} pageCount={pageCount} href={(p) => `${canonical}?page=${p}`} label="Thread pages (top)" />

      <ol className="tpc-posts" start={(page - 1) * 20 + 1}>
        {posts.map((post) => (
          <PostItem key={post.id} post={post} canReply={data.canReply} canModerate={data.canModerate} canonical={canonical} page={page} onQuote={quoteInto(post)} />
        ))}
      </ol>

      <Pagination page={page} pageCount={pageCount} href={(p) => `${canonical}?page=${p}`} label="Thread pages (bottom)" />

      {data.canReply ? (
        <Form method="post" className="tpc-reply" id="reply" noValidate key={`${thread.postCount}-${location.key}`} preventScrollReset>
          <h2 className="govuk-heading-m">Reply to this thread</h2>
          <ErrorSummary fieldErrors={replyFailure?.fieldErrors} formError={replyFailure?.formError} />
          <input type="hidden" name="intent" value="reply" />
          {data.quote ? <input type="hidden" name="quotedPostId" value={data.quote.postId} /> : null}
          <TextArea name="body" label="Your reply" hint={MARKDOWN_HINT} error={replyFailure?.fieldErrors.body ?? (replyFailure && !Object.keys(replyFailure.fieldErrors).length ? replyFailure.formError : undefined)} defaultValue={replyFailure?.values.body ?? data.quote?.markdown ?? ""} textareaRef={replyRef} rows={8} />
          <button type="submit" className="govuk-button" disabled={navigation.state === "submitting" && navigation.formData?.get("intent") === "reply"}>
            Post reply
          </button>
        </Form>
      ) : thread.locked ? (
        <p className="govuk-inset-text">This thread is locked. Nobody can reply to it.</p>
      ) : (
        <p className="govuk-body">
          <Link to={`/sign-in?next=${encodeURIComponent(`${canonical}?page=last#reply`)}`} className="govuk-link">
            Sign in to reply
          </Link>
        </p>
      )}
    </>
  );
}

// Plain links inside posts: a page has a hundred of them and router <Link>s cost real render time
// (see tests/bench); they all lead to other pages anyway.
function PostItem({ post, canReply, canModerate, canonical, page, onQuote }: { post: PostView; canReply: boolean; canModerate: boolean; canonical: string; page: number; onQuote: (e: React.MouseEvent) => void }) {
  const like = useFetcher<typeof action>();
  const likeError = like.data && !like.data.ok ? like.data.formError : null;
  // Show the like at once; the server's count replaces it when the page re-reads.
  const pendingLike = like.state !== "idle";
  const likedByMe = pendingLike ? !post.likedByMe : post.likedByMe;
  const likeCount = post.likeCount + (pendingLike ? (post.likedByMe ? -1 : 1) : 0);
  const headingId = `post-${post.id}-heading`;
  return (
    <li className={`tpc-post${post.removed ? " tpc-post--removed" : ""}`} id={`post-${post.id}`}>
      <article aria-labelledby={headingId}>
        <header className="tpc-post__header">
          <h2 className="govuk-heading-s govuk-!-margin-bottom-0" id={headingId}>
            <a href={`/members/${post.author.handle}`} className="govuk-link">
              {post.author.fullName}
            </a>
            {post.author.role !== "member" ? <span className="govuk-tag govuk-tag--turquoise tpc-tag tpc-tag--after">{post.author.role}</span> : null}
          </h2>
          <p className="govuk-body-s govuk-!-margin-bottom-0 tpc-muted">
            {post.author.organisation} ·{" "}
            <a href={`/p/${post.id}`} className="govuk-link govuk-link--muted" aria-label={`Permalink to post ${post.number} by ${post.author.fullName}`}>
              <time dateTime={post.createdAt}>{formatDateTime(post.createdAt)}</time>
            </a>
            {post.editedAt ? (
              <>
                {" · "}
                <span title={`Edited ${formatDateTime(post.editedAt)}`}>edited</span>
                {canModerate ? (
                  <>
                    {" "}
                    (
                    <a href={`/posts/${post.id}/history`} className="govuk-link">
                      history<span className="govuk-visually-hidden"> of post {post.number}</span>
                    </a>
                    )
                  </>
                ) : null}
              </>
            ) : null}
          </p>
        </header>
        {post.removed === "deleted" ? <p className="govuk-body tpc-removed">Deleted by author.</p> : null}
        {post.removed === "hidden" ? <p className="govuk-body tpc-removed">Hidden by a facilitator.</p> : null}
        {post.bodyHtml ? <div className="tpc-post__body govuk-body" dangerouslySetInnerHTML={{ __html: post.bodyHtml }} /> : null}
        {!post.removed || post.likeCount > 0 ? (
          <div className="tpc-post__footer">
            {post.canLike ? (
              <like.Form method="post" className="tpc-inline-form">
                <input type="hidden" name="intent" value="like" />
                <input type="hidden" name="postId" value={post.id} />
                <button type="submit" className="govuk-button govuk-button--secondary tpc-small-button" aria-pressed={likedByMe}>
                  {likedByMe ? "Unlike" : "Like"}
                  <span className="govuk-visually-hidden"> post {post.number} by {post.author.fullName}</span>
                </button>
              </like.Form>
            ) : null}
            {likeCount > 0 ? (
              <details className="tpc-likers">
                <summary>
                  {plural(likeCount, "like")}
                  <span className="govuk-visually-hidden"> on post {post.number}: show who</span>
                </summary>
                <ul className="govuk-list govuk-body-s">
                  {post.likers.map((l) => (
                    <li key={l.handle}>
                      <a href={`/members/${l.handle}`} className="govuk-link">
                        {l.fullName}
                      </a>
                    </li>
                  ))}
                  {likeCount > post.likers.length ? <li>and {likeCount - post.likers.length} more</li> : null}
                </ul>
              </details>
            ) : null}
            {canReply && !post.removed ? (
              <a href={`${canonical}?page=${page}&quote=${post.id}#reply`} className="govuk-link tpc-post__action" onClick={onQuote}>
                Quote<span className="govuk-visually-hidden"> post {post.number} by {post.author.fullName}</span>
              </a>
            ) : null}
            {post.canEdit ? (
              <a href={`/posts/${post.id}/edit`} className="govuk-link tpc-post__action">
                Edit<span className="govuk-visually-hidden"> post {post.number}</span>
              </a>
            ) : null}
            {post.canDelete ? (
              <Form method="post" className="tpc-inline-form" onSubmit={(e) => { if (!window.confirm("Delete this post? It will show as deleted by author.")) e.preventDefault(); }}>
                <input type="hidden" name="intent" value="delete" />
                <input type="hidden" name="postId" value={post.id} />
                <button type="submit" className="tpc-link-button">
                  Delete<span className="govuk-visually-hidden"> post {post.number}</span>
                </button>
              </Form>
            ) : null}
            {canModerate && post.removed !== "deleted" ? (
              <Form method="post" className="tpc-inline-form">
                <input type="hidden" name="intent" value="hide-post" />
                <input type="hidden" name="postId" value={post.id} />
                <input type="hidden" name="hidden" value={post.removed === "hidden" ? "false" : "true"} />
                <button type="submit" className="tpc-link-button">
                  {post.removed === "hidden" ? "Unhide" : "Hide"}
                  <span className="govuk-visually-hidden"> post {post.number}</span>
                </button>
              </Form>
            ) : null}
            {likeError ? <p className="govuk-error-message govuk-!-margin-bottom-0">{likeError}</p> : null}
          </div>
        ) : null}
      </article>
    </li>
  );
}

function ModerationPanel({ data, failure }: { data: Data; failure: { formError: string; fieldErrors: Record<string, string> } | null }) {
  const { thread } = data;
  const toggle = (action: string, label: string) => (
    <Form method="post" className="tpc-inline-form">
      <input type="hidden" name="intent" value="moderate" />
      <input type="hidden" name="action" value={action} />
      <button type="submit" className="govuk-button govuk-button--secondary tpc-small-button">
        {label}
      </button>
    </Form>
  );
  return (
    <details className="govuk-details tpc-moderation">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Facilitator tools</span>
      </summary>
      <div className="govuk-details__text">
        {failure ? <p className="govuk-error-message">{failure.fieldErrors.forumSlug ?? failure.formError}</p> : null}
        <div className="tpc-actions">
          {toggle(thread.pinned ? "unpin" : "pin", thread.pinned ? "Unpin thread" : "Pin thread")}
          {toggle(thread.locked ? "unlock" : "lock", thread.locked ? "Unlock thread" : "Lock thread")}
          {toggle(thread.hidden ? "unhide" : "hide", thread.hidden ? "Unhide thread" : "Hide thread")}
        </div>
        <Form method="post" className="tpc-move-form">
          <input type="hidden" name="intent" value="moderate" />
          <input type="hidden" name="action" value="move" />
          <div className="govuk-form-group govuk-!-margin-bottom-2">
            <label className="govuk-label govuk-label--s" htmlFor="move-forum">
              Move thread to
            </label>
            <select id="move-forum" name="forumSlug" className="govuk-select" defaultValue={thread.forum.slug}>
              {data.moveTargets?.map((f) => (
                <option key={f.slug} value={f.slug}>
                  {f.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="govuk-button govuk-button--secondary tpc-small-button">
            Move thread
          </button>
        </Form>
      </div>
    </details>
  );
}
