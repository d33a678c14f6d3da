import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, MARKDOWN_HINT, TextArea } from "~/components/form";
import { attempt, load } from "~/lib/use-case.server";

export const meta: MetaFunction = () => [{ title: "Edit your post – Total Place Community" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return json(await load(request, () => context.services.forums.getPostForEdit(context.caller, { postId: params.postId })));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await attempt(request, form, () => context.services.forums.editPost(context.caller, { postId: params.postId, body: form.get("body") }));
  if (!result.ok) return json(result, { status: 422 });
  return redirect(result.data.url);
}

export default function EditPost() {
  const post = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{post.thread.title}</span>
        <h1 className="govuk-heading-l">Edit post {post.number}</h1>
        <Form method="post" noValidate>
          <ErrorSummary fieldErrors={failure?.fieldErrors} formError={failure?.formError} />
          <TextArea name="body" label="Message" hint={`${MARKDOWN_HINT} The post will show as edited; facilitators can see earlier versions.`} error={failure?.fieldErrors.body ?? (failure && !Object.keys(failure.fieldErrors).length ? failure.formError : undefined)} defaultValue={failure?.values.body ?? post.bodySource} rows={12} />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button">
              Save changes
            </button>
            <Link to={post.url} className="govuk-link">
              Cancel
            </Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
