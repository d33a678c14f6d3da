import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { ErrorSummary, TextInput } from "~/components/form";
import { attempt, formObject, safeNext } from "~/lib/use-case.server";

export const meta: MetaFunction = () => [{ title: "Sign in – Total Place Community" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (context.caller) return redirect(safeNext(new URL(request.url).searchParams.get("next")));
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await attempt(request, form, () => context.services.auth.signIn(formObject(form), { ip: context.ip }));
  if (!result.ok) return json(result, { status: 422 });
  return redirect(safeNext(String(form.get("next") ?? "")), { headers: { "Set-Cookie": result.data.cookie } });
}

export default function SignIn() {
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = failure?.fieldErrors ?? {};
  const fieldErrors = Object.keys(errors).length ? errors : failure ? { email: failure.formError } : {};
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Sign in</h1>
        <Form method="post" noValidate>
          <ErrorSummary fieldErrors={fieldErrors} />
          <input type="hidden" name="next" value={params.get("next") ?? "/"} />
          <TextInput name="email" label="Email address" type="email" autoComplete="email" spellCheck={false} error={fieldErrors.email} defaultValue={failure?.values.email} />
          <TextInput name="password" label="Password" type="password" autoComplete="current-password" error={errors.password} width="20" />
          <button type="submit" className="govuk-button">
            Sign in
          </button>
        </Form>
        <p className="govuk-body">
          New here?{" "}
          <Link to="/sign-up" className="govuk-link">
            Join the community
          </Link>
        </p>
      </div>
    </div>
  );
}
