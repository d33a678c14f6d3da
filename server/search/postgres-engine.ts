import type { Db } from "../db/database.ts";
import {
  allowedTypos,
  emptyFacets,
  levenshtein,
  MARK_END,
  MARK_START,
  markedSnippet,
  tokenize,
  typoDistance,
  type EngineHealth,
  type EntityRecords,
  type SearchEngine,
  type SearchQuery,
  type SearchResult,
} from "./engine.ts";
import type { SearchType } from "./record.ts";
import { synonymMap, type SynonymMap } from "./synonyms.ts";

/**
 * A search ranks, counts and facets at most this many matches: the newest ones. A word found in a third
 * of 100,000 posts would otherwise cost hundreds of milliseconds; the planner walks the date index for
 * common words and the GIN index for rare ones. Beyond it the page says "more than …".
 */
export const CANDIDATES = 500;
/**
 * Common words are looked for among the newest rows first (cheap: they fill the candidates there);
 * when that window holds too few matches, the GIN index finds them all.
 */
const RECENT_WINDOW = 4_000;
/** Nearest indexed words looked at per query word before the edit-distance check. */
const NEAR_WORDS = 24;
const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

interface Row {
  id: string;
  type: SearchType;
  title: string;
  context: string;
  url: string;
  page: number | null;
  date: Date;
  snippet: string;
}

/**
 * The embedded engine: PostgreSQL full text (a generated, weighted tsvector with a GIN index) in the
 * application's own database, plus a word list with a trigram index for typo tolerance and suggestions.
 */
