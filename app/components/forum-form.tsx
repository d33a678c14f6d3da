import { Form } from "@remix-run/react";
import { ErrorSummary, Radios, TextArea, TextInput } from "~/components/form";
import type { ActionFailure } from "~/lib/use-case.server";

export function ForumForm({ failure, initial, submitLabel }: { failure?: ActionFailure; initial?: { name: string; description: string; kind: string }; submitLabel: string }) {
  const v = failure?.values ?? initial ?? { name: "", description: "", kind: "theme" };
  const errors = failure?.fieldErrors ?? {};
  return (
    <Form method="post" noValidate>
      <ErrorSummary fieldErrors={errors} formError={failure?.formError} labels={{ kind: "kind-theme" }} />
      <TextInput name="name" label="Forum name" error={errors.name} defaultValue={v.name} />
      <TextArea name="description" label="Description" hint="One or two sentences: who the forum is for and what to discuss." error={errors.description} defaultValue={v.description} rows={3} />
      <Radios name="kind" legend="Group the forum under" options={[["theme", "A theme"], ["place", "A pilot place"]]} checked={v.kind} error={errors.kind} />
      <button type="submit" className="govuk-button">
        {submitLabel}
      </button>
    </Form>
  );
}
