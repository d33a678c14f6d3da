import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BlogPostList } from "~/components/blog-post-list";
import { Pagination } from "~/components/pagination";
import { WatchButtons } from "~/components/watch-buttons";
import { load } from "~/lib/use-case.server";
import { useRootData } from "~/root";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.owner.fullName ?? "A member"}'s blog – Total Place Community` },
  ...(data ? [{ tagName: "link", rel: "alternate", type: "application/atom+xml", title: `${data.owner.fullName}'s blog (Atom)`, href: `/blogs/${data.owner.handle}/feed.xml` }] : []),
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const page = Number(new URL(request.url).searchParams.get("page") ?? "1") || 1;
  return json(await load(request, () => context.services.blogs.memberBlog(context.caller, { handle: params.handle ?? "", page })));
}

export default function MemberBlog() {
  const { owner, isOwner, posts, unpublished, page, pageCount, watch, watchKey } = useLoaderData<typeof loader>();
  const { me } = useRootData();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">
          {owner.jobTitle}, {owner.organisation}
        </span>
        <h1 className="govuk-heading-xl">{owner.fullName}&apos;s blog</h1>
        <p className="govuk-body">
          <Link to={`/members/${owner.handle}`} className="govuk-link">
            Profile
          </Link>{" "}
          ·{" "}
          <a href={`/blogs/${owner.handle}/feed.xml`} className="govuk-link">
            Atom feed
          </a>
        </p>
        {me && !isOwner ? <WatchButtons targetType="blog" targetId={watchKey} state={watch} noun="blog" /> : null}
        {isOwner ? (
          <>
            <p className="govuk-body">
              <Link to="/blogs/write" className="govuk-button">
                Write a blog post
              </Link>
            </p>
            {unpublished.length ? (
              <>
                <h2 className="govuk-heading-m">Your drafts and scheduled posts</h2>
                <p className="govuk-body-s tpc-muted">Only you can see these.</p>
                <BlogPostList posts={unpublished} showAuthor={false} />
              </>
            ) : null}
          </>
        ) : null}
        <h2 className="govuk-heading-m">Posts</h2>
        <BlogPostList posts={posts} showAuthor={false} />
        <Pagination page={page} pageCount={pageCount} href={(p) => `/blogs/${owner.handle}?page=${p}`} />
      </div>
    </div>
  );
}
