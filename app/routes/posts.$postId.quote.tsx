import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { load } from "~/lib/use-case.server";

/** The Markdown that quotes a post, fetched when a reader presses "Quote" with JavaScript on. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const quote = await load(request, () => context.services.forums.quotePost(context.caller, { postId: params.postId }));
  return json(quote, { headers: { "Cache-Control": "private, no-store" } });
}
