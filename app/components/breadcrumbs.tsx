import { Link } from "@remix-run/react";

/** GOV.UK breadcrumbs: the pages above this one, each as [label, address]. */
export function Breadcrumbs({ trail }: { trail: [label: string, to: string][] }) {
  return (
    <nav className="govuk-breadcrumbs" aria-label="Breadcrumb">
      <ol className="govuk-breadcrumbs__list">
        {trail.map(([label, to]) => (
          <li className="govuk-breadcrumbs__list-item" key={to}>
            <Link className="govuk-breadcrumbs__link" to={to}>
              {label}
            </Link>
          </li>
        ))}
      </ol>
    </nav>
  );
}
