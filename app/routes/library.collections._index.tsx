import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, TextArea, TextInput } from "~/components/form";
import { plural } from "~/lib/format";
import { attempt, formObject } from "~/lib/use-case.server";
import { useRootData } from "~/root";
import { Breadcrumbs } from "~/components/breadcrumbs";

export const meta: MetaFunction = () => [{ title: "Collections – Library – Total Place Community" }];

export async function loader({ context }: LoaderFunctionArgs) {
  return json({ collections: await context.services.library.listCollections(context.caller) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await attempt(request, form, () => context.services.library.createCollection(context.caller, formObject(form)));
  if (!result.ok) return json(result, { status: 422 });
  return redirect(result.data.url);
}

export default function Collections() {
  const { collections } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { me } = useRootData();
  const e = failure?.fieldErrors ?? {};
  return (
    <>
      <Breadcrumbs trail={[["Library", "/library"]]} />
      <h1 className="govuk-heading-xl">Collections</h1>
      <p className="govuk-body">Sets of library items chosen by the community's facilitators.</p>
      {collections.length === 0 ? <p className="govuk-body">No collections yet.</p> : null}
      <ul className="govuk-list tpc-thread-list">
        {collections.map((c) => (
          <li key={c.id} className="tpc-thread-list__item">
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
              <Link className="govuk-link" to={`/library/collections/${c.slug}`}>
                {c.name}
              </Link>
            </h2>
            <p className="govuk-body-s govuk-!-margin-bottom-0">
              {c.description} <span className="tpc-muted">({plural(c.documentCount, "item")})</span>
            </p>
          </li>
        ))}
      </ul>
      {me && me.role !== "member" ? (
        <Form method="post" noValidate className="govuk-!-margin-top-6">
          <h2 className="govuk-heading-m">Create a collection</h2>
          <ErrorSummary fieldErrors={e} formError={failure?.formError} />
          <TextInput name="name" label="Name" error={e.name} defaultValue={failure?.values.name} />
          <TextArea name="description" label="Description (optional)" error={e.description} defaultValue={failure?.values.description} rows={3} />
          <button className="govuk-button" type="submit">
            Create collection
          </button>
        </Form>
      ) : null}
    </>
  );
}
