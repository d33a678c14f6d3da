import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { BlogPostForm } from "~/components/blog-post-form";
import { blogFormAction } from "~/lib/blog-form.server";
import { load } from "~/lib/use-case.server";

export const meta: MetaFunction = () => [{ title: "Edit blog post – Total Place Community" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const data = await load(request, () => context.services.blogs.getForEdit(context.caller, { postId: params.postId }));
  return json({ ...data, canWriteNews: context.caller?.role !== "member" });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return blogFormAction(request, context, params.postId);
}

export default function EditBlogPost() {
  const { post, values, canWriteNews } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Edit blog post</h1>
        <p className="govuk-body">
          <Link to={post.url} className="govuk-link">
            Back to the post
          </Link>{" "}
          ·{" "}
          <Link to={`/blog-posts/${post.id}/history`} className="govuk-link">
            History
          </Link>
        </p>
        <BlogPostForm state={state} initial={values} canWriteNews={canWriteNews && post.blog === "news"} chooseBlog={false} hasCover={!!post.coverImage} status={post.status} />
      </div>
    </div>
  );
}
