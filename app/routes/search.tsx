import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { Pagination } from "~/components/pagination";
import { isUserError } from "~/lib/use-case.server";
import { TYPE_LABELS } from "../../server/modules/search/search.schema";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data && "input" in data && data.input?.q ? `${data.input.q} – Search – Total Place Community` : "Search – Total Place Community" }];

const FILTERS = ["type", "theme", "place", "year"] as const;
type Filter = (typeof FILTERS)[number];
type Params = { q: string; sort: string; type: string[]; theme: string[]; place: string[]; year: string[] };

function paramsFrom(url: URL): Params {
  const sp = url.searchParams;
  return { q: sp.get("q") ?? "", sort: sp.get("sort") ?? "relevance", type: sp.getAll("type"), theme: sp.getAll("theme"), place: sp.getAll("place"), year: sp.getAll("year") };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const params = paramsFrom(url);
  try {
    const result = await context.services.search.search(context.caller, { ...params, page: url.searchParams.get("page") ?? undefined }, { clientKey: context.ip });
    return json({ params, error: null, ...result });
  } catch (error) {
    if (isUserError(error)) return json({ params, error: Object.values(error.fieldErrors)[0] ?? error.message, searched: false as const, total: 0, hits: [], facets: null, suggestion: null, pageCount: 0, input: null }, { status: error.status === 429 ? 429 : 200 });
    throw error;
  }
}

/** A /search address with some of the current parameters changed (page resets unless given). */
function href(p: Params, change: Partial<Params> & { page?: number } = {}) {
  const next = { ...p, ...change };
  const sp = new URLSearchParams();
  if (next.q) sp.set("q", next.q);
  for (const f of FILTERS) for (const v of next[f]) sp.append(f, v);
  if (next.sort && next.sort !== "relevance") sp.set("sort", next.sort);
  if (change.page && change.page > 1) sp.set("page", String(change.page));
  const s = sp.toString();
  return s ? `/search?${s}` : "/search";
}

const FACET_TITLES: Record<Filter, string> = { type: "Type", theme: "Theme", place: "Place", year: "Year" };
const facetKey = { type: "type", theme: "theme", place: "place", year: "year" } as const;
const labelFor = (f: Filter, v: string) => (f === "type" ? (TYPE_LABELS[v as keyof typeof TYPE_LABELS] ?? v) : v);
const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });

