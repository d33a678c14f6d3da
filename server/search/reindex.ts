import type { Db } from "../db/database.ts";
import type { EntityRecords, SearchEngine } from "./engine.ts";
import type { SearchSource } from "./record.ts";

export interface ReindexProgress {
  done: number;
  total: number;
  records: number;
  entityType: string;
}

/**
 * Rebuilds the engine's index from the database: settings, empty index, then every entity of every
 * source in batches. Outbox rows written before the start are covered by it and marked processed;
 * rows written meanwhile stay pending for the worker.
 */
export async function reindexAll(opts: { db: Db; engine: SearchEngine; sources: SearchSource[]; batchSize?: number; onProgress?: (p: ReindexProgress) => void }) {
  const { db, engine, sources } = opts;
  const batchSize = opts.batchSize ?? 200;
  const startedAt = new Date();
  const lastOutboxRow = await db.searchOutbox.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  const ids: { source: SearchSource; ids: string[] }[] = [];
  for (const source of sources) {
    if (source.coveredByAnotherSource) continue;
    const all: string[] = [];
    for await (const page of source.allIds(db)) all.push(...page);
    ids.push({ source, ids: all });
  }
  const total = ids.reduce((n, s) => n + s.ids.length, 0);
  await engine.applySettings();
  await engine.clear();
  let done = 0;
  let records = 0;
  for (const { source, ids: list } of ids) {
    for (let i = 0; i < list.length; i += batchSize) {
      const batch: EntityRecords[] = [];
      for (const id of list.slice(i, i + batchSize)) batch.push({ entity: `${source.entityType}:${id}`, records: await source.records(db, id) });
      await engine.replace(batch);
      done += batch.length;
      records += batch.reduce((n, b) => n + b.records.length, 0);
      opts.onProgress?.({ done, total, records, entityType: source.entityType });
    }
  }
  await engine.optimize?.();
  if (lastOutboxRow) await db.searchOutbox.updateMany({ where: { id: { lte: lastOutboxRow.id }, processedAt: null, createdAt: { lte: startedAt } }, data: { processedAt: new Date() } });
  return { entities: total, records };
}
