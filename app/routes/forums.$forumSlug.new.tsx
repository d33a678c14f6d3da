import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, MARKDOWN_HINT, TextArea, TextInput } from "~/components/form";
import { attempt, formObject, load, redirectToSignIn } from "~/lib/use-case.server";
import { Breadcrumbs } from "~/components/breadcrumbs";

export const meta: MetaFunction = () => [{ title: "Start a new thread – Total Place Community" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  if (!context.caller) throw redirectToSignIn(request);
  const { forum } = await load(request, () => context.services.forums.getForum(context.caller, { slug: params.forumSlug ?? "" }));
  return json({ forum: { slug: forum.slug, name: forum.name } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await attempt(request, form, () => context.services.forums.createThread(context.caller, { ...formObject(form), forumSlug: params.forumSlug }));
  if (!result.ok) return json(result, { status: 422 });
  return redirect(result.data.url);
}

export default function NewThread() {
  const { forum } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = failure?.fieldErrors ?? {};
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Breadcrumbs trail={[["Forums", "/forums"], [forum.name, `/forums/${forum.slug}`]]} />
        <h1 className="govuk-heading-l">Start a new thread in {forum.name}</h1>
        <Form method="post" noValidate>
          <ErrorSummary fieldErrors={errors} formError={failure?.formError} />
          <TextInput name="title" label="Title" hint="Say what the thread is about, as a question if you have one." error={errors.title} defaultValue={failure?.values.title} />
          <TextArea name="body" label="Message" hint={MARKDOWN_HINT} error={errors.body} defaultValue={failure?.values.body} rows={12} />
          <button type="submit" className="govuk-button" disabled={busy}>
            Post thread
          </button>
        </Form>
      </div>
    </div>
  );
}
