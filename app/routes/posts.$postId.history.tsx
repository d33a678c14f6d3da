import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/lib/format";
import { load } from "~/lib/use-case.server";

export const meta: MetaFunction = () => [{ title: "Post history – Total Place Community" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return json(await load(request, () => context.services.forums.getRevisions(context.caller, { postId: params.postId })));
}

export default function PostHistory() {
  const { post, revisions } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">{post.threadTitle}</span>
      <h1 className="govuk-heading-l">
        History of post {post.number} by {post.author.fullName}
      </h1>
      <p className="govuk-body">
        <Link to={post.url} className="govuk-link">
          Back to the post
        </Link>
      </p>
      <h2 className="govuk-heading-m">Current version{post.editedAt ? `, edited ${formatDateTime(post.editedAt)}` : ""}</h2>
      <div className="tpc-post__body govuk-body tpc-revision" dangerouslySetInnerHTML={{ __html: post.bodyHtml }} />
      {revisions.length === 0 ? <p className="govuk-body">This post has not been edited.</p> : null}
      {revisions.map((r, i) => (
        <section key={r.id} aria-labelledby={`rev-${r.id}`}>
          <h2 className="govuk-heading-m" id={`rev-${r.id}`}>
            Version {revisions.length - i}, written {formatDateTime(r.createdAt)}
          </h2>
          <p className="govuk-body-s tpc-muted">Replaced by {r.editor.fullName}</p>
          <div className="tpc-post__body govuk-body tpc-revision" dangerouslySetInnerHTML={{ __html: r.bodyHtml }} />
        </section>
      ))}
    </>
  );
}
