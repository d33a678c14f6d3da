import type { Db } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import type { SearchEngine } from "./engine.ts";
import { createOutboxWorker, type OutboxWorkerOptions } from "./outbox-worker.ts";
import type { SearchSource } from "./record.ts";

const SETTINGS_RETRY_MS = 15_000;

/**
 * Keeps the engine in step with the database: applies the index settings (retrying until the engine
 * accepts them, failures logged and shown on /healthz), then runs the outbox worker.
 */
export function createSearchIndexer(deps: { db: Db; engine: SearchEngine; sources: SearchSource[]; log: Logger }, opts: OutboxWorkerOptions = {}) {
  const { engine, log } = deps;
  const worker = createOutboxWorker(deps, opts);
  const state = { settingsApplied: false, settingsError: null as string | null };
  let retry: NodeJS.Timeout | null = null;
  let stopped = true;

  async function applySettings() {
    try {
      await engine.applySettings();
      state.settingsApplied = true;
      state.settingsError = null;
      log.info({ engine: engine.name }, "search index settings applied");
    } catch (error) {
      state.settingsError = error instanceof Error ? error.message : String(error);
      log.error({ err: error, engine: engine.name }, `search index settings failed; retrying in ${SETTINGS_RETRY_MS / 1000} s (changes wait in the outbox)`);
      if (!stopped) {
        retry = setTimeout(() => void applySettings(), SETTINGS_RETRY_MS);
        retry.unref();
      }
    }
  }

  return {
    engine,
    worker,
    /** Applies settings and starts the worker; resolves once the first attempt is over (success or not). */
    async start() {
      stopped = false;
      await applySettings();
      // Runs even when the engine is down: changes then wait in the outbox with their attempts and errors.
      worker.start();
    },
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      await worker.stop();
    },
    /** For /healthz: engine reachability, settings, outbox backlog and the last indexing error. */
    async status() {
      const [health, pending] = await Promise.all([engine.health(), worker.pending()]);
      return {
        engine: engine.name,
        ok: health.ok && state.settingsApplied && !state.settingsError,
        detail: health.detail,
        settingsApplied: state.settingsApplied,
        settingsError: state.settingsError,
        pending: pending.count,
        lastIndexError: worker.status.lastError,
        lastIndexErrorAt: worker.status.lastErrorAt,
      };
    },
  };
}

export type SearchIndexer = ReturnType<typeof createSearchIndexer>;
