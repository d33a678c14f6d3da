import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ForumTable } from "~/components/forum-table";
import { useRootData } from "~/root";

export const meta: MetaFunction = () => [{ title: "Total Place Community" }];

export async function loader({ context }: LoaderFunctionArgs) {
  return json(await context.services.forums.listForums(context.caller));
}

export default function Home() {
  const { themes, places } = useLoaderData<typeof loader>();
  const { me } = useRootData();
  return (
    <>
      <h1 className="govuk-heading-xl">Total Place Community</h1>
      <p className="govuk-body-l">
        Where practitioners from the Total Place pilots and beyond share what they are learning about whole-area working: counting public spend, customer insight, place-based budgets and more.
      </p>
      {me ? null : (
        <p className="govuk-body">
          <Link to="/sign-up" className="govuk-button govuk-!-margin-right-2">
            Join the community
          </Link>
          <Link to="/sign-in" className="govuk-link">
            Sign in
          </Link>
        </p>
      )}
      <ForumTable caption="Themes" forums={themes} />
      <ForumTable caption="Pilot places" forums={places} />
    </>
  );
}
