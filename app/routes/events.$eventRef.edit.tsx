import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { EventForm } from "~/components/event-form";
import { eventFromForm } from "~/lib/event-form.server";
import { attempt, load } from "~/lib/use-case.server";

export const meta: MetaFunction = () => [{ title: "Edit event – Total Place Community" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const eventId = Number.parseInt(params.eventRef ?? "", 10);
  const event = await load(request, () => context.services.events.getEventForEdit(context.caller, { eventId }));
  return json({ event, themes: await context.services.forums.themeTags(context.caller) });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const eventId = Number.parseInt(params.eventRef ?? "", 10);
  const result = await attempt(request, form, () => context.services.events.updateEvent(context.caller, { ...eventFromForm(form), eventId }));
  if (!result.ok) return json({ ...result, lists: { themes: form.getAll("themes").map(String), places: form.getAll("places").map(String) } }, { status: 422 });
  return redirect(result.data.url);
}

export default function EditEvent() {
  const { event, themes } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Edit {event.title}</h1>
        <EventForm failure={failure} initial={event.values} themes={themes} submitLabel="Save changes" />
      </div>
    </div>
  );
}
