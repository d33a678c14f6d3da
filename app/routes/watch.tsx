import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { attempt, formObject, safeNext } from "~/lib/use-case.server";

/** The watch / mute / stop buttons on thread, forum and event pages post here, then go back. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const back = safeNext(String(form.get("next") ?? ""), "/");
  const result = await attempt(request, form, () => context.services.notifications.setWatch(context.caller, formObject(form)));
  if (!result.ok) throw new Response(result.formError, { status: 404 });
  return redirect(back);
}

export function loader() {
  throw new Response("Page not found", { status: 404 });
}
