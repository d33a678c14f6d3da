import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { WatchButtons } from "~/components/watch-buttons";
import { Pagination } from "~/components/pagination";
import { formatDateTime, plural } from "~/lib/format";
import { load } from "~/lib/use-case.server";
import { useRootData } from "~/root";
import { Breadcrumbs } from "~/components/breadcrumbs";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.forum.name ?? "Forum"} – Total Place Community` },
  // Feed autodiscovery (feeds: server/modules/feeds).
  ...(data ? [{ tagName: "link", rel: "alternate", type: "application/atom+xml", title: `${data.forum.name} (Atom)`, href: `/forums/${data.forum.slug}/feed.xml` }] : []),
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const page = Number(new URL(request.url).searchParams.get("page") ?? "1") || 1;
  const data = await load(request, () => context.services.forums.getForum(context.caller, { slug: params.forumSlug ?? "", page }));
  const watch = await context.services.notifications.watchState(context.caller, { targetType: "forum", targetId: data.forum.id });
  return json({ ...data, watch });
}

export default function ForumPage() {
  const { forum, threads, page, pageCount, total, watch } = useLoaderData<typeof loader>();
  const { me } = useRootData();
  return (
    <>
      <Breadcrumbs trail={[["Forums", "/forums"]]} />
      <span className="govuk-caption-l">{forum.kind === "place" ? "Pilot place" : "Theme"}</span>
      <h1 className="govuk-heading-xl">{forum.name}</h1>
      <p className="govuk-body-l">{forum.description}</p>
      {me ? <WatchButtons targetType="forum" targetId={forum.id} state={watch} noun="forum" /> : null}
      <div className="tpc-actions">
        {me ? (
          <Link to={`/forums/${forum.slug}/new`} className="govuk-button">
            Start a new thread
          </Link>
        ) : (
          <p className="govuk-body">
            <Link to={`/sign-in?next=/forums/${forum.slug}/new`} className="govuk-link">
              Sign in to start a thread
            </Link>
          </p>
        )}
        {me && me.role !== "member" ? (
          <Link to={`/forums/${forum.slug}/edit`} className="govuk-button govuk-button--secondary">
            Edit forum
          </Link>
        ) : null}
      </div>
      <h2 className="govuk-heading-m">{plural(total, "thread")}</h2>
      {threads.length === 0 ? <p className="govuk-body">No threads yet. Start the first one.</p> : null}
      <ul className="govuk-list tpc-thread-list">
        {threads.map((t) => (
          <li key={t.id} className="tpc-thread-list__item">
            <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
              {t.pinned ? <strong className="govuk-tag govuk-tag--blue tpc-tag">Pinned</strong> : null}
              {t.locked ? <strong className="govuk-tag govuk-tag--grey tpc-tag">Locked</strong> : null}
              {t.hidden ? <strong className="govuk-tag govuk-tag--red tpc-tag">Hidden</strong> : null}
              <Link to={`/forums/${forum.slug}/t/${t.id}-${t.slug}`} className="govuk-link">
                {t.title}
              </Link>
            </h3>
            <p className="govuk-body-s govuk-!-margin-bottom-0 tpc-muted">
              Started by {t.author.fullName} · {plural(t.replyCount, "reply", "replies")} · last activity {formatDateTime(t.lastPostAt)}
              {t.lastPost && t.replyCount > 0 ? (
                <>
                  {" "}
                  by {t.lastPost.author.fullName} ·{" "}
                  <Link to={`/p/${t.lastPostId}`} className="govuk-link">
                    latest reply<span className="govuk-visually-hidden"> in {t.title}</span>
                  </Link>
                </>
              ) : null}
            </p>
          </li>
        ))}
      </ul>
      <Pagination page={page} pageCount={pageCount} href={(p) => `/forums/${forum.slug}?page=${p}`} label="Thread pages" />
    </>
  );
}