export function createPostgresEngine(db: Db, opts: { synonyms?: SynonymMap } = {}): SearchEngine & { tsQuery(q: string): Promise<string | null>; optimize(): Promise<void> } {
  const synonyms = opts.synonyms ?? synonymMap();
  const longestPhrase = Math.max(...[...synonyms.keys()].map((k) => k.split(" ").length));

  /** For each word, the indexed words within its typo allowance (itself excluded). */
  async function typoVariants(words: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    const asked = [...new Set(words.filter((w) => allowedTypos(w) > 0))];
    if (!asked.length) return out;
    const rows = await db.$queryRawUnsafe<{ w: string; word: string }[]>(
      `SELECT q.w, s.word FROM unnest($1::text[]) AS q(w)
       CROSS JOIN LATERAL (SELECT word FROM "SearchWord" ORDER BY word <-> q.w LIMIT ${NEAR_WORDS}) s`,
      asked,
    );
    for (const { w, word } of rows) {
      if (word === w || typoDistance(w, word) > allowedTypos(w)) continue;
      out.set(w, [...(out.get(w) ?? []), word]);
    }
    return out;
  }

  /**
   * Embedded PGlite has no autovacuum: without fresh statistics the planner misjudges how common a word
   * is, and the GIN index's pending list (scanned by every query) keeps growing. Refresh both after a
   * good share of new records.
   */
  let writtenSinceMaintenance = 0;
  let knownRows = 0;
  async function optimizeAfter(records: number) {
    writtenSinceMaintenance += records;
    if (writtenSinceMaintenance < Math.max(2_000, knownRows * 0.2)) return;
    await optimize();
  }
  async function optimize() {
    writtenSinceMaintenance = 0;
    await db.$executeRawUnsafe(`ANALYZE "SearchEntry"`);
    await db.$queryRawUnsafe(`SELECT gin_clean_pending_list('"SearchEntry_searchVector_idx"'::regclass)`);
    const [{ n }] = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT reltuples::int AS n FROM pg_class WHERE relname = 'SearchEntry'`);
    knownRows = Math.max(0, Number(n));
  }

  const lexeme = (w: string) => `'${w}'`;
  const phrase = (p: string) => {
    const ws = p.split(" ");
    return ws.length === 1 ? lexeme(ws[0]) : `(${ws.map(lexeme).join(" <-> ")})`;
  };

  /**
   * Builds a to_tsquery('simple', …) string: every word (or synonym phrase) must match; a word may match
   * itself or an indexed word within its typo allowance; the last word also matches as a prefix unless
   * the query ends with a space; a synonym phrase matches any of its equivalents.
   */
  async function tsQuery(q: string): Promise<string | null> {
    const words = tokenize(q).slice(0, 10);
    if (!words.length) return null;
    const prefixLast = !/\s$/.test(q);
    const near = await typoVariants(words);
    const groups: string[] = [];
    for (let i = 0; i < words.length; ) {
      let len = Math.min(longestPhrase, words.length - i);
      for (; len >= 1; len--) if (synonyms.has(words.slice(i, i + len).join(" "))) break;
      const isLast = i + Math.max(len, 1) === words.length;
      const alternatives = new Set<string>();
      if (len >= 1) {
        const key = words.slice(i, i + len).join(" ");
        for (const p of [key, ...(synonyms.get(key) ?? [])]) alternatives.add(phrase(p));
      }
      if (len <= 1) {
        const w = words[i];
        alternatives.add(lexeme(w));
        for (const v of near.get(w) ?? []) alternatives.add(lexeme(v));
        if (isLast && prefixLast) alternatives.add(`${lexeme(w)}:*`);
      }
      groups.push(`(${[...alternatives].join(" | ")})`);
      i += Math.max(len, 1);
    }
    return groups.join(" & ");
  }

  function where(query: SearchQuery, ts: string | null) {
    const params: unknown[] = [query.visibility];
    const conditions = [`visibility = ANY($1::text[])`];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      conditions.push(sql(params.length));
    };
    if (ts) add((n) => `"searchVector" @@ to_tsquery('simple', $${n})`, ts);
    if (query.types?.length) add((n) => `type = ANY($${n}::text[])`, query.types);
    if (query.themes?.length) add((n) => `themes && $${n}::text[]`, query.themes);
    if (query.places?.length) add((n) => `places && $${n}::text[]`, query.places);
    if (query.years?.length) add((n) => `year = ANY($${n}::int[])`, query.years);
    return { sql: conditions.join(" AND "), params };
  }

  return {
    name: "postgres",
    tsQuery,
    optimize,

    async applySettings() {
      // The schema (migration) is the whole configuration of this engine.
    },

    async replace(batch: EntityRecords[]) {
      if (!batch.length) return;
      const records = batch.flatMap((b) => b.records);
      const words = new Set<string>();
      for (const r of records) for (const w of tokenize(`${r.title} ${r.context ?? ""} ${r.body}`)) if (w.length >= 3 && w.length <= 40) words.add(w);
      await db.$transaction([
        db.searchEntry.deleteMany({ where: { entity: { in: batch.map((b) => b.entity) } } }),
        // A record may be refreshed by another entity's pass (a thread re-indexes its replies).
        db.searchEntry.deleteMany({ where: { id: { in: records.map((r) => r.id) } } }),
        db.searchEntry.createMany({
          data: records.map((r) => ({
            id: r.id,
            entity: r.entity,
            type: r.type,
            title: r.title,
            context: r.context ?? "",
            body: r.body,
            url: r.url,
            page: r.page ?? null,
            themes: r.themes,
            places: r.places,
            date: r.date,
            year: r.date.getUTCFullYear(),
            visibility: r.visibility,
          })),
        }),
        db.$executeRawUnsafe(`INSERT INTO "SearchWord" (word) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, [...words]),
      ]);
      await optimizeAfter(records.length);
    },

    async clear() {
      await db.$executeRawUnsafe(`TRUNCATE "SearchEntry", "SearchWord"`);
    },

    async search(query: SearchQuery): Promise<SearchResult> {
      const ts = await tsQuery(query.q);
      if (query.q.trim() && !ts) return { total: 0, hits: [], facets: emptyFacets() };
      const { sql, params } = where(query, ts);
      const tsParam = ts ? `to_tsquery('simple', $2)` : null;
      const order = query.sort === "date" || !tsParam ? `date DESC, id` : `rank DESC, date DESC, id`;
      // ts_rank (not ts_rank_cd): the same title > context > body weighting at a fraction of the cost.
      const rank = tsParam && query.sort !== "date" ? `ts_rank("searchVector", ${tsParam})` : `0::real`;
      const limit = Math.max(1, Math.min(query.perPage, 100));
      const offset = (Math.max(1, query.page) - 1) * limit;
      const headline = tsParam ? `ts_headline('simple', e.body, ${tsParam}, $${params.length + 1})` : `left(e.body, 240)`;
      // One statement: the matches are found once, then counted by facet and ranked for the page.
      const [row] = await db.$queryRawUnsafe<{ facets: { facet: keyof SearchResult["facets"]; value: string; n: number }[] | null; hits: Row[] | null }[]>(
        `WITH recent AS MATERIALIZED (
           SELECT id, type, themes, places, year, date, "searchVector"
           FROM (SELECT id, type, themes, places, year, date, visibility, "searchVector" FROM "SearchEntry" ORDER BY date DESC LIMIT ${RECENT_WINDOW}) window_rows
           WHERE ${sql} ORDER BY date DESC LIMIT ${CANDIDATES + 1}),
         common AS (SELECT count(*) > ${CANDIDATES} AS yes FROM recent),
         newest AS (
           SELECT * FROM recent WHERE (SELECT yes FROM common)
           UNION ALL
           -- "+ interval '0'" keeps the planner off the date index here: the GIN index finds the rarer words' rows.
           (SELECT id, type, themes, places, year, date, "searchVector" FROM "SearchEntry"
            WHERE NOT (SELECT yes FROM common) AND ${sql} ORDER BY date + interval '0 seconds' DESC LIMIT ${CANDIDATES + 1})),
         m AS MATERIALIZED (SELECT id, type, themes, places, year, date, ${rank} AS rank FROM newest),
         top AS (SELECT id, rank, date FROM m ORDER BY ${order} LIMIT ${limit} OFFSET ${offset})
         SELECT
           (SELECT json_agg(f) FROM (
              SELECT 'type' AS facet, type AS value, count(*)::int AS n FROM m GROUP BY type
              UNION ALL SELECT 'theme', t, count(*)::int FROM m, unnest(themes) t GROUP BY t
              UNION ALL SELECT 'place', p, count(*)::int FROM m, unnest(places) p GROUP BY p
              UNION ALL SELECT 'year', year::text, count(*)::int FROM m GROUP BY year) f) AS facets,
           (SELECT json_agg(h) FROM (
              SELECT e.id, e.type, e.title, e.context, e.url, e.page, e.date, ${headline} AS snippet
              FROM top JOIN "SearchEntry" e USING (id) ORDER BY ${order.replace(/\b(date|id|rank)\b/g, "top.$1")}) h) AS hits`,
        ...(tsParam ? [...params, HEADLINE_OPTIONS] : params),
      );
      const facets = emptyFacets();
      for (const f of row?.facets ?? []) facets[f.facet][f.value] = Number(f.n);
      const found = Object.values(facets.type).reduce((a, b) => a + b, 0);
      return {
        total: Math.min(found, CANDIDATES),
        more: found > CANDIDATES,
        facets,
        hits: (row?.hits ?? []).map((r) => ({ id: r.id, type: r.type, title: r.title, context: r.context, url: r.url, page: r.page, date: new Date(r.date), snippetHtml: markedSnippet(r.snippet) })),
      };
    },

    async suggest(q: string) {
      const words = tokenize(q).slice(0, 10);
      if (!words.length) return null;
      const rows = await db.$queryRawUnsafe<{ w: string; word: string }[]>(
        `SELECT q.w, s.word FROM unnest($1::text[]) AS q(w)
         CROSS JOIN LATERAL (SELECT word FROM "SearchWord" ORDER BY word <-> q.w LIMIT 8) s`,
        [...new Set(words)],
      );
      const best = new Map<string, { word: string; d: number }>();
      for (const { w, word } of rows) {
        const d = levenshtein(w, word);
        const current = best.get(w);
        if (d <= Math.max(2, Math.floor(w.length / 3)) && (!current || d < current.d)) best.set(w, { word, d });
      }
      let changed = false;
      const corrected = words.map((w) => {
        const b = best.get(w);
        if (!b || b.d === 0) return w;
        changed = true;
        return b.word;
      });
      return changed ? corrected.join(" ") : null;
    },

    async health(): Promise<EngineHealth> {
      try {
        await db.$queryRawUnsafe(`SELECT 1 FROM "SearchEntry" LIMIT 1`);
        return { engine: "postgres", ok: true };
      } catch (error) {
        return { engine: "postgres", ok: false, detail: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
