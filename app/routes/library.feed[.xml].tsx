import type { LoaderFunctionArgs } from "@remix-run/node";
import { atomResponse } from "~/lib/feed.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return atomResponse(await context.services.library.documentsFeed(context.caller, { origin: new URL(request.url).origin }));
}
