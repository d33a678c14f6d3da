import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useRef, useState } from "react";
import { formatTime, plural } from "~/lib/format";
import { useLiveThread } from "~/lib/use-live-thread";
import { attempt, load } from "~/lib/use-case.server";
import { MAX_LIVE_COMMENT } from "../../server/modules/live/live.schema";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Live: ${data?.event.title ?? "Event"} – Total Place Community` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const eventId = Number.parseInt(params.eventRef ?? "", 10);
  const data = await load(request, () => context.services.live.getLiveThread(context.caller, { eventId }));
  const canonical = `/events/${data.event.id}-${data.event.slug}/live`;
  if (`/events/${params.eventRef}/live` !== canonical) throw redirect(canonical);
  return json({ ...data, canonical });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const eventId = String(Number.parseInt(params.eventRef ?? "", 10));
  const intent = String(form.get("intent") ?? "comment");
  if (intent === "hide" || intent === "unhide") {
    const r = await attempt(request, form, () => context.services.live.setHidden(context.caller, { eventId, seq: form.get("seq"), hidden: intent === "hide" }));
    return r.ok ? redirect(new URL(request.url).pathname) : json(r, { status: 422 });
  }
  if (intent === "open" || intent === "close") {
    const r = await attempt(request, form, () => context.services.live.setState(context.caller, { eventId, action: intent }));
    return r.ok ? redirect(new URL(request.url).pathname) : json(r, { status: 422 });
  }
  // Without JavaScript each post is its own message: the server picks the client id.
  const clientId = String(form.get("clientId") || crypto.randomUUID());
  const r = await attempt(request, form, () => context.services.live.post(context.caller, { eventId, clientId, body: form.get("body"), kind: form.get("kind") || "comment" }));
  return r.ok ? redirect(new URL(request.url).pathname) : json(r, { status: 422 });
}

const STATE_TEXT: Record<string, string> = {
  open: "Live now",
  scheduled: "Opens when the event starts",
  closed: "Closed – this is the archive",
};

export default function LiveThread() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const live = useLiveThread(data.event.id, data);
  const [sendError, setSendError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const boxRef = useRef<HTMLTextAreaElement>(null);
  // Hidden messages vanish for members; facilitators keep a placeholder to restore them.
  const shown = live.items.filter((i) => !i.hidden || data.canOpenClose);
  const highlights = shown.filter((i) => i.kind === "highlight").reverse();
  const comments = shown.filter((i) => i.kind === "comment").reverse();
  const error = sendError ?? (failure && !failure.ok ? (failure.fieldErrors.body ?? failure.formError) : null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    const form = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    if (!live.connected) return; // no socket: let the browser post the form
    event.preventDefault();
    const body = boxRef.current?.value ?? "";
    setSending(true);
    const problem = await live.send(body, submitter?.value === "highlight" ? "highlight" : "comment");
    setSending(false);
    setSendError(problem);
    if (!problem) form.reset();
  }

  const canPost = data.canPost && live.state === "open";
  return (
    <>
      <nav className="govuk-breadcrumbs" aria-label="Breadcrumb">
        <ol className="govuk-breadcrumbs__list">
          <li className="govuk-breadcrumbs__list-item">
            <Link className="govuk-breadcrumbs__link" to="/events">
              Events
            </Link>
          </li>
          <li className="govuk-breadcrumbs__list-item">
            <Link className="govuk-breadcrumbs__link" to={`/events/${data.event.id}-${data.event.slug}`}>
              {data.event.title}
            </Link>
          </li>
        </ol>
      </nav>
      <span className="govuk-caption-l">Live thread</span>
      <h1 className="govuk-heading-l">{data.event.title}</h1>
      <p className="govuk-body">
        <strong className={`govuk-tag ${live.state === "open" ? "govuk-tag--green" : "govuk-tag--grey"}`}>{STATE_TEXT[live.state] ?? live.state}</strong>{" "}
        <span className="tpc-muted" role="status">
          {plural(comments.length, "comment")}
          {live.state === "open" ? (live.connected ? " · updating live" : " · reconnecting…") : ""}
        </span>
      </p>

      {data.canOpenClose ? (
        <Form method="post" className="tpc-inline-form govuk-!-margin-bottom-4">
          <input type="hidden" name="intent" value={live.state === "open" ? "close" : "open"} />
          <button type="submit" className="govuk-button govuk-button--secondary tpc-small-button">
            {live.state === "open" ? "Close the live thread" : "Open the live thread now"}
          </button>
        </Form>
      ) : null}

      {canPost ? (
        <Form method="post" onSubmit={onSubmit} noValidate className="tpc-live-form">
          <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
            <label className="govuk-label govuk-label--s" htmlFor="live-body">
              Your comment
            </label>
            <div id="live-body-hint" className="govuk-hint">
              Up to {MAX_LIVE_COMMENT.toLocaleString("en-GB")} characters. Links, **bold** and _italic_ work.
            </div>
            {error ? (
              <p id="live-body-error" className="govuk-error-message" role="alert">
                <span className="govuk-visually-hidden">Error:</span> {error}
              </p>
            ) : null}
            <textarea ref={boxRef} id="live-body" name="body" className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`} rows={3} defaultValue={failure && !failure.ok ? failure.values.body : ""} aria-describedby={`live-body-hint${error ? " live-body-error" : ""}`} />
          </div>
          <div className="govuk-button-group">
            <button type="submit" name="kind" value="comment" className="govuk-button" disabled={sending}>
              Post comment
            </button>
            {data.canHighlight ? (
              <button type="submit" name="kind" value="highlight" className="govuk-button govuk-button--secondary" disabled={sending}>
                Post as highlight
              </button>
            ) : null}
          </div>
        </Form>
      ) : live.state === "open" && !data.canPost ? (
        <p className="govuk-body">
          <Link to={`/sign-in?next=${encodeURIComponent(data.canonical)}`} className="govuk-link">
            Sign in to comment
          </Link>
        </p>
      ) : null}

      {highlights.length ? (
        <section aria-labelledby="highlights-heading" className="tpc-highlights">
          <h2 className="govuk-heading-m" id="highlights-heading">
            Highlights
          </h2>
          <ol className="tpc-live-list" reversed>
            {highlights.map((i) => (
              <LiveEntry key={i.seq} item={i} canModerate={data.canOpenClose} />
            ))}
          </ol>
        </section>
      ) : null}

      <section aria-labelledby="comments-heading">
        <h2 className="govuk-heading-m" id="comments-heading">
          Comments, newest first
        </h2>
        {comments.length === 0 ? <p className="govuk-body">No comments yet.</p> : null}
        <ol className="tpc-live-list" reversed aria-live="polite" aria-relevant="additions">
          {comments.map((i) => (
            <LiveEntry key={i.seq} item={i} canModerate={data.canOpenClose} />
          ))}
        </ol>
      </section>
    </>
  );
}

