import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { load } from "~/lib/use-case.server";

/** A member's picture: WebP we re-encoded ourselves, served with its type (nosniff is set on every response in server/app.ts). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const file = await load(request, () => context.services.members.avatarFile(context.caller, { handle: params.handle ?? "" }));
  return new Response(createReadableStreamFromReadable(file.stream), {
    headers: {
      "content-type": file.contentType,
      "content-length": String(file.size),
      // The address changes with each new picture (?v=…), so a long cache is safe.
      "cache-control": "public, max-age=86400",
      "content-security-policy": "default-src 'none'",
    },
  });
}
