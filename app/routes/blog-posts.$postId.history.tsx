import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/lib/format";
import { load } from "~/lib/use-case.server";

export const meta: MetaFunction = () => [{ title: "Blog post history – Total Place Community" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return json(await load(request, () => context.services.blogs.getRevisions(context.caller, { postId: params.postId })));
}

export default function BlogPostHistory() {
  const { post, revisions } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">{post.title}</span>
      <h1 className="govuk-heading-l">History of this post</h1>
      <p className="govuk-body">
        <Link to={post.url} className="govuk-link">
          Back to the post
        </Link>
      </p>
      {revisions.map((r, i) => (
        <section key={r.id} aria-labelledby={`rev-${r.id}`}>
          <h2 className="govuk-heading-m" id={`rev-${r.id}`}>
            Version {revisions.length - i}
            {i === 0 ? " (current)" : ""}, saved {formatDateTime(r.createdAt)} by {r.editor.fullName}
          </h2>
          <p className="govuk-body govuk-!-font-weight-bold">{r.title}</p>
          <div className="tpc-post__body govuk-body tpc-revision" dangerouslySetInnerHTML={{ __html: r.bodyHtml }} />
        </section>
      ))}
    </>
  );
}
