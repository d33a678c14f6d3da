import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { orderQuestions } from "~/lib/live-questions";
import { useLiveThread } from "~/lib/use-live-thread";
import { load } from "~/lib/use-case.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Panel questions: ${data?.event.title ?? "Event"} – Total Place Community` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const eventId = Number.parseInt(params.eventRef ?? "", 10);
  const data = await load(request, () => context.services.live.getLiveThread(context.caller, { eventId }));
  const liveUrl = `/events/${data.event.id}-${data.event.slug}/live`;
  if (`/events/${params.eventRef}/live/panel` !== `${liveUrl}/panel`) throw redirect(`${liveUrl}/panel`);
  // The projector shows questions only; it never needs comments or the names behind anonymous questions.
  return json({ event: data.event, state: data.state, lastSeq: data.lastSeq, items: data.items.filter((i) => i.kind === "question").map((i) => (i.anonymous ? { ...i, author: null } : i)), liveUrl });
}

/** Anonymous questions stay anonymous on the big screen, whoever's laptop drives it. */
const askedBy = (q: { anonymous: boolean; author: { fullName: string; organisation: string } | null }) => (q.anonymous || !q.author ? "Anonymous" : `${q.author.fullName}, ${q.author.organisation}`);

/** Full-screen view for the projector: the question being asked now and the top of the queue, live. */
export default function PanelView() {
  const data = useLoaderData<typeof loader>();
  const live = useLiveThread(data.event.id, data);
  const questions = live.items.filter((i) => i.kind === "question" && !i.hidden);
  const { asking, queue } = orderQuestions(questions, "votes");
  const current = asking[0] ?? null;
  const panel = useRef<HTMLDivElement>(null);
  const [canFullScreen, setCanFullScreen] = useState(false);
  useEffect(() => setCanFullScreen(!!document.fullscreenEnabled), []);
  return (
    <div className="tpc-panel" ref={panel}>
      <div className="tpc-panel__bar">
        <p className="tpc-panel__title">{data.event.title} · Questions for the panel</p>
        <p className="tpc-panel__controls">
          <span className="tpc-panel__status" role="status">
            {live.connected ? "Live" : "Reconnecting…"}
            {live.watching !== null ? ` · ${live.watching.toLocaleString("en-GB")} watching` : ""}
          </span>
          {canFullScreen ? (
            <button type="button" className="tpc-panel__button" onClick={() => void panel.current?.requestFullscreen()}>
              Full screen
            </button>
          ) : null}
          <Link to={data.liveUrl} className="tpc-panel__link">
            Back to the live thread
          </Link>
        </p>
      </div>
      <section aria-labelledby="panel-now" className="tpc-panel__now">
        <h1 id="panel-now" className="tpc-panel__label">
          Now
        </h1>
        {current ? (
          <>
            <div className="tpc-panel__question" dangerouslySetInnerHTML={{ __html: current.bodyHtml ?? "" }} />
            <p className="tpc-panel__meta">
              {askedBy(current)} · {current.voteCount} {current.voteCount === 1 ? "vote" : "votes"}
            </p>
          </>
        ) : (
          <p className="tpc-panel__question tpc-panel__question--none">The next question will appear here.</p>
        )}
      </section>
      <section aria-labelledby="panel-next" className="tpc-panel__queue">
        <h2 id="panel-next" className="tpc-panel__label">
          Up next, by votes
        </h2>
        {queue.length === 0 ? <p className="tpc-panel__meta">No questions waiting.</p> : null}
        <ol className="tpc-panel__list">
          {queue.slice(0, 5).map((q) => (
            <li key={q.seq} className="tpc-panel__item">
              <span className="tpc-panel__votes">{q.voteCount}</span>
              <span>
                <span dangerouslySetInnerHTML={{ __html: q.bodyHtml ?? "" }} />
                <span className="tpc-panel__meta"> — {askedBy(q)}</span>
              </span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
