import { Link } from "@remix-run/react";
import { formatDateTime } from "~/lib/format";

export interface ForumRow {
  slug: string;
  name: string;
  description: string;
  threadCount: number;
  postCount: number;
  lastPostAt: string | null;
}

/** Forums with their counts and last activity, as a GOV.UK table. */
export function ForumTable({ caption, forums }: { caption: string; forums: ForumRow[] }) {
  return (
    <table className="govuk-table tpc-forum-table">
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            Forum
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Threads
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Posts
          </th>
          <th scope="col" className="govuk-table__header">
            Last activity
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {forums.map((f) => (
          <tr className="govuk-table__row" key={f.slug}>
            <td className="govuk-table__cell">
              <Link to={`/forums/${f.slug}`} className="govuk-link govuk-!-font-weight-bold">
                {f.name}
              </Link>
              <p className="govuk-body-s govuk-!-margin-bottom-0 tpc-muted">{f.description}</p>
            </td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{f.threadCount.toLocaleString("en-GB")}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{f.postCount.toLocaleString("en-GB")}</td>
            <td className="govuk-table__cell govuk-body-s">{f.lastPostAt ? formatDateTime(f.lastPostAt) : "No posts yet"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
