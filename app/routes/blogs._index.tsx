import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BlogPostList } from "~/components/blog-post-list";
import { Pagination } from "~/components/pagination";
import { useRootData } from "~/root";

export const meta: MetaFunction = () => [{ title: "Blogs – Total Place Community" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return json(await context.services.blogs.listPosts(context.caller, { tag: url.searchParams.get("tag"), page: Number(url.searchParams.get("page") ?? "1") || 1 }));
}

export default function Blogs() {
  const { posts, tag, page, pageCount, popularTags } = useLoaderData<typeof loader>();
  const { me } = useRootData();
  const href = (p: number) => `/blogs?${new URLSearchParams({ ...(tag ? { tag } : {}), page: String(p) })}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Blogs{tag ? `: ${tag}` : ""}</h1>
        <p className="govuk-body-l">Members&apos; blogs and blessays: longer thoughts on what whole-area working is teaching us.</p>
        {me ? (
          <p className="govuk-body">
            <Link to="/blogs/write" className="govuk-button govuk-!-margin-right-2">
              Write a blog post
            </Link>
            <Link to={`/blogs/${me.handle}`} className="govuk-link">
              Your blog
            </Link>
          </p>
        ) : null}
        {tag ? (
          <p className="govuk-body">
            <Link to="/blogs" className="govuk-link">
              Show posts with any tag
            </Link>
          </p>
        ) : null}
        <h2 className="govuk-heading-m">Recent posts</h2>
        <BlogPostList posts={posts} />
        <Pagination page={page} pageCount={pageCount} href={href} />
      </div>
      <div className="govuk-grid-column-one-third">
        <nav aria-labelledby="tags-heading" className="tpc-side-nav">
          <h2 className="govuk-heading-s" id="tags-heading">
            Tags
          </h2>
          <ul className="govuk-list govuk-body-s">
            {popularTags.map((t) => (
              <li key={t.tag}>
                <Link to={`/blogs?tag=${encodeURIComponent(t.tag)}`} className="govuk-link" aria-current={t.tag === tag ? "page" : undefined}>
                  {t.tag}
                </Link>{" "}
                <span className="tpc-muted">({t.count})</span>
              </li>
            ))}
          </ul>
        </nav>
        <p className="govuk-body-s">
          <Link to="/news" className="govuk-link">
            Community news and the weekly update
          </Link>
        </p>
      </div>
    </div>
  );
}
