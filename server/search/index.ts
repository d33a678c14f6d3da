import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import type { SearchEngine } from "./engine.ts";
import { createMeilisearchEngine } from "./meilisearch-engine.ts";
import { createPostgresEngine } from "./postgres-engine.ts";

/** The one place that picks the engine: Meilisearch when MEILISEARCH_URL is set, else the database itself. */
export function createSearchEngine(config: Pick<Config, "meilisearchUrl" | "meilisearchApiKey">, db: Db): SearchEngine {
  if (config.meilisearchUrl) return createMeilisearchEngine({ url: config.meilisearchUrl, apiKey: config.meilisearchApiKey });
  return createPostgresEngine(db);
}
