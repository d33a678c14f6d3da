import type { LoaderFunctionArgs } from "@remix-run/node";
import { atomResponse } from "~/lib/feed.server";
import { load } from "~/lib/use-case.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return atomResponse(await load(request, () => context.services.feeds.forumFeed(context.caller, { slug: params.forumSlug ?? "", origin: new URL(request.url).origin })));
}
