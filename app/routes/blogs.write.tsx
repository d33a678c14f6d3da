import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { BlogPostForm } from "~/components/blog-post-form";
import { blogFormAction } from "~/lib/blog-form.server";
import { redirectToSignIn } from "~/lib/use-case.server";

export const meta: MetaFunction = () => [{ title: "Write a blog post – Total Place Community" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.caller) throw redirectToSignIn(request);
  const canWriteNews = context.caller.role !== "member";
  const news = canWriteNews && new URL(request.url).searchParams.get("blog") === "news";
  return json({ canWriteNews, initial: { blog: news ? "news" : "member", category: news ? "news" : "blessay" } });
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
