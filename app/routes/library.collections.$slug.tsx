import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, TextArea, TextInput } from "~/components/form";
import { plural } from "~/lib/format";
import { attempt, formObject, load } from "~/lib/use-case.server";
import { Breadcrumbs } from "~/components/breadcrumbs";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.collection.name ?? "Collection"} – Library – Total Place Community` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return json(await load(request, () => context.services.library.getCollection(context.caller, { slug: params.slug ?? "" })));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await attempt(request, form, () => context.services.library.updateCollection(context.caller, { ...formObject(form), slug: params.slug ?? "" }));
  if (!result.ok) return json(result, { status: 422 });
  return redirect(result.data.url);
}

export default function Collection() {
  const { collection, documents, canCurate } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const e = failure?.fieldErrors ?? {};
  return (
    <>
      <Breadcrumbs trail={[["Library", "/library"], ["Collections", "/library/collections"]]} />
      <span className="govuk-caption-l">Collection</span>
      <h1 className="govuk-heading-xl">{collection.name}</h1>
      {collection.description ? <p className="govuk-body tpc-pre-line">{collection.description}</p> : null}
      <h2 className="govuk-heading-m">{plural(documents.length, "item")}</h2>
      <ul className="govuk-list tpc-thread-list">
        {documents.map((d) => (
          <li key={d.id} className="tpc-thread-list__item">
            <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
              <Link className="govuk-link" to={d.url}>
                {d.title}
              </Link>
            </h3>
            <p className="govuk-body-s govuk-!-margin-bottom-0 tpc-muted">{[d.itemTypeLabel, d.publisher, d.publishedYear, d.format].filter(Boolean).join(" · ")}</p>
          </li>
        ))}
      </ul>
      {canCurate ? (
        <Form method="post" noValidate className="govuk-!-margin-top-6">
          <h2 className="govuk-heading-m">Edit this collection</h2>
          <p className="govuk-body-s">Add or remove items from each document's page.</p>
          <ErrorSummary fieldErrors={e} formError={failure?.formError} />
          <TextInput name="name" label="Name" error={e.name} defaultValue={failure?.values.name ?? collection.name} />
          <TextArea name="description" label="Description (optional)" error={e.description} defaultValue={failure?.values.description ?? collection.description} rows={3} />
          <button className="govuk-button" type="submit">
            Save collection
          </button>
        </Form>
      ) : null}
    </>
  );
}
