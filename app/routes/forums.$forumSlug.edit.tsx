import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ForumForm } from "~/components/forum-form";
import { attempt, formObject, load, redirectToSignIn } from "~/lib/use-case.server";

export const meta: MetaFunction = () => [{ title: "Edit forum – Total Place Community" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  if (!context.caller) throw redirectToSignIn(request);
  if (context.caller.role === "member") throw new Response("Only facilitators can edit forums", { status: 403 });
  const { forum } = await load(request, () => context.services.forums.getForum(context.caller, { slug: params.forumSlug ?? "" }));
  return json({ forum: { name: forum.name, description: forum.description, kind: forum.kind, slug: forum.slug } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await attempt(request, form, () => context.services.forums.updateForum(context.caller, { ...formObject(form), slug: params.forumSlug ?? "" }));
  if (!result.ok) return json(result, { status: 422 });
  return redirect(`/forums/${result.data.slug}`);
}

export default function EditForum() {
  const { forum } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Edit {forum.name}</h1>
        <ForumForm failure={failure} initial={forum} submitLabel="Save changes" />
      </div>
    </div>
  );
}