function LiveEntry({ item, canModerate }: { item: ReturnType<typeof useLiveThread>["items"][number]; canModerate: boolean }) {
  return (
    <li className="tpc-live-item" id={`live-${item.seq}`}>
      <p className="govuk-body-s govuk-!-margin-bottom-1">
        <a href={`/members/${item.author.handle}`} className="govuk-link govuk-!-font-weight-bold">
          {item.author.fullName}
        </a>
        <span className="tpc-muted">
          {" "}
          · {item.author.organisation} · <time dateTime={new Date(item.createdAt).toISOString()}>{formatTime(item.createdAt)}</time>
        </span>
      </p>
      {item.bodyHtml ? <div className="govuk-body tpc-post__body govuk-!-margin-bottom-0" dangerouslySetInnerHTML={{ __html: item.bodyHtml }} /> : <p className="govuk-body tpc-removed govuk-!-margin-bottom-0">Hidden by a facilitator.</p>}
      {canModerate ? (
        <Form method="post" className="tpc-inline-form">
          <input type="hidden" name="intent" value={item.hidden ? "unhide" : "hide"} />
          <input type="hidden" name="seq" value={item.seq} />
          <button type="submit" className="tpc-link-button">
            {item.hidden ? "Unhide" : "Hide"}
            <span className="govuk-visually-hidden"> message from {item.author.fullName}</span>
          </button>
        </Form>
      ) : null}
    </li>
  );
}
