import { Form, useMatches, useNavigate } from "@remix-run/react";
import { useRef, useState } from "react";
import { Checkboxes, ErrorSummary, Radios, TextArea, TextInput } from "~/components/form";
import type { ActionFailure } from "~/lib/use-case.server";
import { ITEM_TYPES, LICENCES, MAX_UPLOAD_BYTES, MAX_UPLOAD_LABEL } from "../../server/modules/library/library.schema";
import { PILOT_PLACES } from "../../server/modules/members/places";

export type LibraryFailure = ActionFailure & { lists?: { themes: string[]; places: string[] } };
type Values = Record<string, string | string[] | undefined>;

export const ACCEPT = ".pdf,.docx,.odt,.pptx,.txt,.md,.png,.jpg,.jpeg,.webp";
const FILE_HINT = `PDF, Word (.docx), OpenDocument text (.odt), PowerPoint (.pptx), text or Markdown (.txt, .md), or an image (PNG, JPEG, WebP). The file must be smaller than ${MAX_UPLOAD_LABEL}.`;

/**
 * Posts multipart to its own route. With JavaScript it sends the same form through XMLHttpRequest to show
 * upload progress, and follows the JSON answer; without JavaScript the plain form posts and works.
 */
export function useUploadWithProgress() {
  const navigate = useNavigate();
  const matches = useMatches();
  // Remix's data request for this route's action: it answers with the action's JSON, not a page.
  const routeId = matches[matches.length - 1]?.id ?? "";
  const [progress, setProgress] = useState<{ percent: number; phase: "uploading" | "checking" } | null>(null);
  const [xhrFailure, setXhrFailure] = useState<LibraryFailure | null>(null);
  const busy = useRef(false);
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    if (typeof XMLHttpRequest === "undefined") return;
    event.preventDefault();
    if (busy.current) return;
    const form = event.currentTarget;
    // Say at once when a file is too large, rather than after sending 50 MB (the server checks again).
    const chosen = (form.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
    if (chosen && chosen.size > MAX_UPLOAD_BYTES) {
      setXhrFailure({ ok: false, formError: "There is a problem", fieldErrors: { file: `The file must be smaller than ${MAX_UPLOAD_LABEL}.` }, values: {} });
      return;
    }
    busy.current = true;
    const xhr = new XMLHttpRequest();
    const target = new URL(form.action, window.location.href);
    target.searchParams.set("_data", routeId);
    xhr.open("POST", target.toString());
    xhr.setRequestHeader("X-Upload-Progress", "1");
    xhr.responseType = "json";
    setProgress({ percent: 0, phase: "uploading" });
    setXhrFailure(null);
    xhr.upload.onprogress = (e) => {
      if (!e.lengthComputable) return;
      const percent = Math.floor((e.loaded / e.total) * 100);
      setProgress({ percent, phase: percent >= 100 ? "checking" : "uploading" });
    };
    xhr.upload.onload = () => setProgress({ percent: 100, phase: "checking" });
    xhr.onload = () => {
      busy.current = false;
      const body = xhr.response as ({ ok: true; url: string } | LibraryFailure) | null;
      if (body && body.ok) return navigate(body.url);
      setProgress(null);
      setXhrFailure(body ?? { ok: false, formError: "The upload failed. Try again.", fieldErrors: {}, values: {} });
    };
    xhr.onerror = () => {
      busy.current = false;
      setProgress(null);
      setXhrFailure({ ok: false, formError: "The upload was interrupted. Check your connection and try again.", fieldErrors: { file: "The upload was interrupted. Choose the file again and retry." }, values: {} });
    };
    xhr.send(new FormData(form));
  }
  return { onSubmit, progress, xhrFailure };
}

export function UploadProgress({ progress }: { progress: { percent: number; phase: "uploading" | "checking" } | null }) {
  return (
    <div className="govuk-form-group" aria-live="polite">
      {progress ? (
        <>
          <label className="govuk-label" htmlFor="upload-progress">
            {progress.phase === "uploading" ? `Uploading: ${progress.percent}%` : "Upload complete. Checking the file…"}
          </label>
          <progress id="upload-progress" className="tpc-progress" max={100} value={progress.percent}>
            {progress.percent}%
          </progress>
        </>
      ) : null}
    </div>
  );
}

export function FileField({ error }: { error?: string }) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label govuk-label--s" htmlFor="file">
        Upload a file
      </label>
      <div id="file-hint" className="govuk-hint">
        {FILE_HINT}
      </div>
      {error ? (
        <p id="file-error" className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <input className={`govuk-file-upload${error ? " govuk-file-upload--error" : ""}`} id="file" name="file" type="file" accept={ACCEPT} aria-describedby={`file-hint${error ? " file-error" : ""}`} />
    </div>
  );
}

/** The metadata fields, like an institutional repository's deposit form. */
export function DocumentFields({ values, errors, themes }: { values: Values; errors: Record<string, string>; themes: string[] }) {
  const str = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : "");
  const list = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : []);
  const dateError = errors.publishedDay ?? errors.publishedMonth ?? errors.publishedYear;
  return (
    <>
      <TextInput name="title" label="Title" error={errors.title} defaultValue={str("title")} />
      <TextArea name="authors" label="Authors (optional)" hint="One per line, for example: Jane Hargreaves, Cumbria County Council" error={errors.authors} defaultValue={str("authors")} rows={3} />
      <Radios name="itemType" legend="Type of item" options={Object.entries(ITEM_TYPES)} checked={str("itemType")} error={errors.itemType} />
      <div className={`govuk-form-group${dateError ? " govuk-form-group--error" : ""}`}>
        <fieldset className="govuk-fieldset" role="group" aria-describedby="published-hint">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Date published (optional)</legend>
          <div id="published-hint" className="govuk-hint">
            For example, 27 3 2010. The year alone is fine.
          </div>
          {dateError ? <p className="govuk-error-message">{dateError}</p> : null}
          <div className="govuk-date-input">
            {(["Day", "Month", "Year"] as const).map((part) => (
              <div className="govuk-date-input__item" key={part}>
                <div className="govuk-form-group">
                  <label className="govuk-label govuk-date-input__label" htmlFor={`published${part}`}>
                    {part}
                  </label>
                  <input className={`govuk-input govuk-date-input__input govuk-input--width-${part === "Year" ? 4 : 2}`} id={`published${part}`} name={`published${part}`} type="text" inputMode="numeric" defaultValue={str(`published${part}`)} />
                </div>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <TextInput name="publisher" label="Publisher (optional)" hint="For example: HM Treasury, Leadership Centre for Local Government" error={errors.publisher} defaultValue={str("publisher")} />
      <TextArea name="description" label="Description (optional)" error={errors.description} defaultValue={str("description")} rows={5} />
      <TextInput name="licence" label="Licence (optional)" hint={`For example: ${LICENCES.join("; ")}`} error={errors.licence} defaultValue={str("licence")} />
      <Checkboxes name="themes" legend="Themes (optional)" options={themes} checked={list("themes")} />
      <Checkboxes name="places" legend="Places (optional)" options={[...PILOT_PLACES]} checked={list("places")} />
    </>
  );
}

export function valuesFrom(failure: LibraryFailure | null | undefined, initial: Values = {}): Values {
  return failure ? { ...failure.values, themes: failure.lists?.themes ?? [], places: failure.lists?.places ?? [] } : initial;
}


export { Form, ErrorSummary };
