import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { isUserError } from "~/lib/use-case.server";

export const meta: MetaFunction = () => [{ title: "Unsubscribe – Total Place Community" }];

/** The link in every email: shows what will stop and a button (mail scanners follow links; only the POST unsubscribes). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  try {
    return json({ token, ...context.services.notifications.checkUnsubscribeToken({ token }), error: null });
  } catch (error) {
    if (isUserError(error)) return json({ token: "", what: "", error: error.message }, { status: 400 });
    throw error;
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  try {
    return json({ done: await context.services.notifications.unsubscribe({ token: form.get("token") }), error: null });
  } catch (error) {
    if (isUserError(error)) return json({ done: null, error: error.message }, { status: 400 });
    throw error;
  }
}

export default function Unsubscribe() {
  const { token, what, error } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.done) {
    return (
      <>
        <h1 className="govuk-heading-xl">You have unsubscribed</h1>
        <p className="govuk-body">We will no longer email you {result.done.what === "the weekly digest" ? "the weekly digest" : `about this: ${result.done.what}`}.</p>
        <p className="govuk-body">
          <Link to="/settings/notifications" className="govuk-link">
            Change your notification settings
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="govuk-heading-xl">Unsubscribe</h1>
      {error || result?.error ? <p className="govuk-body govuk-error-message">{result?.error ?? error}</p> : null}
      {token && !error ? (
        <Form method="post">
          <input type="hidden" name="token" value={token} />
          <p className="govuk-body">Stop {what}?</p>
          <button type="submit" className="govuk-button">
            Unsubscribe
          </button>
        </Form>
      ) : null}
      <p className="govuk-body">
        <Link to="/settings/notifications" className="govuk-link">
          Change your notification settings
        </Link>{" "}
        (you will need to sign in).
      </p>
    </>
  );
}
