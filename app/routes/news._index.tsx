import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BlogPostList } from "~/components/blog-post-list";
import { Pagination } from "~/components/pagination";
import { WatchButtons } from "~/components/watch-buttons";
import { useRootData } from "~/root";

export const meta: MetaFunction = () => [
  { title: "News and the weekly update – Total Place Community" },
  { tagName: "link", rel: "alternate", type: "application/atom+xml", title: "Community news (Atom)", href: "/news/feed.xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const page = Number(new URL(request.url).searchParams.get("page") ?? "1") || 1;
  return json(await context.services.blogs.newsList(context.caller, { page }));
}

export default function News() {
  const { posts, unpublished, page, pageCount, canWrite, watch, watchKey } = useLoaderData<typeof loader>();
  const { me } = useRootData();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">News</h1>
        <p className="govuk-body-l">The facilitators&apos; weekly update: what is new across the community, the pilots and the programme.</p>
        <p className="govuk-body">
          <a href="/news/feed.xml" className="govuk-link">
            Follow the news with its Atom feed
          </a>
        </p>
        {me ? <WatchButtons targetType="blog" targetId={watchKey} state={watch} noun="news blog" /> : null}
        {canWrite ? (
          <>
            <p className="govuk-body">
              <Link to="/blogs/write?blog=news" className="govuk-button">
                Write a news post
              </Link>
            </p>
            {unpublished.length ? (
              <>
                <h2 className="govuk-heading-m">Drafts and scheduled news</h2>
                <BlogPostList posts={unpublished} />
              </>
            ) : null}
          </>
        ) : null}
        <h2 className="govuk-heading-m">Latest issues</h2>
        <BlogPostList posts={posts} />
        <Pagination page={page} pageCount={pageCount} href={(p) => `/news?page=${p}`} />
      </div>
    </div>
  );
}
