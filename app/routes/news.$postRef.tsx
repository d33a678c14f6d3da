import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { BlogPostView } from "~/components/blog-post-view";
import { blogPostAction, loadBlogPost } from "~/lib/blog-post-route.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.post.title ?? "News"} – Total Place Community` },
  { tagName: "link", rel: "alternate", type: "application/atom+xml", title: "Community news (Atom)", href: "/news/feed.xml" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return json(await loadBlogPost(request, context, params.postRef));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return blogPostAction(request, context, params.postRef);
}

export default BlogPostView;
