import { Form, Link, useActionData, useFetcher, useLoaderData, useLocation } from "@remix-run/react";
import type { loadBlogPost, blogPostAction } from "~/lib/blog-post-route.server";
import { formatDate, formatDateTime, plural } from "~/lib/format";
import { useBlogLive } from "~/lib/use-blog-live";
import { ErrorSummary, MARKDOWN_HINT, TextArea } from "./form";

type Data = Awaited<ReturnType<typeof loadBlogPost>>;
type Comment = Data["comments"][number];
type ActionData = Awaited<ReturnType<typeof blogPostAction>>;

/** A blog or News post with its comments (one level of replies), likes and, for weekly updates, previous/next. */
export function BlogPostView() {
  const data = useLoaderData<Data>() as unknown as Data;
  const { post, comments } = data;
  const actionData = useActionData<ActionData>() as unknown as { ok: boolean; intent?: string; formError?: string; fieldErrors?: Record<string, string>; values?: Record<string, string> } | undefined;
  const failure = actionData && !actionData.ok && actionData.intent === "comment" ? actionData : null;
  const live = useBlogLive(post.id, post.status === "published");
  const location = useLocation();
  const like = useFetcher<{ ok: boolean; liked?: boolean; likeCount?: number; formError?: string }>();
  const pendingLike = like.state !== "idle";
  const likedByMe = pendingLike ? !data.likedByMe : data.likedByMe;
  const likeCount = post.likeCount + (pendingLike ? (data.likedByMe ? -1 : 1) : 0);
  const isNews = post.blog === "news";
  const replyTo = new URLSearchParams(location.search).get("replyTo");
  const commentCount = comments.reduce((n, c) => n + 1 + c.replies.length, 0);
  return (
    <>
      <nav className="govuk-breadcrumbs" aria-label="Breadcrumb">
        <ol className="govuk-breadcrumbs__list">
          {isNews ? (
            <li className="govuk-breadcrumbs__list-item">
              <Link className="govuk-breadcrumbs__link" to="/news">
                News
              </Link>
            </li>
          ) : (
            <>
              <li className="govuk-breadcrumbs__list-item">
                <Link className="govuk-breadcrumbs__link" to="/blogs">
                  Blogs
                </Link>
              </li>
              <li className="govuk-breadcrumbs__list-item">
                <Link className="govuk-breadcrumbs__link" to={`/blogs/${post.author.handle}`}>
                  {post.author.fullName}
                </Link>
              </li>
            </>
          )}
        </ol>
      </nav>
      <article aria-labelledby="post-title">
        {post.coverImage ? <img className="tpc-cover" src={`/blog-posts/${post.id}/cover`} alt="" /> : null}
        {isNews && post.issueNumber ? <span className="govuk-caption-l">Weekly update {post.issueNumber}</span> : null}
        <h1 className="govuk-heading-l" id="post-title">
          {post.title}
          {post.status !== "published" ? <strong className="govuk-tag govuk-tag--yellow tpc-tag tpc-tag--after">{post.status === "draft" ? "Draft" : "Scheduled"}</strong> : null}
        </h1>
        <p className="govuk-body tpc-muted">
          By{" "}
          <Link to={`/members/${post.author.handle}`} className="govuk-link">
            {post.author.fullName}
          </Link>
          , {post.author.organisation}
          {post.publishedAt ? ` · ${formatDate(post.publishedAt)}` : post.publishAt ? ` · to be published ${formatDateTime(post.publishAt)}` : " · not published"}
          {post.category ? ` · ${post.category.replace("-", " ")}` : ""}
        </p>
        {post.tags.length ? (
          <ul className="tpc-tags" aria-label="Tags">
            {post.tags.map((t) => (
              <li key={t}>
                <Link to={`/blogs?tag=${encodeURIComponent(t)}`} className="govuk-tag govuk-tag--grey tpc-tag">
                  {t}
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
        {isNews && post.highlights.length ? (
          <div className="govuk-inset-text">
            <h2 className="govuk-heading-s">This week&apos;s highlights</h2>
            <ul className="govuk-list govuk-list--bullet">
              {post.highlights.map((h, i) => (
                <li key={i}>{h}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className="tpc-post__body govuk-body tpc-blog-body" dangerouslySetInnerHTML={{ __html: post.bodyHtml }} />
        <div className="tpc-post__footer">
          {data.canLike ? (
            <like.Form method="post" className="tpc-inline-form">
              <input type="hidden" name="intent" value="like" />
              <button type="submit" className="govuk-button govuk-button--secondary tpc-small-button" aria-pressed={likedByMe}>
                {likedByMe ? "Liked" : "Like"}
              </button>
            </like.Form>
          ) : null}
          <span className="govuk-body-s govuk-!-margin-bottom-0" data-testid="like-count">
            {plural(likeCount, "like")}
          </span>
          {data.canEdit ? (
            <>
              <Link to={`/blog-posts/${post.id}/edit`} className="govuk-link">
                Edit<span className="govuk-visually-hidden"> this post</span>
              </Link>
              <Link to={`/blog-posts/${post.id}/history`} className="govuk-link">
                History ({plural(post.revisionCount, "version")})
              </Link>
              <Form method="post" className="tpc-inline-form">
                <input type="hidden" name="intent" value="delete" />
                <button type="submit" className="tpc-link-button">
                  Delete<span className="govuk-visually-hidden"> this post</span>
                </button>
              </Form>
            </>
          ) : null}
        </div>
        {like.data && !like.data.ok ? <p className="govuk-error-message">{like.data.formError}</p> : null}
      </article>

      {data.previous || data.next ? (
        <nav className="govuk-pagination govuk-pagination--block" aria-label="Weekly updates">
          {data.previous ? (
            <div className="govuk-pagination__prev">
              <Link className="govuk-link govuk-pagination__link" to={data.previous.url} rel="prev">
                <span className="govuk-pagination__link-title">Previous issue</span>
                <span className="govuk-visually-hidden">:</span>
                <span className="govuk-pagination__link-label">{data.previous.title}</span>
              </Link>
            </div>
          ) : null}
          {data.next ? (
            <div className="govuk-pagination__next">
              <Link className="govuk-link govuk-pagination__link" to={data.next.url} rel="next">
                <span className="govuk-pagination__link-title">Next issue</span>
                <span className="govuk-visually-hidden">:</span>
                <span className="govuk-pagination__link-label">{data.next.title}</span>
              </Link>
            </div>
          ) : null}
        </nav>
      ) : null}

      <section aria-labelledby="comments-heading" className="tpc-comments">
        <h2 className="govuk-heading-m" id="comments-heading">
          Comments ({commentCount})
        </h2>
        <div aria-live="polite" role="status" className="govuk-body-s" data-joined={live.joined ? "yes" : "no"} id="comments-live">
          {live.arrived > 0 ? plural(live.arrived, "new comment") + " arrived." : null}
        </div>
        {comments.length === 0 ? <p className="govuk-body">No comments yet.</p> : null}
        <ol className="tpc-posts">
          {comments.map((c) => (
            <CommentItem key={c.id} comment={c} postUrl={post.url} canReply={data.canComment}>
              {c.replies.length ? (
                <ol className="tpc-posts tpc-replies">
                  {c.replies.map((r) => (
                    <CommentItem key={r.id} comment={{ ...r, replies: [] }} postUrl={post.url} canReply={data.canComment} replyParent={c.id} />
                  ))}
                </ol>
              ) : null}
            </CommentItem>
          ))}
        </ol>
        {data.canComment ? (
          <Form method="post" className="tpc-reply" id="comment" noValidate key={`${commentCount}-${location.key}`} preventScrollReset>
            <h3 className="govuk-heading-s">{replyTo ? "Reply to a comment" : "Add a comment"}</h3>
            <ErrorSummary fieldErrors={failure?.fieldErrors} formError={failure?.formError} />
            <input type="hidden" name="intent" value="comment" />
            {replyTo ? <input type="hidden" name="parentId" value={replyTo} /> : null}
            <TextArea name="body" label={replyTo ? "Your reply" : "Your comment"} hint={MARKDOWN_HINT} error={failure?.fieldErrors?.body ?? (failure && !Object.keys(failure.fieldErrors ?? {}).length ? failure.formError : undefined)} defaultValue={failure?.values?.body ?? ""} rows={5} />
            <button type="submit" className="govuk-button">
              {replyTo ? "Post reply" : "Post comment"}
            </button>
            {replyTo ? (
              <p className="govuk-body">
                <Link to={`${post.url}#comment`} className="govuk-link">
                  Comment on the post instead
                </Link>
              </p>
            ) : null}
          </Form>
        ) : post.status === "published" ? (
          <p className="govuk-body">
            <Link to={`/sign-in?next=${encodeURIComponent(`${post.url}#comment`)}`} className="govuk-link">
              Sign in to comment
            </Link>
          </p>
        ) : null}
      </section>
    </>
  );
}

function CommentItem({ comment, postUrl, canReply, replyParent, children }: { comment: Comment; postUrl: string; canReply: boolean; replyParent?: number; children?: React.ReactNode }) {
  return (
    <li className="tpc-post" id={`comment-${comment.id}`}>
      <article aria-labelledby={`comment-${comment.id}-heading`}>
        <h3 className="govuk-heading-s govuk-!-margin-bottom-1" id={`comment-${comment.id}-heading`}>
          <a href={`/members/${comment.author.handle}`} className="govuk-link">
            {comment.author.fullName}
          </a>
        </h3>
        <p className="govuk-body-s tpc-muted govuk-!-margin-bottom-2">{formatDateTime(comment.createdAt)}</p>
        <div className="tpc-post__body govuk-body" dangerouslySetInnerHTML={{ __html: comment.bodyHtml }} />
        <div className="tpc-post__footer govuk-body-s">
          {canReply ? (
            // Replies to a reply join the same conversation under the top comment.
            <a href={`${postUrl}?replyTo=${replyParent ?? comment.id}#comment`} className="govuk-link">
              Reply<span className="govuk-visually-hidden"> to {comment.author.fullName}</span>
            </a>
          ) : null}
          {comment.canDelete ? (
            <Form method="post" className="tpc-inline-form" action={postUrl}>
              <input type="hidden" name="intent" value="delete-comment" />
              <input type="hidden" name="commentId" value={comment.id} />
              <button type="submit" className="tpc-link-button">
                Remove<span className="govuk-visually-hidden"> comment by {comment.author.fullName}</span>
              </button>
            </Form>
          ) : null}
        </div>
      </article>
      {children}
    </li>
  );
}
