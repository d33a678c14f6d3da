import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { plural } from "~/lib/format";
import { useRootData } from "~/root";

export const meta: MetaFunction = () => [
  { title: "Library – Total Place Community" },
  // Feed autodiscovery (the feed: library.documentsFeed).
  { tagName: "link", rel: "alternate", type: "application/atom+xml", title: "New in the library (Atom)", href: "/library/feed.xml" },
];

const FACETS = ["type", "theme", "place", "year", "collection"] as const;
const FACET_NAMES = { type: "Type", theme: "Theme", place: "Place", year: "Year published", collection: "Collection" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const get = (k: string) => url.searchParams.get(k) || undefined;
  return json(await context.services.library.browseDocuments(context.caller, { type: get("type"), theme: get("theme"), place: get("place"), year: get("year") as never, collection: get("collection"), page: get("page") as never }));
}

export default function Library() {
  const { facets, filters, documents, total, page, pageCount } = useLoaderData<typeof loader>();
  const { me } = useRootData();
  const href = (change: Record<string, string | number | null>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters, ...change })) if (v != null && v !== "" && k !== "page") params.set(k, String(v));
    if (change.page && change.page !== 1) params.set("page", String(change.page));
    const qs = params.toString();
    return qs ? `/library?${qs}` : "/library";
  };
  const active = FACETS.filter((f) => filters[f] != null);
  return (
    <>
      <h1 className="govuk-heading-xl">Library</h1>
      <p className="govuk-body">Reports, guides, learning histories, presentations and graphic recordings from the Total Place pilots.</p>
      <div className="tpc-actions">
        {me ? (
          <Link to="/library/new" className="govuk-button govuk-button--secondary">
            Add to the library
          </Link>
        ) : null}
        <p className="govuk-body">
          <Link to="/library/collections" className="govuk-link">
            Collections
          </Link>
        </p>
        <p className="govuk-body">
          <a href="/library/feed.xml" className="govuk-link">
            Follow new documents with the Atom feed
          </a>
        </p>
      </div>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <h2 className="govuk-heading-m">Browse</h2>
          {FACETS.map((f) =>
            facets[f].length ? (
              <nav key={f} aria-label={`Filter by ${FACET_NAMES[f].toLowerCase()}`} className="tpc-facet">
                <h3 className="govuk-heading-s govuk-!-margin-bottom-1">{FACET_NAMES[f]}</h3>
                <ul className="govuk-list govuk-body-s">
                  {facets[f].map((v) => {
                    const selected = String(filters[f] ?? "") === v.value;
                    return (
                      <li key={v.value}>
                        <Link className="govuk-link" to={href({ [f]: selected ? null : v.value })} aria-current={selected ? "true" : undefined}>
                          {selected ? <strong>{v.label}</strong> : v.label}
                        </Link>{" "}
                        <span className="tpc-muted">({v.count})</span>
                      </li>
                    );
                  })}
                </ul>
              </nav>
            ) : null,
          )}
        </div>
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">{plural(total, "item")}</h2>
          {active.length ? (
            <p className="govuk-body-s">
              Filtered by{" "}
              {active.map((f, i) => (
                <span key={f}>
                  {i ? ", " : ""}
                  {FACET_NAMES[f].toLowerCase()}: {facets[f].find((v) => v.value === String(filters[f]))?.label ?? String(filters[f])}{" "}
                  <Link className="govuk-link" to={href({ [f]: null })}>
                    (remove<span className="govuk-visually-hidden"> this filter</span>)
                  </Link>
                </span>
              ))}
            </p>
          ) : null}
          {documents.length === 0 ? <p className="govuk-body">Nothing in the library matches.</p> : null}
          <ul className="govuk-list tpc-thread-list">
            {documents.map((d) => (
              <li key={d.id} className="tpc-thread-list__item">
                <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
                  <Link to={d.url} className="govuk-link">
                    {d.title}
                  </Link>
                </h3>
                <p className="govuk-body-s govuk-!-margin-bottom-1 tpc-muted">
                  {[d.itemTypeLabel, d.authors.split("\n").filter(Boolean).slice(0, 3).join(", "), d.publisher, d.publishedYear, d.format, d.pageCount ? plural(d.pageCount, "page") : null].filter(Boolean).join(" · ")}
                </p>
                {d.description ? <p className="govuk-body-s govuk-!-margin-bottom-0">{d.description}</p> : null}
              </li>
            ))}
          </ul>
          <Pagination page={page} pageCount={pageCount} href={(p) => href({ page: p })} label="Library pages" />
        </div>
      </div>
    </>
  );
}
