import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, TextInput } from "~/components/form";
import { DocumentFields, FileField, UploadProgress, useUploadWithProgress, valuesFrom, type LibraryFailure } from "~/components/library-form";
import { documentFieldsFrom, parseLibraryUpload, wantsJson } from "~/lib/library-upload.server";
import { attempt, redirectToSignIn } from "~/lib/use-case.server";

export const meta: MetaFunction = () => [{ title: "Add to the library – Total Place Community" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.caller) throw redirectToSignIn(request);
  return json({ themes: await context.services.forums.themeTags(context.caller) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { form, upload, uploadError } = await parseLibraryUpload(request, context);
  const result = await attempt(request, form, async () => {
    if (uploadError) {
      // Check the rest of the form too, so every problem shows at once; the refused file is already gone.
      throw Object.assign(new Error(uploadError.message), { name: "UserError", status: 422, fieldErrors: { ...uploadError.fieldErrors } });
    }
    return context.services.library.createDocument(context.caller, { ...documentFieldsFrom(form), upload });
  });
  if (!result.ok) {
    const failure: LibraryFailure = { ...result, lists: { themes: form.getAll("themes").map(String), places: form.getAll("places").map(String) } };
    if (failure.fieldErrors.file && !failure.fieldErrors.file.endsWith(".")) failure.fieldErrors.file += ".";
    return json(failure, { status: 422 });
  }
  if (wantsJson(request)) return json({ ok: true as const, url: result.data.url });
  return redirect(result.data.url);
}

export default function NewDocument() {
  const { themes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { onSubmit, progress, xhrFailure } = useUploadWithProgress();
  const failure = xhrFailure ?? (actionData && !actionData.ok ? actionData : null);
  const e = failure?.fieldErrors ?? {};
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Add to the library</h1>
        <p className="govuk-body">Share a report, guide, presentation or graphic recording with the community, or add a link to a video or an external report.</p>
        <Form method="post" encType="multipart/form-data" noValidate onSubmit={onSubmit}>
          <ErrorSummary fieldErrors={e} formError={failure?.formError} labels={{ itemType: "itemType-report", publishedYear: "publishedYear" }} />
          <FileField error={e.file} />
          <TextInput name="linkUrl" label="Or add a link instead (optional)" hint="A video or an external report, as a full address starting with https://" error={e.linkUrl} defaultValue={typeof failure?.values.linkUrl === "string" ? failure.values.linkUrl : ""} spellCheck={false} />
          <DocumentFields values={valuesFrom(failure)} errors={e} themes={themes} />
          <UploadProgress progress={progress} />
          <button type="submit" className="govuk-button" disabled={!!progress}>
            Add to the library
          </button>
        </Form>
      </div>
    </div>
  );
}
