import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { load } from "~/lib/use-case.server";

/** Permalink: /p/123 always finds the post, whatever page it is on now. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { url } = await load(request, () => context.services.forums.locatePost(context.caller, { postId: params.postId }));
  return redirect(url);
}
