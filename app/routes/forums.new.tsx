import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { ForumForm } from "~/components/forum-form";
import { attempt, formObject, redirectToSignIn } from "~/lib/use-case.server";

export const meta: MetaFunction = () => [{ title: "Create a forum – Total Place Community" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.caller) throw redirectToSignIn(request);
  if (context.caller.role === "member") throw new Response("Only facilitators can create forums", { status: 403 });
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await attempt(request, form, () => context.services.forums.createForum(context.caller, formObject(form)));
  if (!result.ok) return json(result, { status: 422 });
  return redirect(`/forums/${result.data.slug}`);
}

export default function NewForum() {
  const failure = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Create a forum</h1>
        <ForumForm failure={failure} submitLabel="Create forum" />
      </div>
    </div>
  );
}
