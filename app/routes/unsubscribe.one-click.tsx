import type { ActionFunctionArgs } from "@remix-run/node";
import { isUserError } from "~/lib/use-case.server";

/**
 * RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to the List-Unsubscribe
 * address. The same-origin check skips exactly this path (server/app.ts); the signed token authorises it.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  try {
    await context.services.notifications.unsubscribe({ token });
    return new Response("You have been unsubscribed.\n", { status: 200, headers: { "content-type": "text/plain; charset=utf-8" } });
  } catch (error) {
    if (isUserError(error)) return new Response(`${error.message}\n`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
    throw error;
  }
}

/** A person opening the address in a browser gets the page with a button. */
export async function loader({ request }: ActionFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return new Response(null, { status: 303, headers: { location: `/unsubscribe?token=${encodeURIComponent(token)}` } });
}