export default function Search() {
  const loaded = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof loader>();
  // Instant results replace the page's results until the next navigation.
  const [instant, setInstant] = useState(false);
  const data = instant && fetcher.data ? fetcher.data : loaded;
  const p = data.params;
  const [q, setQ] = useState(loaded.params.q);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    setInstant(false);
    setQ(loaded.params.q);
  }, [loaded]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  function typed(value: string) {
    setQ(value);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      setInstant(true);
      fetcher.load(href({ ...loaded.params, q: value }));
    }, 250);
  }

  const resultLinks = () => Array.from(list.current?.querySelectorAll<HTMLAnchorElement>("a[data-result]") ?? []);
  function onInputKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown") {
      const first = resultLinks()[0];
      if (first) {
        e.preventDefault();
        first.focus();
      }
    }
  }
  function onListKey(e: KeyboardEvent<HTMLOListElement>) {
    const links = resultLinks();
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (at < 0) return;
    if (e.key === "ArrowDown" && at < links.length - 1) {
      e.preventDefault();
      links[at + 1].focus();
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      (at === 0 ? input.current : links[at - 1])?.focus();
    } else if (e.key === "Escape") {
      input.current?.focus();
    }
  }

  const selected = FILTERS.flatMap((f) => p[f].map((v) => ({ f, v })));
  return (
    <>
      <h1 className="govuk-heading-xl">Search</h1>
      <Form method="get" action="/search" role="search" className="tpc-search-form" aria-label="Search the community">
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="search-q">
            Search discussions, events, live threads and the library
          </label>
          <div className="tpc-search-form__row">
            <input
              ref={input}
              className="govuk-input tpc-search-form__input"
              id="search-q"
              name="q"
              type="search"
              value={q}
              onChange={(e) => typed(e.target.value)}
              onKeyDown={onInputKey}
              autoComplete="off"
              maxLength={200}
              aria-describedby="search-hint"
              aria-controls="search-results"
            />
            <button type="submit" className="govuk-button tpc-search-form__button" data-module="govuk-button">
              Search
            </button>
          </div>
          <div id="search-hint" className="govuk-hint">
            Results appear as you type. Use the down arrow to move through them.
          </div>
        </div>
        {FILTERS.flatMap((f) => p[f].map((v) => <input key={`${f}:${v}`} type="hidden" name={f} value={v} />))}
        <div className="govuk-form-group tpc-search-form__sort">
          <label className="govuk-label" htmlFor="search-sort">
            Sort by
          </label>
          <select className="govuk-select" id="search-sort" name="sort" defaultValue={p.sort} key={p.sort}>
            <option value="relevance">Relevance</option>
            <option value="date">Date (newest first)</option>
          </select>
        </div>
      </Form>

      {data.error ? (
        <div className="govuk-error-summary" role="alert" tabIndex={-1}>
          <h2 className="govuk-error-summary__title">There is a problem</h2>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">{data.error}</p>
          </div>
        </div>
      ) : null}

      <p className="govuk-body tpc-search-count" aria-live="polite" role="status">
        {data.searched ? `${"more" in data && data.more ? "More than " : ""}${data.total.toLocaleString("en-GB")} ${data.total === 1 ? "result" : "results"}${fetcher.state === "loading" ? " (updating…)" : ""}` : ""}
      </p>

      {selected.length ? (
        <div className="tpc-search-selected">
          <h2 className="govuk-heading-s">Filters</h2>
          <ul className="govuk-list tpc-search-selected__list">
            {selected.map(({ f, v }) => (
              <li key={`${f}:${v}`}>
                <Link className="govuk-link" to={href(p, { [f]: p[f].filter((x) => x !== v) })}>
                  Remove filter<span className="govuk-visually-hidden"> {FACET_TITLES[f].toLowerCase()}</span>: {labelFor(f, v)}
                </Link>
              </li>
            ))}
            {selected.length > 1 ? (
              <li>
                <Link className="govuk-link" to={href(p, { type: [], theme: [], place: [], year: [] })}>
                  Remove all filters
                </Link>
              </li>
            ) : null}
          </ul>
        </div>
      ) : null}

      {!data.searched && !data.error ? (
        <div className="tpc-search-empty">
          <p className="govuk-body">Type a few words. Searches find:</p>
          <ul className="govuk-list govuk-list--bullet">
            <li>forum discussions and replies, events and what was said in their live threads, and the full text of library documents</li>
            <li>words with a small typo, and the start of the last word you type</li>
            <li>acronyms and what they stand for: NEET finds “not in education, employment or training”, LAA finds “local area agreement”</li>
          </ul>
        </div>
      ) : null}

      {data.searched && data.total === 0 ? (
        <div className="tpc-search-none">
          <h2 className="govuk-heading-m">No results{p.q ? ` for “${p.q}”` : ""}</h2>
          {data.suggestion ? (
            <p className="govuk-body">
              Did you mean{" "}
              <Link className="govuk-link" to={href(p, { q: data.suggestion })}>
                {data.suggestion}
              </Link>
              ?
            </p>
          ) : null}
          <ul className="govuk-list govuk-list--bullet">
            <li>check the spelling, or use fewer or more general words</li>
            {selected.length ? (
              <li>
                <Link className="govuk-link" to={href(p, { type: [], theme: [], place: [], year: [] })}>
                  search again without filters
                </Link>
              </li>
            ) : null}
          </ul>
        </div>
      ) : null}

      {data.searched && data.total > 0 ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-quarter">
            <h2 className="govuk-heading-s">Refine</h2>
            {data.facets
              ? FILTERS.map((f) => {
                  const counts = Object.entries(data.facets[facetKey[f]]).sort((a, b) => (f === "year" ? Number(b[0]) - Number(a[0]) : b[1] - a[1] || a[0].localeCompare(b[0])));
                  if (!counts.length) return null;
                  return (
                    <nav key={f} className="tpc-facet" aria-label={`Filter by ${FACET_TITLES[f].toLowerCase()}`}>
                      <h3 className="govuk-heading-s tpc-facet__title">{FACET_TITLES[f]}</h3>
                      <ul className="govuk-list tpc-facet__list">
                        {counts.slice(0, 15).map(([value, n]) => {
                          const on = p[f].includes(value);
                          return (
                            <li key={value}>
                              <Link className="govuk-link" aria-current={on ? "true" : undefined} to={href(p, { [f]: on ? p[f].filter((x) => x !== value) : [...p[f], value] })}>
                                {on ? <span className="govuk-visually-hidden">Remove filter: </span> : null}
                                {labelFor(f, value)}
                              </Link>{" "}
                              <span className="tpc-facet__count">({n.toLocaleString("en-GB")})</span>
                            </li>
                          );
                        })}
                      </ul>
                    </nav>
                  );
                })
              : null}
          </div>
          <div className="govuk-grid-column-three-quarters">
            <ol className="tpc-search-results" id="search-results" ref={list} onKeyDown={onListKey} aria-label="Search results">
              {data.hits.map((hit) => (
                <li key={hit.id} className="tpc-search-result">
                  <p className="govuk-body-s tpc-search-result__meta">
                    <strong className="govuk-tag govuk-tag--grey">{TYPE_LABELS[hit.type] ?? hit.type}</strong> {hit.context}
                    {hit.context ? " · " : ""}
                    <time dateTime={String(hit.date)}>{dateFormat.format(new Date(hit.date))}</time>
                  </p>
                  <h3 className="govuk-heading-s tpc-search-result__title">
                    <a className="govuk-link" href={hit.url} data-result="">
                      {hit.title}
                      {hit.page != null ? <span className="tpc-search-result__page"> – page {hit.page}</span> : null}
                    </a>
                  </h3>
                  {/* Escaped by the engine adapter; only <mark> is markup. */}
                  <p className="govuk-body tpc-search-result__snippet" dangerouslySetInnerHTML={{ __html: hit.snippetHtml }} />
                </li>
              ))}
            </ol>
            {"more" in data && data.more ? <p className="govuk-body">Showing the newest {data.total.toLocaleString("en-GB")} matches, most relevant first. Add a word or choose a filter to narrow them down.</p> : null}
            {"input" in data && data.input ? <Pagination page={data.input.page} pageCount={data.pageCount} href={(n) => href(p, { page: n })} label="Result pages" /> : null}
          </div>
        </div>
      ) : null}
    </>
  );
}
