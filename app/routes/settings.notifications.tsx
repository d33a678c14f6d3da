import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, Radios } from "~/components/form";
import { attempt, formObject, load } from "~/lib/use-case.server";
import { CHANNEL_LABELS } from "../../server/modules/notifications/notifications.schema";

export const meta: MetaFunction = () => [{ title: "Notification settings – Total Place Community" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return json(await load(request, () => context.services.notifications.getPreferences(context.caller)));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await attempt(request, form, () => context.services.notifications.setPreferences(context.caller, formObject(form)));
  return json(result, { status: result.ok ? 200 : 422 });
}

export default function NotificationSettings() {
  const prefs = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const saved = result?.ok ? result.data : null;
  const kinds = saved?.kinds ?? prefs.kinds;
  const digest = saved?.digest ?? prefs.digest;
  return (
    <>
      <h1 className="govuk-heading-xl">Notification settings</h1>
      {result && !result.ok ? <ErrorSummary fieldErrors={result.fieldErrors} formError={result.formError} /> : null}
      {saved ? (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="status" aria-labelledby="saved-title">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="saved-title">
              Saved
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">Your notification settings have been saved.</p>
          </div>
        </div>
      ) : null}
      <p className="govuk-body">
        Choose how you are told about each kind of activity. Everything except “Off” also shows on your{" "}
        <Link to="/notifications" className="govuk-link">
          notifications page
        </Link>
        .
      </p>
      <Form method="post" key={JSON.stringify(kinds) + digest}>
        {kinds.map((k) => (
          <Radios key={k.kind} name={k.kind} legend={k.label} checked={k.channel} error={result && !result.ok ? result.fieldErrors[k.kind] : undefined} options={prefs.channels.map((c) => [c, CHANNEL_LABELS[c]])} />
        ))}
        <Radios
          name="weekly_digest"
          legend="The weekly digest email, “This week in Total Place”"
          checked={digest}
          options={[
            ["email", "Send it to me"],
            ["off", "Do not send it"],
          ]}
        />
        <button type="submit" className="govuk-button">
          Save settings
        </button>
      </Form>
    </>
  );
}
