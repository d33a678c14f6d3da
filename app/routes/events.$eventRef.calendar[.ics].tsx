import type { LoaderFunctionArgs } from "@remix-run/node";
import { load } from "~/lib/use-case.server";

/** One event as a downloadable .ics file. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const origin = context.services.config.publicUrl ?? new URL(request.url).origin;
  const eventId = Number.parseInt(params.eventRef ?? "", 10);
  const { filename, body } = await load(request, () => context.services.events.eventCalendar(context.caller, { eventId, origin }));
  return new Response(body, { headers: { "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"` } });
}
