import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { WatchButtons } from "~/components/watch-buttons";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatEventWhen, formatTime, plural } from "~/lib/format";
import { Radios } from "~/components/form";
import { attempt, load } from "~/lib/use-case.server";
import { useRootData } from "~/root";
import { Breadcrumbs } from "~/components/breadcrumbs";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.event.title ?? "Event"} – Total Place Community` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const eventId = Number.parseInt(params.eventRef ?? "", 10);
  const data = await load(request, () => context.services.events.getEvent(context.caller, { eventId }));
  const canonical = `/events/${data.event.id}-${data.event.slug}`;
  if (`/events/${params.eventRef}` !== canonical) throw redirect(canonical);
  const watch = await context.services.notifications.watchState(context.caller, { targetType: "event", targetId: data.event.id });
  return json({ ...data, canonical, watch });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const eventId = String(Number.parseInt(params.eventRef ?? "", 10));
  if (form.get("intent") === "event-space") {
    const space = await attempt(request, form, () => context.services.events.openEventSpace(context.caller, { eventId }));
    if (space.ok) return redirect(space.data.url);
    return json(space, { status: 422 });
  }
  const result = await attempt(request, form, () => context.services.events.rsvp(context.caller, { eventId, status: form.get("status") }));
  return json(result, { status: result.ok ? 200 : 422 });
}

const STATUS_TEXT: Record<string, string> = {
  going: "You are going.",
  maybe: "You might go.",
  not_going: "You said you can't go.",
  waiting: "The event is full: you are on the waiting list.",
};

export default function EventPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { me } = useRootData();
  const { event } = d;
  const speakers = event.speakers.split("\n").map((s) => s.trim()).filter(Boolean);
  return (
    <>
      <Breadcrumbs trail={[[d.isPast ? "Past events" : "Events", d.isPast ? "/events?when=past" : "/events"]]} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{d.isPast ? "Past event" : "Event"}</span>
          <h1 className="govuk-heading-xl">{event.title}</h1>
          <p className="govuk-body-l">{event.summary}</p>
          {me ? <WatchButtons targetType="event" targetId={event.id} state={d.watch} noun="event" /> : null}
          <dl className="govuk-summary-list">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">When</dt>
              <dd className="govuk-summary-list__value">{formatEventWhen(event.startsAt, event.endsAt)}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Where</dt>
              <dd className="govuk-summary-list__value">
                {event.format === "online" ? (
                  <>
                    Online
                    {d.myRsvp === "going" && event.onlineUrl ? (
                      <>
                        {" – "}
                        <a href={event.onlineUrl} className="govuk-link" rel="noopener noreferrer">
                          join the event
                        </a>
                      </>
                    ) : (
                      <> (the joining link shows here once you say you are going)</>
                    )}
                  </>
                ) : (
                  <>
                    {event.venue}
                    {event.address ? <span className="tpc-pre-line">{`\n${event.address}`}</span> : null}
                  </>
                )}
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Places</dt>
              <dd className="govuk-summary-list__value">
                {plural(d.going, "person going", "people going")}
                {d.maybe ? `, ${d.maybe} maybe` : ""}
                {d.placesLeft != null ? ` · ${plural(d.placesLeft, "place", "places")} left` : ""}
                {d.waiting ? ` · ${d.waiting} on the waiting list` : ""}
              </dd>
            </div>
          </dl>
          <p className="govuk-body">
            <a href={`${d.canonical}/calendar.ics`} className="govuk-link">
              Add to your calendar (.ics)
            </a>
            {d.canEdit ? (
              <>
                {" · "}
                <Link to={`/events/${event.id}/edit`} className="govuk-link">
                  Edit event
                </Link>
              </>
            ) : null}
          </p>

          {d.canRsvp ? (
            <Form method="post" className="tpc-rsvp">
              <Radios
                name="status"
                legend="Are you going?"
                size="m"
                inline
                options={[["going", "Going"], ["maybe", "Maybe"], ["not_going", "Can't go"]]}
                checked={d.myRsvp === "waiting" ? "going" : d.myRsvp}
                error={result && !result.ok ? (result.fieldErrors.status ?? result.formError) : undefined}
              >
                <p className="govuk-body" role="status">
                  {d.myRsvp ? STATUS_TEXT[d.myRsvp] : null}
                  {d.waitingPosition ? ` You are number ${d.waitingPosition} in the queue; we will give you a place if one comes free.` : null}
                </p>
              </Radios>
              <button type="submit" className="govuk-button">
                Save reply
              </button>
            </Form>
          ) : !me && !d.isPast ? (
            <p className="govuk-body">
              <Link to={`/sign-in?next=${encodeURIComponent(d.canonical)}`} className="govuk-link">
                Sign in to say whether you are going
              </Link>
            </p>
          ) : null}

          <div className={`govuk-inset-text${d.liveState === "open" ? " tpc-live-now" : ""}`}>
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">Live thread</h2>
            <p className="govuk-body govuk-!-margin-bottom-0">
              {d.liveState === "open" ? "Happening now: comment and follow the highlights. " : d.liveState === "closed" ? "The live thread from the day, kept as an archive. " : "Opens when the event starts. "}
              <Link to={`${d.canonical}/live`} className="govuk-link">
                {d.liveState === "open" ? "Join the live thread" : d.liveState === "closed" ? `Read the live thread (${plural(d.liveCount, "message")})` : "See the live thread"}
              </Link>
            </p>
          </div>

          <div className="govuk-inset-text">
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">Event space</h2>
            {d.eventSpace ? (
              <p className="govuk-body govuk-!-margin-bottom-0">
                Reflections, slides and follow-ups, open before and after the day.{" "}
                <Link to={d.eventSpace.url} className="govuk-link">
                  Join the discussion ({plural(d.eventSpace.postCount, "post")})
                </Link>
              </p>
            ) : d.canStartEventSpace ? (
              <Form method="post" className="tpc-inline-form">
                <input type="hidden" name="intent" value="event-space" />
                <p className="govuk-body govuk-!-margin-bottom-1">There is no discussion for this event yet.</p>
                <button type="submit" className="govuk-button govuk-button--secondary tpc-small-button govuk-!-margin-bottom-0">
                  Start the event space
                </button>
              </Form>
            ) : (
              <p className="govuk-body govuk-!-margin-bottom-0">Sign in to start the discussion for this event.</p>
            )}
          </div>

          <h2 className="govuk-heading-m">About this event</h2>
          <div className="govuk-body tpc-post__body" dangerouslySetInnerHTML={{ __html: event.descriptionHtml }} />

          {event.agenda.length ? (
            <>
              <h2 className="govuk-heading-m">Agenda</h2>
              <table className="govuk-table">
                <caption className="govuk-visually-hidden">Agenda, UK time</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">
                      Time
                    </th>
                    <th scope="col" className="govuk-table__header">
                      Session
                    </th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {event.agenda.map((a) => (
                    <tr className="govuk-table__row" key={a.id}>
                      <td className="govuk-table__cell">{formatTime(a.startsAt)}</td>
                      <td className="govuk-table__cell">{a.title}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </div>
        <div className="govuk-grid-column-one-third">
          {speakers.length ? (
            <>
              <h2 className="govuk-heading-s">Speakers</h2>
              <ul className="govuk-list govuk-body-s">
                {speakers.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </>
          ) : null}
          {event.themes.length || event.places.length ? (
            <>
              <h2 className="govuk-heading-s">Themes and places</h2>
              <ul className="govuk-list govuk-body-s">
                {[...event.themes, ...event.places].map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ul>
            </>
          ) : null}
          {d.attendees.length ? (
            <>
              <h2 className="govuk-heading-s">Who is going</h2>
              <ul className="govuk-list govuk-body-s">
                {d.attendees.map((a) => (
                  <li key={a.handle}>
                    <Link to={`/members/${a.handle}`} className="govuk-link">
                      {a.fullName}
                    </Link>
                    <span className="tpc-muted">, {a.organisation}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      </div>
    </>
  );
}
