import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { load } from "~/lib/use-case.server";

/** A live comment's photo: only ever served as the raster image it was checked to be (nosniff is set for every response). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const photo = await load(request, () => context.services.live.getPhoto(context.caller, { itemId: params.itemId }));
  return new Response(createReadableStreamFromReadable(photo.stream), {
    headers: {
      "Content-Type": photo.mime,
      "Content-Length": String(photo.size),
      "Content-Disposition": "inline",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      // Short and private: a photo hidden by a facilitator should not linger in shared caches.
      "Cache-Control": "private, max-age=300",
    },
  });
}
