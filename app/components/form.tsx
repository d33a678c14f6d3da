import { useEffect, useRef } from "react";

/** GOV.UK error summary: lists each problem as a link to its field, and takes focus so it is announced. */
export function ErrorSummary({ fieldErrors, formError, labels = {} }: { fieldErrors?: Record<string, string>; formError?: string; labels?: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(fieldErrors ?? {});
  const show = entries.length > 0 || !!formError;
  useEffect(() => {
    if (show) ref.current?.focus();
  }, [show, fieldErrors, formError]);
  if (!show) return null;
  return (
    <div className="govuk-error-summary" ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title">
      <h2 className="govuk-error-summary__title" id="error-summary-title">
        There is a problem
      </h2>
      <div className="govuk-error-summary__body">
        <ul className="govuk-list govuk-error-summary__list">
          {entries.length === 0 && formError ? <li>{formError}</li> : null}
          {entries.map(([field, message]) => (
            <li key={field}>
              <a href={`#${labels[field] ?? field}`}>{message}</a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  defaultValue?: string;
  id?: string;
}

/**
 * A GOV.UK form group: label, hint and error message around one control. The control is given the
 * aria-describedby value that points at the hint and error.
 */
export function FormGroup({ id, label, hint, error, labelClassName, announce, children }: { id: string; label: string; hint?: string; error?: string | null; labelClassName?: string; /** for errors that appear without a page load */ announce?: boolean; children: (describedBy: string | undefined) => React.ReactNode }) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className={`govuk-label${labelClassName ? ` ${labelClassName}` : ""}`} htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="govuk-error-message" role={announce ? "alert" : undefined}>
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      {children(describedBy)}
    </div>
  );
}

export function TextInput({ name, label, hint, error, defaultValue, id = name, type = "text", autoComplete, width, spellCheck }: FieldProps & { type?: string; autoComplete?: string; width?: "10" | "20" | "30"; spellCheck?: boolean }) {
  return (
    <FormGroup id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <input
          className={`govuk-input${width ? ` govuk-input--width-${width}` : ""}${error ? " govuk-input--error" : ""}`}
          id={id}
          name={name}
          type={type}
          defaultValue={defaultValue}
          autoComplete={autoComplete}
          spellCheck={spellCheck}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
        />
      )}
    </FormGroup>
  );
}

export function TextArea({ name, label, hint, error, defaultValue, id = name, rows = 8, labelClassName, textareaRef }: FieldProps & { rows?: number; labelClassName?: string; textareaRef?: React.Ref<HTMLTextAreaElement> }) {
  return (
    <FormGroup id={id} label={label} hint={hint} error={error} labelClassName={labelClassName}>
      {(describedBy) => (
        <textarea
          ref={textareaRef}
          className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`}
          id={id}
          name={name}
          rows={rows}
          defaultValue={defaultValue}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
        />
      )}
    </FormGroup>
  );
}

export function Select({ name, label, hint, error, defaultValue, id = name, options, labelClassName }: FieldProps & { options: { value: string; label: string }[]; labelClassName?: string }) {
  return (
    <FormGroup id={id} label={label} hint={hint} error={error} labelClassName={labelClassName}>
      {(describedBy) => (
        <select className={`govuk-select${error ? " govuk-select--error" : ""}`} id={id} name={name} defaultValue={defaultValue} aria-describedby={describedBy}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FormGroup>
  );
}

export const MARKDOWN_HINT = "You can use Markdown: **bold**, _italic_, [link text](https://…), lists, > quotes and @handle to mention a member.";

/** A GOV.UK radio group; ids are `${name}-${value}` so error summaries can link to the first option. */
export function Radios({ name, legend, options, checked, error, size = "s", inline = false, children }: { name: string; legend: string; options: [value: string, label: string][]; checked?: string | null; error?: string; size?: "s" | "m"; inline?: boolean; children?: React.ReactNode }) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset">
        <legend className={`govuk-fieldset__legend govuk-fieldset__legend--${size}`}>{legend}</legend>
        {error ? <p className="govuk-error-message">{error}</p> : null}
        {children}
        <div className={`govuk-radios govuk-radios--small${inline ? " govuk-radios--inline" : ""}`}>
          {options.map(([value, label]) => (
            <div className="govuk-radios__item" key={value}>
              <input className="govuk-radios__input" id={`${name}-${value}`} name={name} type="radio" value={value} defaultChecked={checked === value} />
              <label className="govuk-label govuk-radios__label" htmlFor={`${name}-${value}`}>
                {label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/** A GOV.UK group of small checkboxes in columns (themes, places); nothing is shown when there are no options. */
export function Checkboxes({ name, legend, options, checked }: { name: string; legend: string; options: string[]; checked: string[] }) {
  if (options.length === 0) return null;
  return (
    <div className="govuk-form-group">
      <fieldset className="govuk-fieldset">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <div className="govuk-checkboxes govuk-checkboxes--small tpc-checkbox-columns">
          {options.map((o, i) => (
            <div className="govuk-checkboxes__item" key={o}>
              <input className="govuk-checkboxes__input" id={`${name}-${i}`} name={name} type="checkbox" value={o} defaultChecked={checked.includes(o)} />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={`${name}-${i}`}>
                {o}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
