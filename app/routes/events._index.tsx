import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { formatEventWhen, plural } from "~/lib/format";
import { useRootData } from "~/root";

export const meta: MetaFunction = () => [
  { title: "Events – Total Place Community" },
  // Feed autodiscovery (feeds: server/modules/feeds).
  { tagName: "link", rel: "alternate", type: "application/atom+xml", title: "Upcoming events (Atom)", href: "/events/feed.xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const when = url.searchParams.get("when") === "past" ? "past" : "upcoming";
  const page = Number(url.searchParams.get("page") ?? "1") || 1;
  return json(await context.services.events.listEvents(context.caller, { when, page }));
}

export default function Events() {
  const { events, when, page, pageCount } = useLoaderData<typeof loader>();
  const { me } = useRootData();
  return (
    <>
      <h1 className="govuk-heading-xl">Events</h1>
      <p className="govuk-body">Summits, members' events, learning workshops and seminars across the Total Place community.</p>
      <div className="tpc-actions">
        {me && me.role !== "member" ? (
          <Link to="/events/new" className="govuk-button govuk-button--secondary">
            Create an event
          </Link>
        ) : null}
        <p className="govuk-body">
          <a href="/events/calendar.ics" className="govuk-link">
            Subscribe to the events calendar
          </a>{" "}
          (add this address to Outlook, Google or Apple Calendar)
        </p>
      </div>
      <nav className="tpc-tabs" aria-label="Which events">
        <ul className="govuk-list tpc-tabs__list">
          <li>
            <Link to="/events" className="govuk-link" aria-current={when === "upcoming" ? "page" : undefined}>
              Upcoming
            </Link>
          </li>
          <li>
            <Link to="/events?when=past" className="govuk-link" aria-current={when === "past" ? "page" : undefined}>
              Past
            </Link>
          </li>
        </ul>
      </nav>
      <h2 className="govuk-heading-m">{when === "upcoming" ? "Upcoming events" : "Past events"}</h2>
      {events.length === 0 ? <p className="govuk-body">No {when} events.</p> : null}
      <ul className="govuk-list tpc-thread-list">
        {events.map((e) => (
          <li key={e.id} className="tpc-thread-list__item">
            <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
              {e.cancelledAt ? <strong className="govuk-tag govuk-tag--red tpc-tag">Cancelled</strong> : null}
              <Link to={`/events/${e.id}-${e.slug}`} className="govuk-link">
                {e.title}
              </Link>
            </h3>
            <p className="govuk-body-s govuk-!-margin-bottom-1">{formatEventWhen(e.startsAt, e.endsAt)}</p>
            <p className="govuk-body-s govuk-!-margin-bottom-0 tpc-muted">
              {e.format === "online" ? "Online" : e.venue} · {plural(e.goingCount, "person going", "people going")}
              {e.capacity ? ` of ${e.capacity} places` : ""}
            </p>
          </li>
        ))}
      </ul>
      <Pagination page={page} pageCount={pageCount} href={(p) => `/events?when=${when}&page=${p}`} label="Event pages" />
    </>
  );
}
