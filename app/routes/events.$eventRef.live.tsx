import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, MaxPartSizeExceededError, redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useRef, useState } from "react";
import { formatTime, plural } from "~/lib/format";
import { FormGroup } from "~/components/form";
import { orderQuestions } from "~/lib/live-questions";
import { useLiveThread, type LiveKind } from "~/lib/use-live-thread";
import { attempt, load } from "~/lib/use-case.server";
import { MAX_LIVE_COMMENT, MAX_LIVE_PHOTO_BYTES } from "../../server/modules/live/live.schema";
import { Breadcrumbs } from "~/components/breadcrumbs";

/** The comment form carries an optional photo; anything over the limit is refused while it streams in. */
async function readForm(request: Request): Promise<{ form: FormData; photoTooLarge: boolean }> {
  if (!request.headers.get("content-type")?.startsWith("multipart/form-data")) return { form: await request.formData(), photoTooLarge: false };
  try {
    return { form: await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_LIVE_PHOTO_BYTES })), photoTooLarge: false };
  } catch (error) {
    if (!(error instanceof MaxPartSizeExceededError)) throw error;
    return { form: new FormData(), photoTooLarge: true };
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Live: ${data?.event.title ?? "Event"} – Total Place Community` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const eventId = Number.parseInt(params.eventRef ?? "", 10);
  const data = await load(request, () => context.services.live.getLiveThread(context.caller, { eventId }));
  const canonical = `/events/${data.event.id}-${data.event.slug}/live`;
  if (`/events/${params.eventRef}/live` !== canonical) throw redirect(canonical);
  return json({ ...data, canonical });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { form, photoTooLarge } = await readForm(request);
  if (photoTooLarge) {
    const message = "The photo must be 5 MB or smaller";
    return json({ ok: false as const, formError: message, fieldErrors: { photo: message }, values: {} as Record<string, string>, intent: "comment" }, { status: 422 });
  }
  const eventId = String(Number.parseInt(params.eventRef ?? "", 10));
  const intent = String(form.get("intent") ?? "comment");
  const live = context.services.live;
  const caller = context.caller;
  const run = async (): Promise<unknown> => {
    switch (intent) {
      case "hide":
      case "unhide":
        return live.setHidden(caller, { eventId, seq: form.get("seq"), hidden: intent === "hide" });
      case "open":
      case "close":
        return live.setState(caller, { eventId, action: intent });
      case "vote":
        return live.vote(caller, { eventId, seq: form.get("seq"), up: form.get("up") ?? "true" });
      case "status":
        return live.setQuestionStatus(caller, { eventId, seq: form.get("seq"), status: form.get("status") });
      case "reporter":
        return live.setReporter(caller, { eventId, handle: form.get("handle"), appointed: form.get("appointed") ?? "true" });
      default: {
        // Without JavaScript each post is its own message: the server picks the client id.
        const clientId = String(form.get("clientId") || crypto.randomUUID());
        const kind = intent === "ask" ? "question" : form.get("kind") || "comment";
        const photo = form.get("photo");
        const bytes = photo instanceof Blob && photo.size > 0 ? new Uint8Array(await photo.arrayBuffer()) : undefined;
        return live.post(caller, { eventId, clientId, body: form.get("body"), kind, anonymous: form.get("anonymous") === "on" }, bytes ? { bytes } : undefined);
      }
    }
  };
  const r = await attempt(request, form, run);
  if (!r.ok) return json({ ...r, intent }, { status: 422 });
  const url = new URL(request.url);
  return redirect(url.pathname + url.search + (intent === "ask" || intent === "vote" || intent === "status" ? "#questions" : ""));
}

const STATE_TEXT: Record<string, string> = {
  open: "Live now",
  scheduled: "Opens when the event starts",
  closed: "Closed – this is the archive",
};

type Live = ReturnType<typeof useLiveThread>;
type Item = Live["items"][number];

export default function LiveThread() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const live = useLiveThread(data.event.id, data);
  const [params] = useSearchParams();
  // Hidden messages vanish for members; facilitators keep a placeholder to restore them.
  const shown = live.items.filter((i) => !i.hidden || data.canModerate);
  const highlights = shown.filter((i) => i.kind === "highlight").reverse();
  const comments = shown.filter((i) => i.kind === "comment").reverse();
  const questions = shown.filter((i) => i.kind === "question");
  const failed = failure && !failure.ok ? failure : null;
  const canPost = data.canPost && live.state === "open";
  const sort = params.get("sort") === "newest" ? "newest" : "votes";

  return (
    <>
      <Breadcrumbs trail={[["Events", "/events"], [data.event.title, `/events/${data.event.id}-${data.event.slug}`]]} />
      <span className="govuk-caption-l">Live thread</span>
      <h1 className="govuk-heading-l">{data.event.title}</h1>
      <p className="govuk-body">
        <strong className={`govuk-tag ${live.state === "open" ? "govuk-tag--green" : "govuk-tag--grey"}`}>{STATE_TEXT[live.state] ?? live.state}</strong>{" "}
        <span className="tpc-muted" role="status">
          {plural(comments.length, "comment")} · {plural(questions.filter((q) => q.status !== "dismissed").length, "question")}
          {live.state === "open" ? (live.connected ? " · updating live" : " · reconnecting…") : ""}
          {live.watching !== null && live.state === "open" ? ` · ${live.watching.toLocaleString("en-GB")} watching now` : ""}
        </span>
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to={`${data.canonical}/panel`}>
          Panel view for the projector
        </Link>
        {data.eventSpaceUrl ? (
          <>
            {" · "}
            <Link className="govuk-link" to={data.eventSpaceUrl}>
              Event space: reflections and follow-ups
            </Link>
          </>
        ) : null}
      </p>

      {data.canModerate ? <FacilitatorTools data={data} live={live} failed={failed} /> : null}

      {canPost ? (
        <CommentForm live={live} canHighlight={data.canHighlight} failed={failed && failed.intent === "comment" ? failed : null} />
      ) : live.state === "open" && !data.canPost ? (
        <p className="govuk-body">
          <Link to={`/sign-in?next=${encodeURIComponent(data.canonical)}`} className="govuk-link">
            Sign in to comment and ask the panel
          </Link>
        </p>
      ) : live.state === "closed" && data.eventSpaceUrl ? (
        <p className="govuk-body">
          The live thread has closed. <Link className="govuk-link" to={data.eventSpaceUrl}>Add your reflections in the event space</Link>.
        </p>
      ) : null}

      {highlights.length ? (
        <section aria-labelledby="highlights-heading" className="tpc-highlights">
          <h2 className="govuk-heading-m" id="highlights-heading">
            Highlights
          </h2>
          <ol className="tpc-live-list" reversed>
            {highlights.map((i) => (
              <LiveEntry key={i.seq} item={i} live={live} canModerate={data.canModerate} />
            ))}
          </ol>
        </section>
      ) : null}

      <div className="govuk-grid-row">
        <section aria-labelledby="comments-heading" className="govuk-grid-column-one-half">
          <h2 className="govuk-heading-m" id="comments-heading">
            Comments, newest first
          </h2>
          {comments.length === 0 ? <p className="govuk-body">No comments yet.</p> : null}
          <ol className="tpc-live-list" reversed aria-live="polite" aria-relevant="additions">
            {comments.map((i) => (
              <LiveEntry key={i.seq} item={i} live={live} canModerate={data.canModerate} />
            ))}
          </ol>
        </section>
        <section aria-labelledby="questions-heading" className="govuk-grid-column-one-half" id="questions">
          <QuestionsPanel questions={questions} live={live} sort={sort} canAsk={canPost} canVote={!!data.canPost} canModerate={data.canModerate} failed={failed && ["ask", "vote", "status"].includes(failed.intent) ? failed : null} />
        </section>
      </div>
    </>
  );
}

type Failure = { formError: string; fieldErrors: Record<string, string>; values: Record<string, string>; intent: string } | null;

/**
 * Sends through the socket when connected (instant, retried without duplicates); without a connection
 * the browser posts the form as usual.
 */
function useSocketSubmit(live: Live, send: (form: HTMLFormElement, submitter: HTMLButtonElement | null) => Promise<string | null>) {
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    if (!live.connected) return;
    event.preventDefault();
    const form = event.currentTarget;
    setSending(true);
    const problem = await send(form, (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null);
    setSending(false);
    setError(problem);
    if (!problem) form.reset();
  }
  return { error, sending, onSubmit };
}

function CommentForm({ live, canHighlight, failed }: { live: Live; canHighlight: boolean; failed: Failure }) {
  const box = useRef<HTMLTextAreaElement>(null);
  const photo = useRef<HTMLInputElement>(null);
  const submit = useSocketSubmit(live, (_form, submitter) => live.send(box.current?.value ?? "", (submitter?.value as LiveKind) === "highlight" ? "highlight" : "comment"));
  const error = submit.error ?? (failed && !failed.fieldErrors.photo ? (failed.fieldErrors.body ?? failed.formError) : null);
  const photoError = failed?.fieldErrors.photo ?? null;
  return (
    <Form
      method="post"
      encType="multipart/form-data"
      onSubmit={(event) => {
        // A photo goes up with the page's form (the socket carries text only); the thread catches up after.
        if (photo.current?.files?.length) return;
        void submit.onSubmit(event);
      }}
      noValidate
      className="tpc-live-form"
    >
      <input type="hidden" name="intent" value="comment" />
      <FormGroup labelClassName="govuk-label--s" announce id="live-body" label="Your comment" hint={`Up to ${MAX_LIVE_COMMENT.toLocaleString("en-GB")} characters. Links, **bold** and _italic_ work.`} error={error}>
        {(describedBy) => <textarea ref={box} id="live-body" name="body" className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`} rows={3} defaultValue={failed?.values.body ?? ""} aria-describedby={describedBy} />}
      </FormGroup>
      <FormGroup labelClassName="govuk-label--s" announce id="live-photo" label="Photo (optional)" hint="A PNG, JPEG or WebP image up to 5 MB, such as a slide or the room." error={photoError}>
        {(describedBy) => <input ref={photo} id="live-photo" name="photo" type="file" accept="image/png,image/jpeg,image/webp" className={`govuk-file-upload${photoError ? " govuk-file-upload--error" : ""}`} aria-describedby={describedBy} />}
      </FormGroup>
      <div className="govuk-button-group">
        <button type="submit" name="kind" value="comment" className="govuk-button" disabled={submit.sending}>
          Post comment
        </button>
        {canHighlight ? (
          <button type="submit" name="kind" value="highlight" className="govuk-button govuk-button--secondary" disabled={submit.sending}>
            Post as highlight
          </button>
        ) : null}
      </div>
    </Form>
  );
}

