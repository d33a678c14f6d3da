import type { SearchRecord, SearchType, SearchVisibility } from "./record.ts";

/** What one search asks for. Visibility is decided by the caller's role, never by the searcher's input. */
export interface SearchQuery {
  q: string;
  types?: SearchType[];
  themes?: string[];
  places?: string[];
  years?: number[];
  sort: "relevance" | "date";
  page: number;
  perPage: number;
  visibility: SearchVisibility[];
}

export interface SearchHit {
  id: string;
  type: SearchType;
  title: string;
  /** Escaped text with <mark> around the matched words: safe to render as HTML. */
  snippetHtml: string;
  url: string;
  page: number | null;
  context: string;
  date: Date;
}

export interface FacetCounts {
  type: Record<string, number>;
  theme: Record<string, number>;
  place: Record<string, number>;
  year: Record<string, number>;
}

export interface SearchResult {
  total: number;
  /** True when there are more matches than `total` (the embedded engine stops counting at a limit). */
  more?: boolean;
  hits: SearchHit[];
  facets: FacetCounts;
}

export interface EngineHealth {
  engine: "postgres" | "meilisearch";
  ok: boolean;
  detail?: string;
}

/** One entity's current records: the engine drops whatever it held for `entity` and stores `records`. */
export interface EntityRecords {
  entity: string;
  records: SearchRecord[];
}

export interface SearchEngine {
  readonly name: "postgres" | "meilisearch";
  /** Creates the index and applies its settings; waits until the engine has applied them. */
  applySettings(): Promise<void>;
  replace(batch: EntityRecords[]): Promise<void>;
  /** Removes everything (reindex starts from empty). */
  clear(): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  /** A corrected query built from indexed words, or null when every word is known. */
  suggest(q: string): Promise<string | null>;
  health(): Promise<EngineHealth>;
  /** After a bulk load: refresh statistics and indexes where the engine needs it. */
  optimize?(): Promise<void>;
}

/** Word lengths at which one and two typos are tolerated (Meilisearch's defaults; the embedded engine copies them). */
export const ONE_TYPO_LENGTH = 5;
export const TWO_TYPOS_LENGTH = 9;

export const emptyFacets = (): FacetCounts => ({ type: {}, theme: {}, place: {}, year: {} });

/** Lower-case words (letters and digits) as both engines split them. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function allowedTypos(word: string): number {
  const n = [...word].length;
  return n >= TWO_TYPOS_LENGTH ? 2 : n >= ONE_TYPO_LENGTH ? 1 : 0;
}

/** Edit distance where, as in Meilisearch, a change to the first letter counts twice. */
export function typoDistance(a: string, b: string): number {
  const d = levenshtein(a, b);
  return a[0] === b[0] ? d : d + 1;
}

/** Damerau–Levenshtein (optimal string alignment): swapping two neighbouring letters is one typo, as in Meilisearch. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], rows[i - 2][j - 2] + 1);
    }
    rows.push(row);
  }
  return rows[a.length][b.length];
}

export const MARK_START = "\u0001";
export const MARK_END = "\u0002";

/** Escapes engine output and turns the private markers into <mark> elements. */
export function markedSnippet(text: string): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return escaped.replaceAll(MARK_START, "<mark>").replaceAll(MARK_END, "</mark>");
}

/** The levels a caller may see: visitors public only, members add members-only, facilitators everything. */
export function visibilityFor(caller: { role: string } | null): SearchVisibility[] {
  if (!caller) return ["public"];
  if (caller.role === "facilitator" || caller.role === "admin") return ["public", "members", "facilitators"];
  return ["public", "members"];
}
