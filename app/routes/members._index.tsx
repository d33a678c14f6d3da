import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Avatar } from "~/components/avatar";
import { Select } from "~/components/form";
import { Pagination } from "~/components/pagination";
import { plural } from "~/lib/format";
import { load } from "~/lib/use-case.server";

export const meta: MetaFunction = () => [{ title: "Members – Total Place Community" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return json(await load(request, () => context.services.members.listMembers(context.caller, params)));
}

export default function MembersDirectory() {
  const { members, total, page, pageCount, query, filters, memberCount } = useLoaderData<typeof loader>();
  const filtered = !!(query.q || query.organisation || query.place || query.role || query.theme);
  const href = (p: number) => {
    const sp = new URLSearchParams(Object.entries({ q: query.q, organisation: query.organisation, place: query.place, role: query.role, theme: query.theme }).filter(([, v]) => v) as [string, string][]);
    sp.set("page", String(p));
    return `/members?${sp}`;
  };
  return (
    <>
      <h1 className="govuk-heading-xl">Members</h1>
      <p className="govuk-body-l">{plural(memberCount, "member")} from councils, health, police and the voluntary sector.</p>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <Form method="get" role="search" aria-label="Find members">
            <div className="govuk-form-group">
              <label className="govuk-label govuk-label--s" htmlFor="q">
                Name, organisation or job title
              </label>
              <input className="govuk-input" id="q" name="q" type="search" defaultValue={query.q} />
            </div>
            <Select name="organisation" label="Organisation" labelClassName="govuk-label--s" defaultValue={query.organisation} options={anyOf("Any organisation", filters.organisations)} />
            <Select name="place" label="Place" labelClassName="govuk-label--s" defaultValue={query.place} options={anyOf("Any place", filters.places)} />
            <Select
              name="role"
              label="Role"
              labelClassName="govuk-label--s"
              defaultValue={query.role}
              options={[{ value: "", label: "Any role" }, { value: "member", label: "Member" }, { value: "facilitator", label: "Facilitator" }, { value: "admin", label: "Admin" }]}
            />
            <Select name="theme" label="Interested in" labelClassName="govuk-label--s" defaultValue={query.theme} options={anyOf("Any theme", filters.themes)} />
            <button type="submit" className="govuk-button">
              Find members
            </button>{" "}
            {filtered ? (
              <Link to="/members" className="govuk-link">
                Clear
              </Link>
            ) : null}
          </Form>
        </div>
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body" role="status" data-testid="member-total">
            {filtered ? `${plural(total, "member")} found` : `Showing all ${plural(total, "member")}`}
          </p>
          <ul className="tpc-member-list">
            {members.map((m) => (
              <li key={m.handle} className="tpc-member-list__item">
                <Avatar url={m.avatarUrl} name={m.fullName} />
                <div>
                  <Link to={`/members/${m.handle}`} className="govuk-link govuk-!-font-weight-bold">
                    {m.fullName}
                  </Link>
                  {m.role !== "member" ? <strong className="govuk-tag govuk-tag--grey govuk-!-margin-left-2">{m.role}</strong> : null}
                  <p className="govuk-body-s govuk-!-margin-bottom-0">
                    {m.jobTitle}, {m.organisation}
                    {m.place ? ` · ${m.place}` : ""}
                  </p>
                  {m.themeInterests.length ? <p className="govuk-body-s tpc-muted govuk-!-margin-bottom-0">Interested in {m.themeInterests.join(", ")}</p> : null}
                </div>
              </li>
            ))}
          </ul>
          {members.length === 0 ? <p className="govuk-body">No members match. Try fewer filters.</p> : null}
          <Pagination page={page} pageCount={pageCount} href={href} label="Member pages" />
        </div>
      </div>
    </>
  );
}

/** A filter's choices: "any" first (no filter), then each value as its own label. */
const anyOf = (any: string, values: string[]) => [{ value: "", label: any }, ...values.map((v) => ({ value: v, label: v }))];
