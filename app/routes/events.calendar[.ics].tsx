import type { LoaderFunctionArgs } from "@remix-run/node";

/** Subscribable iCalendar feed of events (calendar apps poll this address). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const origin = context.services.config.publicUrl ?? new URL(request.url).origin;
  const body = await context.services.events.upcomingCalendar(context.caller, { origin });
  return new Response(body, { headers: { "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": 'inline; filename="total-place-events.ics"', "Cache-Control": "public, max-age=300" } });
}
