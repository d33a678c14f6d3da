import { Form } from "@remix-run/react";
import { ErrorSummary, TextArea, TextInput } from "~/components/form";
import type { ActionFailure } from "~/lib/use-case.server";

export function ForumForm({ failure, initial, submitLabel }: { failure?: ActionFailure; initial?: { name: string; description: string; kind: string }; submitLabel: string }) {
  const v = failure?.values ?? initial ?? { name: "", description: "", kind: "theme" };
  const errors = failure?.fieldErrors ?? {};
  return (
    <Form method="post" noValidate>
      <ErrorSummary fieldErrors={errors} formError={failure?.formError} labels={{ kind: "kind-theme" }} />
      <TextInput name="name" label="Forum name" error={errors.name} defaultValue={v.name} />
      <TextArea name="description" label="Description" hint="One or two sentences: who the forum is for and what to discuss." error={errors.description} defaultValue={v.description} rows={3} />
      <div className={`govuk-form-group${errors.kind ? " govuk-form-group--error" : ""}`}>
        <fieldset className="govuk-fieldset">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Group the forum under</legend>
          {errors.kind ? <p className="govuk-error-message">{errors.kind}</p> : null}
          <div className="govuk-radios govuk-radios--small">
            {[
              ["theme", "A theme"],
              ["place", "A pilot place"],
            ].map(([value, label]) => (
              <div className="govuk-radios__item" key={value}>
                <input className="govuk-radios__input" id={`kind-${value}`} name="kind" type="radio" value={value} defaultChecked={v.kind === value} />
                <label className="govuk-label govuk-radios__label" htmlFor={`kind-${value}`}>
                  {label}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <button type="submit" className="govuk-button">
        {submitLabel}
      </button>
    </Form>
  );
}
