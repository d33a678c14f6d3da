import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { BlogPostView } from "~/components/blog-post-view";
import { blogPostAction, loadBlogPost } from "~/lib/blog-post-route.server";

export const meta: MetaFunction<typeof loader> = ({ data, params }) => [
  { title: `${data?.post.title ?? "Blog post"} – Total Place Community` },
  { tagName: "link", rel: "alternate", type: "application/atom+xml", title: "This blog (Atom)", href: `/blogs/${params.handle}/feed.xml` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return json(await loadBlogPost(request, context, params.postRef));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return blogPostAction(request, context, params.postRef);
}

export default BlogPostView;
