import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useRef } from "react";
import { ErrorSummary, Select, TextInput } from "~/components/form";
import { attempt, formObject } from "~/lib/use-case.server";
import { OTHER_PLACE, PILOT_PLACES } from "../../server/modules/members/places";

export const meta: MetaFunction = () => [{ title: "Join the community – Total Place Community" }];

export async function loader({ context }: LoaderFunctionArgs) {
  if (context.caller) return redirect("/");
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await attempt(request, form, () => context.services.auth.signUp(formObject(form), { ip: context.ip }));
  if (!result.ok) return json(result, { status: 422 });
  return redirect(`/members/${result.data.handle}?welcome=1`, { headers: { "Set-Cookie": result.data.cookie } });
}

/** Client-side suggestion only; the server picks a free handle if the field is left empty. */
function handleFrom(name: string) {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 26);
}

export default function SignUp() {
  const failure = useActionData<typeof action>();
  const errors = failure?.fieldErrors ?? {};
  const v = failure?.values ?? {};
  const handleRef = useRef<HTMLInputElement | null>(null);
  const handleTouched = useRef(!!v.handle);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Join the community</h1>
        <p className="govuk-body">Membership is open to anyone working in or with local public services.</p>
        <Form
          method="post"
          noValidate
          onChange={(e) => {
            const target = e.target as HTMLInputElement;
            if (target.name === "handle") handleTouched.current = target.value !== "";
            if (target.name === "fullName" && !handleTouched.current) {
              handleRef.current ??= e.currentTarget.querySelector<HTMLInputElement>("input[name=handle]");
              if (handleRef.current) handleRef.current.value = handleFrom(target.value);
            }
          }}
        >
          <ErrorSummary fieldErrors={errors} formError={failure?.formError} />
          <TextInput name="fullName" label="Full name" autoComplete="name" error={errors.fullName} defaultValue={v.fullName} />
          <TextInput name="handle" label="Handle" hint="How others mention you, like @amina-hussain. Letters, numbers and hyphens. Leave empty and we will choose one from your name." error={errors.handle} defaultValue={v.handle} width="20" spellCheck={false} />
          <TextInput name="email" label="Email address" type="email" autoComplete="email" spellCheck={false} error={errors.email} defaultValue={v.email} />
          <TextInput name="password" label="Password" type="password" autoComplete="new-password" hint="At least 10 characters. A few unrelated words make a strong password." error={errors.password} width="20" />
          <TextInput name="organisation" label="Organisation" autoComplete="organization" hint="For example, Kent County Council or NHS Croydon" error={errors.organisation} defaultValue={v.organisation} />
          <TextInput name="jobTitle" label="Job title" autoComplete="organization-title" error={errors.jobTitle} defaultValue={v.jobTitle} />
          <Select
            name="place"
            label="Place"
            hint="The Total Place pilot you work in, or Other"
            error={errors.place}
            defaultValue={v.place ?? ""}
            options={[{ value: "", label: "Choose a place" }, ...PILOT_PLACES.map((p) => ({ value: p, label: p })), { value: OTHER_PLACE, label: "Other" }]}
          />
          <button type="submit" className="govuk-button">
            Create account
          </button>
        </Form>
        <p className="govuk-body">
          Already a member?{" "}
          <Link to="/sign-in" className="govuk-link">
            Sign in
          </Link>
        </p>
      </div>
    </div>
  );
}
