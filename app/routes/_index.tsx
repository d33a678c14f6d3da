import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime, plural } from "~/lib/format";
import { useRootData } from "~/root";

export const meta: MetaFunction = () => [
  { title: "Total Place Community" },
  { name: "description", content: "A community of practice for people who run and reform local public services." },
];

export async function loader({ context }: LoaderFunctionArgs) {
  const { forums } = context.services;
  const [latest, groups] = await Promise.all([forums.latestThreads(context.caller, { limit: 12 }), forums.listForums(context.caller)]);
  return json({ latest, groups });
}

export default function Home() {
  const { latest, groups } = useLoaderData<typeof loader>();
  const { me } = useRootData();
  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-xl">Total Place Community</h1>
          <p className="govuk-body-l">
            Where practitioners from the Total Place pilots and beyond share what they are learning about whole-area working: counting public spend, customer insight, place-based budgets and more.
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
          <h2 className="govuk-heading-m">Latest discussions</h2>
          <ul className="govuk-list tpc-thread-list">
            {latest.map((t) => (
              <li key={t.id} className="tpc-thread-list__item">
                <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
                  <Link to={`/forums/${t.forum.slug}/t/${t.id}-${t.slug}`} className="govuk-link">
                    {t.title}
                  </Link>
                </h3>
                <p className="govuk-body-s govuk-!-margin-bottom-0 tpc-muted">
                  in{" "}
                  <Link to={`/forums/${t.forum.slug}`} className="govuk-link govuk-link--muted">
                    {t.forum.name}
                  </Link>{" "}
                  · {plural(t.replyCount, "reply", "replies")} · last activity {formatDateTime(t.lastPostAt)}
                </p>
              </li>
            ))}
          </ul>
          <p className="govuk-body">
            <Link to="/forums" className="govuk-link">
              See all forums
            </Link>
          </p>
        </div>
        <div className="govuk-grid-column-one-third">
          <ForumNav id="themes-heading" title="Themes" forums={groups.themes} />
          <ForumNav id="places-heading" title="Pilot places" forums={groups.places} />
        </div>
      </div>
    </>
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