const STATUS_TAG: Record<string, { text: string; tag: string }> = {
  asking: { text: "Being asked now", tag: "govuk-tag--blue" },
  answered: { text: "Answered", tag: "govuk-tag--green" },
  dismissed: { text: "Dismissed", tag: "govuk-tag--grey" },
};

function QuestionsPanel({ questions, live, sort, canAsk, canVote, canModerate, failed }: { questions: Item[]; live: Live; sort: "votes" | "newest"; canAsk: boolean; canVote: boolean; canModerate: boolean; failed: Failure }) {
  const box = useRef<HTMLTextAreaElement>(null);
  const anonymous = useRef<HTMLInputElement>(null);
  const submit = useSocketSubmit(live, () => live.send(box.current?.value ?? "", "question", !!anonymous.current?.checked));
  const askFailed = failed?.intent === "ask" ? failed : null;
  const error = submit.error ?? (askFailed ? (askFailed.fieldErrors.body ?? askFailed.formError) : null);
  const [actionError, setActionError] = useState<string | null>(null);
  const shownActionError = actionError ?? (failed && failed.intent !== "ask" ? failed.formError : null);
  const ordered = orderQuestions(questions, sort);
  const entry = (q: Item) => <QuestionEntry key={q.seq} q={q} live={live} canVote={canVote} canModerate={canModerate} onError={setActionError} />;
  return (
    <>
      <h2 className="govuk-heading-m" id="questions-heading">
        Ask the panel
      </h2>
      {canAsk ? (
        <Form method="post" onSubmit={submit.onSubmit} noValidate>
          <input type="hidden" name="intent" value="ask" />
          <FormGroup labelClassName="govuk-label--s" announce id="question-body" label="Your question" hint="Members vote for the questions they most want answered." error={error}>
            {(describedBy) => <textarea ref={box} id="question-body" name="body" className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`} rows={2} defaultValue={askFailed?.values.body ?? ""} aria-describedby={describedBy} />}
          </FormGroup>
          <div className="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-bottom-4" data-module="govuk-checkboxes">
            <div className="govuk-checkboxes__item">
              <input ref={anonymous} className="govuk-checkboxes__input" id="question-anonymous" name="anonymous" type="checkbox" defaultChecked={askFailed?.values.anonymous === "on"} aria-describedby="question-anonymous-hint" />
              <label className="govuk-label govuk-checkboxes__label" htmlFor="question-anonymous">
                Ask anonymously
              </label>
              <div id="question-anonymous-hint" className="govuk-hint govuk-checkboxes__hint">
                Other members will not see your name. Facilitators will.
              </div>
            </div>
          </div>
          <button type="submit" className="govuk-button govuk-button--secondary" disabled={submit.sending}>
            Ask question
          </button>
        </Form>
      ) : null}
      {shownActionError ? (
        <p className="govuk-error-message" role="alert">
          <span className="govuk-visually-hidden">Error:</span> {shownActionError}
        </p>
      ) : null}
      <p className="govuk-body-s">
        Sort:{" "}
        {sort === "votes" ? (
          <strong aria-current="true">most votes</strong>
        ) : (
          <Link className="govuk-link" to="?sort=votes#questions" replace preventScrollReset>
            most votes
          </Link>
        )}{" "}
        ·{" "}
        {sort === "newest" ? (
          <strong aria-current="true">newest</strong>
        ) : (
          <Link className="govuk-link" to="?sort=newest#questions" replace preventScrollReset>
            newest
          </Link>
        )}
      </p>
      {questions.length === 0 ? <p className="govuk-body">No questions yet.</p> : null}
      <ol className="tpc-live-list" aria-label="Questions">
        {ordered.asking.map(entry)}
        {ordered.queue.map(entry)}
      </ol>
      {ordered.answered.length ? (
        <>
          <h3 className="govuk-heading-s">Answered</h3>
          <ol className="tpc-live-list">{ordered.answered.map(entry)}</ol>
        </>
      ) : null}
      {canModerate && ordered.dismissed.length ? (
        <details className="govuk-details">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Dismissed ({ordered.dismissed.length})</span>
          </summary>
          <ol className="tpc-live-list govuk-details__text">{ordered.dismissed.map(entry)}</ol>
        </details>
      ) : null}
    </>
  );
}

function authorLine(item: Item) {
  if (item.author && item.anonymous) return item.mine ? "You (anonymous to other members)" : `${item.author.fullName} (anonymous to members)`;
  return item.author ? item.author.fullName : "Anonymous";
}

function QuestionEntry({ q, live, canVote, canModerate, onError }: { q: Item; live: Live; canVote: boolean; canModerate: boolean; onError: (e: string | null) => void }) {
  const voted = live.voted.has(q.seq);
  const votable = canVote && !q.mine && !q.hidden && (q.status === "open" || q.status === "asking") && live.state === "open";
  const status = q.status ? STATUS_TAG[q.status] : undefined;
  const act = (run: () => Promise<string | null>) => async (event: React.FormEvent<HTMLFormElement>) => {
    if (!live.connected) return; // no socket: the browser posts the form
    event.preventDefault();
    onError(await run());
  };
  return (
    <li className={`tpc-live-item tpc-question${q.status === "asking" ? " tpc-question--asking" : ""}`} id={`live-${q.seq}`}>
      <div className="tpc-question__votes">
        <span className="tpc-question__count">{q.voteCount}</span>
        <span className="tpc-muted"> {q.voteCount === 1 ? "vote" : "votes"}</span>
        {votable ? (
          <Form method="post" className="tpc-inline-form" onSubmit={act(() => live.vote(q.seq, !voted))}>
            <input type="hidden" name="intent" value="vote" />
            <input type="hidden" name="seq" value={q.seq} />
            <input type="hidden" name="up" value={voted ? "false" : "true"} />
            <button type="submit" className="govuk-button govuk-button--secondary tpc-small-button" aria-pressed={voted}>
              {voted ? "Voted" : "Vote"}
              <span className="govuk-visually-hidden"> for the question: {q.bodyHtml ? stripTags(q.bodyHtml).slice(0, 80) : ""}</span>
            </button>
          </Form>
        ) : null}
      </div>
      <div className="tpc-question__main">
        {status ? <strong className={`govuk-tag ${status.tag} govuk-!-margin-bottom-1`}>{status.text}</strong> : null}
        {q.bodyHtml ? <div className="govuk-body tpc-post__body govuk-!-margin-bottom-1" dangerouslySetInnerHTML={{ __html: q.bodyHtml }} /> : <p className="govuk-body tpc-removed govuk-!-margin-bottom-1">Hidden by a facilitator.</p>}
        <p className="govuk-body-s tpc-muted govuk-!-margin-bottom-1">
          {authorLine(q)} · <time dateTime={new Date(q.createdAt).toISOString()}>{formatTime(q.createdAt)}</time>
        </p>
        {canModerate ? (
          <div className="tpc-question__actions">
            {(["asking", "answered", "dismissed", "open"] as const)
              .filter((s) => s !== q.status)
              .map((s) => (
                <Form key={s} method="post" className="tpc-inline-form" onSubmit={act(() => live.setQuestionStatus(q.seq, s))}>
                  <input type="hidden" name="intent" value="status" />
                  <input type="hidden" name="seq" value={q.seq} />
                  <input type="hidden" name="status" value={s} />
                  <button type="submit" className="tpc-link-button">
                    {{ asking: "Ask now", answered: "Mark answered", dismissed: "Dismiss", open: "Back to the queue" }[s]}
                  </button>
                </Form>
              ))}
            <HideButton item={q} live={live} onError={onError} />
          </div>
        ) : null}
      </div>
    </li>
  );
}

function stripTags(html: string) {
  return html.replace(/<[^>]*>/g, "").replace(/&[a-z#0-9]+;/gi, " ");
}

function HideButton({ item, live, onError }: { item: Item; live: Live; onError?: (e: string | null) => void }) {
  return (
    <Form
      method="post"
      className="tpc-inline-form"
      onSubmit={async (event) => {
        if (!live.connected) return;
        event.preventDefault();
        const problem = await live.setHidden(item.seq, !item.hidden);
        onError?.(problem);
      }}
    >
      <input type="hidden" name="intent" value={item.hidden ? "unhide" : "hide"} />
      <input type="hidden" name="seq" value={item.seq} />
      <button type="submit" className="tpc-link-button">
        {item.hidden ? "Unhide" : "Hide"}
        <span className="govuk-visually-hidden"> message from {authorLine(item)}</span>
      </button>
    </Form>
  );
}

function LiveEntry({ item, live, canModerate }: { item: Item; live: Live; canModerate: boolean }) {
  return (
    <li className="tpc-live-item" id={`live-${item.seq}`}>
      <p className="govuk-body-s govuk-!-margin-bottom-1">
        {item.author ? (
          <a href={`/members/${item.author.handle}`} className="govuk-link govuk-!-font-weight-bold">
            {item.author.fullName}
          </a>
        ) : (
          <strong>Anonymous</strong>
        )}
        <span className="tpc-muted">
          {" "}
          {item.author ? `· ${item.author.organisation} ` : ""}· <time dateTime={new Date(item.createdAt).toISOString()}>{formatTime(item.createdAt)}</time>
        </span>
      </p>
      {item.bodyHtml ? <div className="govuk-body tpc-post__body govuk-!-margin-bottom-0" dangerouslySetInnerHTML={{ __html: item.bodyHtml }} /> : <p className="govuk-body tpc-removed govuk-!-margin-bottom-0">Hidden by a facilitator.</p>}
      {item.photoUrl ? (
        <a href={item.photoUrl} className="tpc-live-photo">
          <img src={item.photoUrl} alt={`Photo posted by ${item.author?.fullName ?? "a participant"}`} loading="lazy" />
        </a>
      ) : null}
      {canModerate ? <HideButton item={item} live={live} /> : null}
    </li>
  );
}

function FacilitatorTools({ data, live, failed }: { data: { reporters: { handle: string; fullName: string }[] }; live: Live; failed: Failure }) {
  const reporterFailed = failed?.intent === "reporter" ? failed : null;
  const error = reporterFailed ? (reporterFailed.fieldErrors.handle ?? reporterFailed.formError) : null;
  return (
    <div className="govuk-!-margin-bottom-6">
      <Form method="post" className="tpc-inline-form govuk-!-margin-bottom-4">
        <input type="hidden" name="intent" value={live.state === "open" ? "close" : "open"} />
        <button type="submit" className="govuk-button govuk-button--secondary tpc-small-button">
          {live.state === "open" ? "Close the live thread" : "Open the live thread now"}
        </button>
      </Form>
      <details className="govuk-details" open={!!reporterFailed}>
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Live reporters ({data.reporters.length})</span>
        </summary>
        <div className="govuk-details__text">
          <p className="govuk-body-s">Reporters can post highlights, like facilitators.</p>
          {data.reporters.length ? (
            <ul className="govuk-list">
              {data.reporters.map((r) => (
                <li key={r.handle}>
                  {r.fullName} (@{r.handle}){" "}
                  <Form method="post" className="tpc-inline-form">
                    <input type="hidden" name="intent" value="reporter" />
                    <input type="hidden" name="handle" value={r.handle} />
                    <input type="hidden" name="appointed" value="false" />
                    <button type="submit" className="tpc-link-button">
                      Stand down<span className="govuk-visually-hidden"> {r.fullName}</span>
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          ) : null}
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="reporter" />
            <FormGroup labelClassName="govuk-label--s" announce id="reporter-handle" label="Appoint a reporter" hint="Their handle, for example @maria.lopez" error={error}>
              {(describedBy) => <input id="reporter-handle" name="handle" className={`govuk-input govuk-input--width-20${error ? " govuk-input--error" : ""}`} defaultValue={reporterFailed?.values.handle ?? ""} aria-describedby={describedBy} autoComplete="off" spellCheck={false} />}
            </FormGroup>
            <button type="submit" className="govuk-button govuk-button--secondary tpc-small-button">
              Appoint reporter
            </button>
          </Form>
        </div>
      </details>
    </div>
  );
}
