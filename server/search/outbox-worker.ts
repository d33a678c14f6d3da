import type { Db } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import type { EntityRecords, SearchEngine } from "./engine.ts";
import type { SearchSource } from "./record.ts";
import { sourceFor } from "./sources.ts";

export interface OutboxWorkerOptions {
  batchSize?: number;
  /** How often the worker looks for new rows when nobody called notify(). */
  pollMs?: number;
  /** First retry delay; doubles per attempt up to maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

export interface OutboxStatus {
  running: boolean;
  lastError: string | null;
  lastErrorAt: Date | null;
  indexed: number;
}

/**
 * Drains SearchOutbox into the engine. Rows are only marked processed after the engine accepted the
 * records, so an engine outage leaves them pending (with attempts, nextTryAt and lastError) and the
 * worker catches up when the engine is back. Several rows for one entity collapse into one pass.
 */
export function createOutboxWorker(deps: { db: Db; engine: SearchEngine; sources: SearchSource[]; log: Logger }, opts: OutboxWorkerOptions = {}) {
  const { db, engine, sources, log } = deps;
  const batchSize = opts.batchSize ?? 200;
  const pollMs = opts.pollMs ?? 500;
  const baseBackoffMs = opts.baseBackoffMs ?? 1_000;
  const maxBackoffMs = opts.maxBackoffMs ?? 60_000;
  const status: OutboxStatus = { running: false, lastError: null, lastErrorAt: null, indexed: 0 };
  let timer: NodeJS.Timeout | null = null;
  let draining: Promise<number> | null = null;
  let again = false;
  let stopped = true;

  async function fail(rows: { id: number; attempts: number }[], error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    status.lastError = message;
    status.lastErrorAt = new Date();
    for (const row of rows) {
      const delay = Math.min(maxBackoffMs, baseBackoffMs * 2 ** row.attempts);
      await db.searchOutbox.update({ where: { id: row.id }, data: { attempts: { increment: 1 }, nextTryAt: new Date(Date.now() + delay), lastError: message.slice(0, 1000) } });
    }
  }

  // Processed rows are kept a day (for looking into indexing problems), then removed.
  let lastCleanup = 0;
  async function cleanup() {
    if (Date.now() - lastCleanup < 3_600_000) return;
    lastCleanup = Date.now();
    await db.searchOutbox.deleteMany({ where: { processedAt: { lt: new Date(Date.now() - 86_400_000) } } });
  }

  /** One batch: returns how many rows it settled (processed or rescheduled). */
  async function drainBatch(): Promise<number> {
    const rows = await db.searchOutbox.findMany({ where: { processedAt: null, nextTryAt: { lte: new Date() } }, orderBy: { id: "asc" }, take: batchSize });
    if (!rows.length) return 0;
    const byEntity = new Map<string, typeof rows>();
    for (const row of rows) {
      const key = `${row.entityType}:${row.entityId}`;
      byEntity.set(key, [...(byEntity.get(key) ?? []), row]);
    }
    const ready: { key: string; rows: typeof rows; records: EntityRecords }[] = [];
    for (const [key, group] of byEntity) {
      const source = sourceFor(sources, group[0].entityType);
      try {
        // A type whose module is not registered yet waits (with backoff) rather than being dropped.
        if (!source) throw new Error(`No search source registered for "${group[0].entityType}"`);
        ready.push({ key, rows: group, records: { entity: key, records: await source.records(db, group[0].entityId) } });
      } catch (error) {
        log.warn({ err: error, entity: key }, "search source failed");
        await fail(group, error);
      }
    }
    const settle = async (items: typeof ready) => {
      await engine.replace(items.map((i) => i.records));
      await db.searchOutbox.updateMany({ where: { id: { in: items.flatMap((i) => i.rows.map((r) => r.id)) } }, data: { processedAt: new Date(), lastError: null } });
      status.indexed += items.length;
    };
    if (ready.length) {
      try {
        await settle(ready);
      } catch (error) {
        log.warn({ err: error, entities: ready.length }, "search engine refused a batch; retrying entity by entity");
        // One bad record must not hold back the others.
        for (const item of ready) {
          try {
            await settle([item]);
          } catch (itemError) {
            await fail(item.rows, itemError);
          }
        }
        log.error({ err: error, engine: engine.name }, "search indexing failed; rows stay in the outbox and will be retried");
      }
    }
    return rows.length;
  }

  /** Drains until nothing is due. Concurrent callers share one run. */
  function drain(): Promise<number> {
    if (draining) {
      again = true;
      return draining;
    }
    draining = (async () => {
      let total = 0;
      try {
        do {
          again = false;
          for (let n = await drainBatch(); n > 0; n = await drainBatch()) total += n;
        } while (again && !stopped);
        await cleanup();
      } catch (error) {
        status.lastError = error instanceof Error ? error.message : String(error);
        status.lastErrorAt = new Date();
        log.error({ err: error }, "search outbox drain failed");
      } finally {
        draining = null;
      }
      return total;
    })();
    return draining;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(async () => {
      await drain();
      schedule();
    }, pollMs);
    timer.unref();
  }

  return {
    status,
    drain,
    /** Call after a write to index it without waiting for the next poll. */
    notify() {
      if (!stopped) void drain();
    },
    start() {
      if (!stopped) return;
      stopped = false;
      status.running = true;
      schedule();
    },
    async stop() {
      stopped = true;
      status.running = false;
      if (timer) clearTimeout(timer);
      await draining;
    },
    /** Rows not yet indexed, and the oldest one's last error, for health checks. */
    async pending() {
      const count = await db.searchOutbox.count({ where: { processedAt: null } });
      return { count };
    },
  };
}

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
