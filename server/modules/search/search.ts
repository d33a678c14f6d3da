import { TooManyRequests, validate } from "../../lib/errors.ts";
import { RateLimiter } from "../../lib/rate-limit.ts";
import { visibilityFor, type SearchEngine } from "../../search/engine.ts";
import type { Caller } from "../deps.ts";
import type { Logger } from "../../logger.ts";
import { RESULTS_PER_PAGE, searchSchema } from "./search.schema.ts";

export function createSearch(deps: { engine: SearchEngine; log: Logger }) {
  const { engine, log } = deps;
  // Instant results send a request per pause in typing; 120 a minute is a fast typist, not a scraper.
  const limiter = new RateLimiter(120, 60_000);

  /**
   * One search over every content type. What the caller may see is decided here from their role and
   * enforced inside the engine's query, so counts and facets never reveal hidden content.
   */
  async function search(caller: Caller, input: unknown, opts: { clientKey?: string } = {}) {
    const data = validate(searchSchema, input);
    const wait = limiter.hit(caller?.id ?? opts.clientKey ?? "anonymous");
    if (wait) throw new TooManyRequests(`Too many searches. Wait ${wait} seconds and search again.`, wait);
    const q = data.q.replace(/\s+/g, " ").replace(/^ /, "");
    const filtered = data.type.length + data.theme.length + data.place.length + data.year.length > 0;
    if (!q.trim() && !filtered) return { input: data, searched: false as const, total: 0, hits: [], facets: null, suggestion: null, pageCount: 0 };
    const started = performance.now();
    const query = {
      q,
      types: data.type,
      themes: data.theme,
      places: data.place,
      years: data.year,
      sort: data.sort,
      page: data.page,
      perPage: RESULTS_PER_PAGE,
      visibility: visibilityFor(caller),
    };
    const result = await engine.search(query);
    let suggestion = result.total === 0 && q.trim() ? await engine.suggest(q) : null;
    // Only suggest a spelling that finds something for this searcher.
    if (suggestion && (await engine.search({ ...query, q: suggestion, page: 1, perPage: 1 })).total === 0) suggestion = null;
    log.debug({ q, total: result.total, ms: Math.round(performance.now() - started) }, "search");
    return { input: data, searched: true as const, ...result, suggestion, pageCount: Math.ceil(Math.min(result.total, 10_000) / RESULTS_PER_PAGE) };
  }

  return { search, health: () => engine.health() };
}
