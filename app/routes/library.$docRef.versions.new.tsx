import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/form";
import { FileField, UploadProgress, useUploadWithProgress } from "~/components/library-form";
import { parseLibraryUpload, wantsJson } from "~/lib/library-upload.server";
import { attempt, load, redirectToSignIn } from "~/lib/use-case.server";

export const meta: MetaFunction = () => [{ title: "Upload a new version – Library – Total Place Community" }];

const idFrom = (ref: string | undefined) => /^(\d+)/.exec(ref ?? "")?.[1] ?? "0";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  if (!context.caller) throw redirectToSignIn(request);
  const data = await load(request, () => context.services.library.getDocument(context.caller, { documentId: idFrom(params.docRef) }));
  if (!data.canEdit) throw new Response("Only the person who added this document, or a facilitator, can upload a new version", { status: 403 });
  return json({ title: data.document.title, url: data.document.url, current: data.current ? { number: data.versions[0]?.number ?? 1, originalName: data.current.originalName } : null });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { form, upload, uploadError } = await parseLibraryUpload(request, context);
  const result = await attempt(request, form, async () => {
    if (uploadError) throw Object.assign(new Error(uploadError.message), { name: "UserError", status: 422, fieldErrors: { ...uploadError.fieldErrors } });
    return context.services.library.addVersion(context.caller, { documentId: idFrom(params.docRef), upload });
  });
  if (!result.ok) return json(result, { status: 422 });
  if (wantsJson(request)) return json({ ok: true as const, url: result.data.url });
  return redirect(result.data.url);
}

export default function NewVersion() {
  const { title, url, current } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { onSubmit, progress, xhrFailure } = useUploadWithProgress();
  const failure = xhrFailure ?? (actionData && !actionData.ok ? actionData : null);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{title}</span>
        <h1 className="govuk-heading-l">Upload a new version</h1>
        {current ? <p className="govuk-body">The current file is version {current.number}, {current.originalName}. Earlier versions stay available to download.</p> : null}
        <Form method="post" encType="multipart/form-data" noValidate onSubmit={onSubmit}>
          <ErrorSummary fieldErrors={failure?.fieldErrors} formError={failure?.formError} />
          <FileField error={failure?.fieldErrors.file} />
          <UploadProgress progress={progress} />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" disabled={!!progress}>
              Upload new version
            </button>
            <Link className="govuk-link" to={url}>
              Cancel
            </Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
