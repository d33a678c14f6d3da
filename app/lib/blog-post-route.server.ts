import type { AppLoadContext } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { attempt, formObject, load } from "./use-case.server";

function postIdFrom(ref: string | undefined) {
  const id = Number.parseInt(ref ?? "", 10);
  if (!Number.isFinite(id) || id <= 0) throw new Response("Blog post not found", { status: 404 });
  return id;
}

/** Loads a post with its comments; old slugs and wrong blogs redirect to the post's own address. */
export async function loadBlogPost(request: Request, context: AppLoadContext, ref: string | undefined) {
  const data = await load(request, () => context.services.blogs.getPost(context.caller, { postId: postIdFrom(ref) }));
  const url = new URL(request.url);
  if (url.pathname !== data.post.url) throw redirect(data.post.url + url.search);
  return data;
}

/** Comment, reply, like or delete: each a plain form post, so the page works without JavaScript. */
export async function blogPostAction(request: Request, context: AppLoadContext, ref: string | undefined) {
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const input = { ...formObject(form), postId: String(postIdFrom(ref)) };
  const { blogs } = context.services;
  switch (intent) {
    case "comment": {
      const r = await attempt(request, form, () => blogs.addComment(context.caller, input));
      return r.ok ? redirect(r.data.url) : json({ ...r, intent }, { status: 422 });
    }
    case "delete-comment": {
      const r = await attempt(request, form, () => blogs.deleteComment(context.caller, input));
      return r.ok ? redirect(r.data.url) : json({ ...r, intent }, { status: 409 });
    }
    case "like": {
      const r = await attempt(request, form, () => blogs.toggleLike(context.caller, input));
      // Without JavaScript the reader comes back to the post; fetchers (Remix adds ?_data) get the new count.
      if (r.ok && !new URL(request.url).searchParams.has("_data")) return redirect(r.data.url);
      return json({ ...r, intent }, { status: r.ok ? 200 : 409 });
    }
    case "delete": {
      const r = await attempt(request, form, () => blogs.deletePost(context.caller, input));
      return r.ok ? redirect(r.data.url) : json({ ...r, intent }, { status: 409 });
    }
    default:
      return json({ ok: false as const, intent, formError: "Unknown action", fieldErrors: {} as Record<string, string>, values: {} as Record<string, string> }, { status: 400 });
  }
}
