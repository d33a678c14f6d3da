import type { Db } from "../db/database.ts";

/**
 * The contract between content modules and the search engines. A module that owns searchable content
 * writes a `SearchOutbox` row (entityType, entityId) in the same transaction as every change, and
 * registers a `SearchSource` for its entityType; the outbox worker asks the source for the entity's
 * current records and replaces whatever the engine held for that entity.
 */

/** What a searcher sees in the "type" facet. */
export type SearchType = "thread" | "post" | "event" | "live" | "document" | "blog";

/** Who may see a record: enforced by the engines' filters, never by hiding results after the fact. */
export type SearchVisibility = "public" | "members" | "facilitators";

export interface SearchRecord {
  /** Unique per record, stable across reindexing: "post:123", "document:5:page:12". Letters, digits, "-", "_" and ":" only. */
  id: string;
  /** The outbox key this record belongs to: "<entityType>:<entityId>" ("document:5" owns all of its pages). */
  entity: string;
  type: SearchType;
  title: string;
  /** Plain text (no Markdown, no HTML). Keep a record under ~20 kB: split long texts (documents page by page). */
  body: string;
  /** Path that opens the hit: "/p/123", "/library/5-guide/file#page=12". */
  url: string;
  /** Page number in a document, when the record is one page of one. */
  page?: number;
  themes: string[];
  places: string[];
  /** When the content was published or happened (sorting by date; the year facet). */
  date: Date;
  visibility: SearchVisibility;
  /** Shown under the title: author, forum, collection… */
  context?: string;
}

/** Reads one entity's records from the database; an empty list means "nothing to index" (deleted, hidden, draft). */
export interface SearchSource {
  entityType: string;
  records(db: Db, entityId: string): Promise<SearchRecord[]>;
  /** Every entityId of this type, for `npm run search:reindex`. */
  allIds(db: Db): AsyncIterable<string[]>;
  /** True when another source's records already include these (replies come with their thread): reindex skips it. */
  coveredByAnotherSource?: boolean;
}
