import { Meilisearch, type Task } from "meilisearch";
import {
  emptyFacets,
  MARK_END,
  MARK_START,
  markedSnippet,
  ONE_TYPO_LENGTH,
  TWO_TYPOS_LENGTH,
  type EngineHealth,
  type EntityRecords,
  type SearchEngine,
  type SearchQuery,
  type SearchResult,
} from "./engine.ts";
import type { SearchType } from "./record.ts";
import { meilisearchSynonyms } from "./synonyms.ts";

/** Documents per addDocuments call: far under Meilisearch's 100 MB payload limit at ~20 kB a record. */
const DOCUMENTS_PER_CALL = 1_000;
const TASK_TIMEOUT_MS = 60_000;

interface MeiliDoc {
  /** Meilisearch ids allow letters, digits, "-" and "_": ours use ":", kept in `rid`. */
  id: string;
  rid: string;
  entity: string;
  type: SearchType;
  title: string;
  context: string;
  body: string;
  url: string;
  page: number | null;
  themes: string[];
  places: string[];
  timestamp: number;
  year: number;
  visibility: string;
}

// Strings quoted (and escaped), numbers bare so numeric fields compare as numbers.
const quote = (v: string | number) => (typeof v === "number" ? String(v) : JSON.stringify(v));
const anyOf = (field: string, values: (string | number)[]) => `${field} IN [${values.map(quote).join(", ")}]`;

/** The production engine: an index in Meilisearch, configured at start; every task is awaited and its failure raised. */
export function createMeilisearchEngine(opts: { url: string; apiKey?: string; indexUid?: string }): SearchEngine {
  const client = new Meilisearch({ host: opts.url, apiKey: opts.apiKey, timeout: 10_000 });
  const uid = opts.indexUid ?? "content";
  const index = client.index<MeiliDoc>(uid);

  async function awaited(task: { waitTask: (o?: { timeout?: number }) => Promise<Task> }, what: string) {
    const done = await task.waitTask({ timeout: TASK_TIMEOUT_MS });
    if (done.status !== "succeeded") throw new Error(`Meilisearch ${what} ${done.status}: ${done.error?.message ?? "no detail"}`);
    return done;
  }

  let settingsApplied = false;
  const engine: SearchEngine = {
    name: "meilisearch",

    async applySettings() {
      try {
        await client.getIndex(uid);
      } catch {
        await awaited(client.createIndex(uid, { primaryKey: "id" }), "index creation");
      }
      await awaited(
        index.updateSettings({
          // Priority order: a title hit outranks a context hit outranks a body hit.
          searchableAttributes: ["title", "context", "body"],
          displayedAttributes: ["rid", "type", "title", "context", "body", "url", "page", "timestamp"],
          filterableAttributes: ["type", "themes", "places", "year", "visibility", "entity"],
          sortableAttributes: ["timestamp"],
          synonyms: meilisearchSynonyms(),
          typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: ONE_TYPO_LENGTH, twoTypos: TWO_TYPOS_LENGTH } },
          faceting: { maxValuesPerFacet: 100 },
          pagination: { maxTotalHits: 10_000 },
        }),
        "settings update",
      );
      settingsApplied = true;
    },

    async replace(batch: EntityRecords[]) {
      if (!batch.length) return;
      // An index created implicitly (without filterable "entity") would refuse the delete: settings first.
      if (!settingsApplied) await engine.applySettings();
      const entities = batch.map((b) => b.entity);
      for (let i = 0; i < entities.length; i += 200) await awaited(index.deleteDocuments({ filter: anyOf("entity", entities.slice(i, i + 200)) }), "delete");
      const docs: MeiliDoc[] = batch.flatMap((b) =>
        b.records.map((r) => ({
          id: r.id.replaceAll(":", "_"),
          rid: r.id,
          entity: r.entity,
          type: r.type,
          title: r.title,
          context: r.context ?? "",
          body: r.body,
          url: r.url,
          page: r.page ?? null,
          themes: r.themes,
          places: r.places,
          timestamp: r.date.getTime(),
          year: r.date.getUTCFullYear(),
          visibility: r.visibility,
        })),
      );
      for (let i = 0; i < docs.length; i += DOCUMENTS_PER_CALL) await awaited(index.addDocuments(docs.slice(i, i + DOCUMENTS_PER_CALL)), "document update");
    },

    async clear() {
      await awaited(index.deleteAllDocuments(), "clear");
    },

    async search(query: SearchQuery): Promise<SearchResult> {
      const filter = [anyOf("visibility", query.visibility)];
      if (query.types?.length) filter.push(anyOf("type", query.types));
      if (query.themes?.length) filter.push(anyOf("themes", query.themes));
      if (query.places?.length) filter.push(anyOf("places", query.places));
      if (query.years?.length) filter.push(anyOf("year", query.years));
      const perPage = Math.max(1, Math.min(query.perPage, 100));
      const result = await index.search(query.q, {
        // Every word must match, as in the embedded engine (Meilisearch's default drops words from the end).
        matchingStrategy: "all",
        filter,
        facets: ["type", "themes", "places", "year"],
        page: Math.max(1, query.page),
        hitsPerPage: perPage,
        sort: query.sort === "date" || !query.q.trim() ? ["timestamp:desc"] : undefined,
        attributesToCrop: ["body"],
        cropLength: 40,
        attributesToHighlight: ["body"],
        highlightPreTag: MARK_START,
        highlightPostTag: MARK_END,
      });
      const facets = emptyFacets();
      const distribution = result.facetDistribution ?? {};
      Object.assign(facets.type, distribution.type ?? {});
      Object.assign(facets.theme, distribution.themes ?? {});
      Object.assign(facets.place, distribution.places ?? {});
      Object.assign(facets.year, distribution.year ?? {});
      return {
        total: result.totalHits ?? 0,
        facets,
        hits: result.hits.map((h) => ({
          id: h.rid,
          type: h.type,
          title: h.title,
          context: h.context,
          url: h.url,
          page: h.page ?? null,
          date: new Date(h.timestamp),
          snippetHtml: markedSnippet(String(h._formatted?.body ?? h.body).slice(0, 600)),
        })),
      };
    },

    async suggest() {
      // Meilisearch's typo tolerance already answers misspellings; it keeps no word list to suggest from.
      return null;
    },

    async health(): Promise<EngineHealth> {
      try {
        await client.health();
        return { engine: "meilisearch", ok: true };
      } catch (error) {
        return { engine: "meilisearch", ok: false, detail: error instanceof Error ? error.message : String(error) };
      }
    },
  };
  return engine;
}
