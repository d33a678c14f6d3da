import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { EventForm } from "~/components/event-form";
import { eventFromForm } from "~/lib/event-form.server";
import { attempt, redirectToSignIn } from "~/lib/use-case.server";

export const meta: MetaFunction = () => [{ title: "Create an event – Total Place Community" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.caller) throw redirectToSignIn(request);
  if (context.caller.role === "member") throw new Response("Only facilitators can create events", { status: 403 });
  return json({ themes: await context.services.forums.themeTags(context.caller) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await attempt(request, form, () => context.services.events.createEvent(context.caller, eventFromForm(form)));
  if (!result.ok) return json({ ...result, lists: { themes: form.getAll("themes").map(String), places: form.getAll("places").map(String) } }, { status: 422 });
  return redirect(result.data.url);
}

export default function NewEvent() {
  const { themes } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Create an event</h1>
        <EventForm failure={failure} themes={themes} submitLabel="Create event" />
      </div>
    </div>
  );
}
