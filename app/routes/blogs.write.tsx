import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { BlogPostForm } from "~/components/blog-post-form";
import { blogFormAction } from "~/lib/blog-form.server";
import { load } from "~/lib/use-case.server";

export const meta: MetaFunction = () => [{ title: "Write a blog post – Total Place Community" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return json(await load(request, () => context.services.blogs.newPostForm(context.caller, { blog: new URL(request.url).searchParams.get("blog") })));
}

export async function action({ request, context }: ActionFunctionArgs) {
  return blogFormAction(request, context);
}

export default function WriteBlogPost() {
  const { canWriteNews, initial } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Write a blog post</h1>
        <BlogPostForm state={state} initial={initial} canWriteNews={canWriteNews} />
      </div>
    </div>
  );
}
