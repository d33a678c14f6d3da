import { Form, useNavigation } from "@remix-run/react";
import { BLOG_CATEGORIES } from "../../server/modules/blogs/blogs.schema";
import { ErrorSummary, MARKDOWN_HINT, Radios, Select, TextArea, TextInput } from "./form";

export interface BlogFormState {
  ok: boolean;
  formError?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  preview?: { title: string; html: string; highlights?: string[] };
}

/**
 * Write or edit a blog post. Every button submits the same form: Preview shows the rendered Markdown
 * above the form (no JavaScript needed); the others save as draft, publish now or schedule.
 */
export function BlogPostForm({ state, initial, canWriteNews, chooseBlog = true, hasCover, status }: { state?: BlogFormState; initial: Record<string, string>; canWriteNews: boolean; chooseBlog?: boolean; hasCover?: boolean; status?: string }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const values = state?.values ?? initial;
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const formError = state && !state.ok && !Object.keys(errors).length ? state.formError : undefined;
  return (
    <>
      {state?.ok && state.preview ? (
        <section className="tpc-preview" aria-labelledby="preview-heading">
          <h2 className="govuk-heading-m" id="preview-heading">
            Preview
          </h2>
          <div className="tpc-preview__page">
            <h3 className="govuk-heading-l">{state.preview.title || "(no title yet)"}</h3>
            {state.preview.highlights?.length ? (
              <div className="govuk-inset-text">
                <h4 className="govuk-heading-s">This week&apos;s highlights</h4>
                <ul className="govuk-list govuk-list--bullet">
                  {state.preview.highlights.map((h, i) => (
                    <li key={i}>{h}</li>
                  ))}
                </ul>
              </div>
            ) : null}
            <div className="tpc-post__body govuk-body" dangerouslySetInnerHTML={{ __html: state.preview.html }} />
          </div>
          <p className="govuk-body-s tpc-muted">Nothing has been saved yet. Change the post below, or save, publish or schedule it.</p>
        </section>
      ) : null}
      {/* The key makes the fields take the returned values after each submission. */}
      <Form method="post" encType="multipart/form-data" noValidate key={JSON.stringify(values)} className="tpc-blog-form">
        <ErrorSummary fieldErrors={errors} formError={formError} />
        <TextInput name="title" label="Title" error={errors.title} defaultValue={values.title ?? ""} />
        <TextArea name="body" label="Your post" hint={MARKDOWN_HINT} error={errors.body} defaultValue={values.body ?? ""} rows={16} />
        <TextInput name="tags" label="Tags (optional)" hint="Separate tags with commas, for example: worklessness, customer insight" error={errors.tags} defaultValue={values.tags ?? ""} />
        <Select name="category" label="Category" error={errors.category} defaultValue={values.category ?? "blessay"} options={BLOG_CATEGORIES.map(([value, label]) => ({ value, label }))} />
        <div className={`govuk-form-group${errors.cover ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label" htmlFor="cover">
            Cover image (optional)
          </label>
          <div id="cover-hint" className="govuk-hint">
            A PNG, JPEG or WebP picture of 5 MB or less.{hasCover ? " Choosing a new picture replaces the current one." : ""}
          </div>
          {errors.cover ? (
            <p id="cover-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {errors.cover}
            </p>
          ) : null}
          <input className="govuk-file-upload" id="cover" name="cover" type="file" accept="image/png,image/jpeg,image/webp" aria-describedby={`cover-hint${errors.cover ? " cover-error" : ""}`} />
        </div>
        {hasCover ? (
          <div className="govuk-checkboxes govuk-checkboxes--small govuk-form-group">
            <div className="govuk-checkboxes__item">
              <input className="govuk-checkboxes__input" id="removeCover" name="removeCover" type="checkbox" value="true" />
              <label className="govuk-label govuk-checkboxes__label" htmlFor="removeCover">
                Remove the current cover image
              </label>
            </div>
          </div>
        ) : null}
        {canWriteNews ? (
          <details className="govuk-details" open={values.blog === "news"}>
            <summary className="govuk-details__summary">
              <span className="govuk-details__summary-text">News blog and weekly update (facilitators)</span>
            </summary>
            <div className="govuk-details__text">
              {/* A post stays on the blog it was written for; the choice is only offered for new posts. */}
              {chooseBlog ? <Radios name="blog" legend="Where to publish" options={[["member", "My own blog"], ["news", "The News blog"]]} checked={values.blog || "member"} error={errors.blog} /> : null}
              <TextInput name="issueNumber" label="Weekly update issue number (News only)" width="10" error={errors.issueNumber} defaultValue={values.issueNumber ?? ""} />
              <TextArea name="highlights" label="Highlights (News only)" hint="One per line. They are listed at the top of the update and on the home page." error={errors.highlights} defaultValue={values.highlights ?? ""} rows={5} />
            </div>
          </details>
        ) : null}
        <TextInput name="publishAt" type="datetime-local" label="Publish at (only when scheduling)" hint="UK time, for example 2010-03-30T09:00" error={errors.publishAt} defaultValue={values.publishAt ?? ""} width="20" />
        {status ? <p className="govuk-body">Status now: <strong>{status}</strong></p> : null}
        <div className="govuk-button-group">
          <button type="submit" name="intent" value="preview" className="govuk-button govuk-button--secondary" disabled={busy}>
            Preview
          </button>
          <button type="submit" name="intent" value="draft" className="govuk-button govuk-button--secondary" disabled={busy}>
            Save as draft
          </button>
          <button type="submit" name="intent" value="schedule" className="govuk-button govuk-button--secondary" disabled={busy}>
            Schedule
          </button>
          <button type="submit" name="intent" value="publish" className="govuk-button" disabled={busy}>
            Publish now
          </button>
        </div>
      </Form>
    </>
  );
}
