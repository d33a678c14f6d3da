import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, TextInput } from "~/components/form";
import { DocumentFields, valuesFrom, type LibraryFailure } from "~/components/library-form";
import { documentFieldsFrom } from "~/lib/library-upload.server";
import { attempt, load, redirectToSignIn } from "~/lib/use-case.server";

export const meta: MetaFunction = () => [{ title: "Edit document details – Library – Total Place Community" }];

const idFrom = (ref: string | undefined) => /^(\d+)/.exec(ref ?? "")?.[1] ?? "0";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  if (!context.caller) throw redirectToSignIn(request);
  const data = await load(request, () => context.services.library.getDocument(context.caller, { documentId: idFrom(params.docRef) }));
  if (!data.canEdit) throw new Response("Only the person who added this document, or a facilitator, can edit it", { status: 403 });
  const themes = await context.services.forums.themeTags(context.caller);
  const d = data.document;
  const published = d.publishedOn ? new Date(d.publishedOn) : null;
  return json({
    themes: [...new Set([...themes, ...d.themes])],
    isLink: !!d.linkUrl,
    initial: {
      title: d.title,
      authors: d.authors,
      itemType: d.itemType,
      themes: d.themes,
      places: d.places,
      publishedDay: published ? String(published.getUTCDate()) : "",
      publishedMonth: published ? String(published.getUTCMonth() + 1) : "",
      publishedYear: d.publishedYear ? String(d.publishedYear) : "",
      publisher: d.publisher,
      description: d.description,
      licence: d.licence,
      linkUrl: d.linkUrl ?? "",
    },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await attempt(request, form, () => context.services.library.updateDocument(context.caller, { documentId: idFrom(params.docRef), ...documentFieldsFrom(form) }));
  if (!result.ok) return json({ ...result, lists: { themes: form.getAll("themes").map(String), places: form.getAll("places").map(String) } } satisfies LibraryFailure, { status: 422 });
  return redirect(result.data.url);
}

export default function EditDocument() {
  const { themes, initial, isLink } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const values = valuesFrom(failure, initial);
  const e = failure?.fieldErrors ?? {};
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Edit document details</h1>
        <Form method="post" noValidate>
          <ErrorSummary fieldErrors={e} formError={failure?.formError} labels={{ itemType: "itemType-report" }} />
          {isLink ? <TextInput name="linkUrl" label="Link" hint="A full address starting with https://" error={e.linkUrl} defaultValue={String(values.linkUrl ?? "")} spellCheck={false} /> : null}
          <DocumentFields values={values} errors={e} themes={themes} />
          <button type="submit" className="govuk-button">
            Save changes
          </button>
        </Form>
      </div>
    </div>
  );
}
