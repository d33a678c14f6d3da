import { Form } from "@remix-run/react";
import { Checkboxes, ErrorSummary, MARKDOWN_HINT, Radios, TextArea, TextInput } from "~/components/form";
import type { ActionFailure } from "~/lib/use-case.server";
import { PILOT_PLACES } from "../../server/modules/members/places";

export interface EventFormValues {
  [key: string]: string | string[] | undefined;
  themes?: string[];
  places?: string[];
}

/** The form posts flat fields; eventFromForm (in the routes) nests them for the use case. */
export function EventForm({ failure, initial, themes, submitLabel }: { failure?: ActionFailure & { lists?: { themes: string[]; places: string[] } }; initial?: EventFormValues; themes: string[]; submitLabel: string }) {
  const v: EventFormValues = failure ? { ...failure.values, themes: failure.lists?.themes ?? [], places: failure.lists?.places ?? [] } : (initial ?? {});
  const e = failure?.fieldErrors ?? {};
  const str = (k: string) => (typeof v[k] === "string" ? (v[k] as string) : "");
  return (
    <Form method="post" noValidate>
      <ErrorSummary fieldErrors={e} formError={failure?.formError} labels={{ start: "startDay", end: "endDay", format: "format-in_person" }} />
      <TextInput name="title" label="Event title" error={e.title} defaultValue={str("title")} />
      <TextInput name="summary" label="One-line summary" hint="Shown in event lists and calendar apps." error={e.summary} defaultValue={str("summary")} />
      <TextArea name="description" label="Description" hint={MARKDOWN_HINT} error={e.description} defaultValue={str("description")} rows={8} />
      {(["start", "end"] as const).map((which) => (
        <div key={which} className={`govuk-form-group${e[which] ? " govuk-form-group--error" : ""}`}>
          <fieldset className="govuk-fieldset" role="group" aria-describedby={`${which}-hint`}>
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{which === "start" ? "Starts" : "Ends"}</legend>
            <div id={`${which}-hint`} className="govuk-hint">
              UK time. For example, 27 3 2026 and 09:30
            </div>
            {e[which] ? <p className="govuk-error-message">{e[which]}</p> : null}
            <div className="govuk-date-input">
              {(["Day", "Month", "Year"] as const).map((part) => (
                <div className="govuk-date-input__item" key={part}>
                  <div className="govuk-form-group">
                    <label className="govuk-label govuk-date-input__label" htmlFor={`${which}${part}`}>
                      {part}
                    </label>
                    <input className={`govuk-input govuk-date-input__input govuk-input--width-${part === "Year" ? 4 : 2}${e[which] ? " govuk-input--error" : ""}`} id={`${which}${part}`} name={`${which}${part}`} type="text" inputMode="numeric" defaultValue={str(`${which}${part}`)} />
                  </div>
                </div>
              ))}
              <div className="govuk-date-input__item">
                <div className="govuk-form-group">
                  <label className="govuk-label govuk-date-input__label" htmlFor={`${which}Time`}>
                    Time
                  </label>
                  <input className={`govuk-input govuk-date-input__input govuk-input--width-5${e[which] ? " govuk-input--error" : ""}`} id={`${which}Time`} name={`${which}Time`} type="text" defaultValue={str(`${which}Time`)} />
                </div>
              </div>
            </div>
          </fieldset>
        </div>
      ))}
      <Radios name="format" legend="Where" options={[["in_person", "In person"], ["online", "Online"]]} checked={str("format")} error={e.format} />
      <TextInput name="venue" label="Venue (in person)" error={e.venue} defaultValue={str("venue")} />
      <TextArea name="address" label="Address (in person)" error={e.address} defaultValue={str("address")} rows={3} />
      <TextInput name="onlineUrl" label="Joining link (online)" hint="A full address starting with https://" error={e.onlineUrl} defaultValue={str("onlineUrl")} spellCheck={false} />
      <TextInput name="capacity" label="Capacity (optional)" hint="Leave empty for no limit. When full, members join a waiting list." error={e.capacity} defaultValue={str("capacity")} width="10" />
      <TextArea name="speakers" label="Speakers (optional)" hint="One per line, for example: Priya Mistry, Birmingham City Council" error={e.speakers} defaultValue={str("speakers")} rows={4} />
      <TextArea name="agenda" label="Agenda (optional)" hint='One item per line starting with a time, like "09:30 Welcome". For later days start with "Day 2".' error={e.agenda} defaultValue={str("agenda")} rows={6} />
      <Checkboxes name="themes" legend="Themes (optional)" options={themes} checked={v.themes ?? []} />
      <Checkboxes name="places" legend="Places (optional)" options={[...PILOT_PLACES]} checked={v.places ?? []} />
      <button type="submit" className="govuk-button">
        {submitLabel}
      </button>
    </Form>
  );
}

