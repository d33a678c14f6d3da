import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ForumTable } from "~/components/forum-table";
import { useRootData } from "~/root";

export const meta: MetaFunction = () => [{ title: "Forums – Total Place Community" }];

export async function loader({ context }: LoaderFunctionArgs) {
  return json(await context.services.forums.listForums(context.caller));
}

export default function Forums() {
  const { themes, places } = useLoaderData<typeof loader>();
  const { me } = useRootData();
  return (
    <>
      <h1 className="govuk-heading-xl">Forums</h1>
      <p className="govuk-body">Discuss a theme across places, or what is happening in one pilot place.</p>
      {me && me.role !== "member" ? (
        <p className="govuk-body">
          <Link to="/forums/new" className="govuk-button govuk-button--secondary">
            Create a forum
          </Link>
        </p>
      ) : null}
      <ForumTable caption="Themes" forums={themes} />
      <ForumTable caption="Pilot places" forums={places} />
    </>
  );
}
