import { Link } from "@remix-run/react";

/** GOV.UK pagination: previous, a window of page numbers, next. */
export function Pagination({ page, pageCount, href, label = "Pages" }: { page: number; pageCount: number; href: (page: number) => string; label?: string }) {
  if (pageCount <= 1) return null;
  const pages = new Set([1, pageCount, page - 1, page, page + 1].filter((p) => p >= 1 && p <= pageCount));
  const sorted = [...pages].sort((a, b) => a - b);
  return (
    <nav className="govuk-pagination" aria-label={label}>
      {page > 1 ? (
        <div className="govuk-pagination__prev">
          <Link className="govuk-link govuk-pagination__link" to={href(page - 1)} rel="prev">
            <span className="govuk-pagination__link-title">
              Previous<span className="govuk-visually-hidden"> page</span>
            </span>
          </Link>
        </div>
      ) : null}
      <ul className="govuk-pagination__list">
        {sorted.map((p, i) => (
          <PageItem key={p} p={p} current={p === page} gap={i > 0 && p - sorted[i - 1] > 1} href={href(p)} />
        ))}
      </ul>
      {page < pageCount ? (
        <div className="govuk-pagination__next">
          <Link className="govuk-link govuk-pagination__link" to={href(page + 1)} rel="next">
            <span className="govuk-pagination__link-title">
              Next<span className="govuk-visually-hidden"> page</span>
            </span>
          </Link>
        </div>
      ) : null}
    </nav>
  );
}

function PageItem({ p, current, gap, href }: { p: number; current: boolean; gap: boolean; href: string }) {
  return (
    <>
      {gap ? <li className="govuk-pagination__item govuk-pagination__item--ellipses">&ctdot;</li> : null}
      <li className={`govuk-pagination__item${current ? " govuk-pagination__item--current" : ""}`}>
        <Link className="govuk-link govuk-pagination__link" to={href} aria-label={`Page ${p}`} aria-current={current ? "page" : undefined}>
          {p}
        </Link>
      </li>
    </>
  );
}
