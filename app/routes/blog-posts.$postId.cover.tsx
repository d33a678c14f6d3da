import type { LoaderFunctionArgs } from "@remix-run/node";
import { Readable } from "node:stream";
import { load } from "~/lib/use-case.server";

/** A post's cover image, with its recognised type (the app sends nosniff on every response, so the browser never guesses). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const cover = await load(request, () => context.services.blogs.coverImage(context.caller, { postId: params.postId }));
  return new Response(Readable.toWeb(cover.stream()) as ReadableStream, {
    headers: { "Content-Type": cover.type, "Content-Length": String(cover.size), "Cache-Control": "private, max-age=300", "Content-Disposition": "inline" },
  });
}
