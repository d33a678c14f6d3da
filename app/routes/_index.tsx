import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate, formatDateTime, formatEventWhen, plural } from "~/lib/format";
import { useRootData } from "~/root";

export const meta: MetaFunction = () => [
  { title: "Total Place Community" },
  { name: "description", content: "A community of practice for people who run and reform local public services." },
  { tagName: "link", rel: "alternate", type: "application/atom+xml", title: "Community news (Atom)", href: "/news/feed.xml" },
];

export async function loader({ context }: LoaderFunctionArgs) {
  const { forums, home } = context.services;
  const [data, groups] = await Promise.all([home.getHome(context.caller), forums.listForums(context.caller)]);
  return json({ ...data, groups });
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["activity"][number];

const KIND_LABEL: Record<string, string> = { thread: "New discussion", reply: "Reply", blog: "Blog post", news: "News", event: "New event", document: "Library" };

/** "over 40 members" once there are enough to round; the exact number below that. */
function membersText(n: number) {
  return n >= 20 ? `over ${Math.floor((n - 1) / 10) * 10} members` : plural(n, "member");
}

export default function Home() {
  const { activity, upcomingEvents, weeklyUpdate, memberCount, sinceLastVisit, groups } = useLoaderData<typeof loader>();
  const { me } = useRootData();
  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-xl">Total Place Community</h1>
          <p className="govuk-body-l">
            Where practitioners from the Total Place pilots and beyond share what they are learning about whole-area working: counting public spend, customer insight, place-based budgets and more.
          </p>
          <p className="govuk-body" data-testid="member-count">
            Join {membersText(memberCount)} from councils, health, police and the voluntary sector.
          </p>
          {me ? null : (
            <p className="govuk-body">
              <Link to="/sign-up" className="govuk-button govuk-!-margin-right-2">
                Join the community
              </Link>
              <Link to="/sign-in" className="govuk-link">
                Sign in
              </Link>
            </p>
          )}
        </div>
      </div>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {me && sinceLastVisit ? (
            <section aria-labelledby="since-heading" className="tpc-since">
              <h2 className="govuk-heading-m" id="since-heading">
                Since your last visit
              </h2>
              <p className="govuk-body-s tpc-muted">New since {formatDateTime(sinceLastVisit.since)}.</p>
              {sinceLastVisit.items.length ? <ActivityList items={sinceLastVisit.items} /> : <p className="govuk-body">Nothing new yet.</p>}
            </section>
          ) : null}
          {weeklyUpdate ? (
            <section aria-labelledby="weekly-heading" className="govuk-inset-text tpc-weekly">
              <span className="govuk-caption-m">Latest weekly update · {weeklyUpdate.publishedAt ? formatDate(weeklyUpdate.publishedAt) : ""}</span>
              <h2 className="govuk-heading-m" id="weekly-heading">
                <Link to={weeklyUpdate.url} className="govuk-link">
                  {weeklyUpdate.title}
                </Link>
              </h2>
              {weeklyUpdate.highlights.length ? (
                <ul className="govuk-list govuk-list--bullet">
                  {weeklyUpdate.highlights.map((h, i) => (
                    <li key={i}>{h}</li>
                  ))}
                </ul>
              ) : null}
              <p className="govuk-body-s govuk-!-margin-bottom-0">
                <Link to="/news" className="govuk-link">
                  All weekly updates
                </Link>
              </p>
            </section>
          ) : null}
          <h2 className="govuk-heading-m">What&apos;s new</h2>
          <ActivityList items={activity} />
          <p className="govuk-body">
            <Link to="/forums" className="govuk-link">
              See all forums
            </Link>{" "}
            ·{" "}
            <Link to="/blogs" className="govuk-link">
              Read the blogs
            </Link>
          </p>
        </div>
        <div className="govuk-grid-column-one-third">
          <section aria-labelledby="upcoming-heading" className="tpc-side-nav">
            <h2 className="govuk-heading-s" id="upcoming-heading">
              Upcoming events
            </h2>
            {upcomingEvents.length ? (
              <ul className="govuk-list govuk-body-s">
                {upcomingEvents.map((e) => (
                  <li key={e.id}>
                    <Link to={`/events/${e.id}-${e.slug}`} className="govuk-link">
                      {e.title}
                    </Link>
                    <br />
                    <span className="tpc-muted">{formatEventWhen(e.startsAt, e.endsAt)}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="govuk-body-s">No events planned yet.</p>
            )}
            <p className="govuk-body-s">
              <Link to="/events" className="govuk-link">
                All events
              </Link>
            </p>
          </section>
          <ForumNav id="themes-heading" title="Themes" forums={groups.themes} />
          <ForumNav id="places-heading" title="Pilot places" forums={groups.places} />
        </div>
      </div>
    </>
  );
}

function ActivityList({ items }: { items: Item[] }) {
  return (
    <ul className="govuk-list tpc-thread-list">
      {items.map((item, i) => (
        <li key={`${item.url}-${i}`} className="tpc-thread-list__item">
          <p className="govuk-body-s govuk-!-margin-bottom-1 tpc-muted">
            {KIND_LABEL[item.kind] ?? item.kind}
            {item.where ? ` · ${item.where}` : ""}
          </p>
          <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
            <Link to={item.url} className="govuk-link">
              {item.kind === "reply" ? `Re: ${item.title}` : item.title}
            </Link>
          </h3>
          <p className="govuk-body-s govuk-!-margin-bottom-0 tpc-muted">
            {item.who ? `${item.who} · ` : ""}
            {formatDateTime(item.at)}
          </p>
        </li>
      ))}
    </ul>
  );
}

function ForumNav({ id, title, forums }: { id: string; title: string; forums: { slug: string; name: string; threadCount: number }[] }) {
  return (
    <nav aria-labelledby={id} className="tpc-side-nav">
      <h2 className="govuk-heading-s" id={id}>
        {title}
      </h2>
      <ul className="govuk-list govuk-body-s">
        {forums.map((f) => (
          <li key={f.slug}>
            <Link to={`/forums/${f.slug}`} className="govuk-link">
              {f.name}
            </Link>{" "}
            <span className="tpc-muted">
              ({f.threadCount}
              <span className="govuk-visually-hidden"> threads</span>)
            </span>
          </li>
        ))}
      </ul>
    </nav>
  );
}
