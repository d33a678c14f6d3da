import type { ModuleDeps } from "../deps.ts";
import { BadFile, kindFromName } from "./extraction.ts";
import { runInThread } from "./extraction-runner.ts";

const MAX_ATTEMPTS = 5;
const LOCK_MS = 5 * 60_000;
const backoffMs = (attempts: number) => Math.min(10 * 60_000, 2_000 * 4 ** (attempts - 1));

/**
 * Takes text out of uploaded files in the background, one job at a time, retrying failures with
 * exponential backoff. A file that can never be read (BadFile) fails at once with its message. Jobs are
 * claimed with a lock time, so two server processes never extract the same version together and a job
 * whose process died is picked up again after the lock runs out.
 */
export function createExtractionWorker(deps: Pick<ModuleDeps, "db" | "log" | "files" | "changes">) {
  const { db, log, files, changes } = deps;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;
  let wakeAgain = false;

  async function claim() {
    const now = new Date();
    const job = await db.extractionJob.findFirst({
      where: { finishedAt: null, nextTryAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      orderBy: { nextTryAt: "asc" },
    });
    if (!job) return null;
    const claimed = await db.extractionJob.updateMany({
      where: { id: job.id, finishedAt: null, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      data: { lockedUntil: new Date(now.getTime() + LOCK_MS), attempts: { increment: 1 } },
    });
    return claimed.count === 1 ? { ...job, attempts: job.attempts + 1 } : null;
  }

  /** Runs one due job, if any; returns whether there was one. */
  async function runOnce(): Promise<boolean> {
    const job = await claim();
    if (!job) return false;
    const version = await db.documentVersion.findUnique({ where: { id: job.versionId }, select: { id: true, documentId: true, fileKey: true } });
    if (!version) {
      await db.extractionJob.update({ where: { id: job.id }, data: { finishedAt: new Date(), lastError: "version removed" } });
      return true;
    }
    const kind = kindFromName(version.fileKey);
    try {
      if (!kind) throw new BadFile("Unknown file type");
      const pages = await runInThread("extract", kind, files.pathOf(version.fileKey));
      // Postgres text cannot hold NUL characters.
      const rows = pages.map((text, i) => ({ versionId: version.id, number: i + 1, text: text.split("\u0000").join("") }));
      await db.$transaction(async (tx) => {
        await tx.documentPage.deleteMany({ where: { versionId: version.id } });
        if (rows.length) await tx.documentPage.createMany({ data: rows });
        await tx.documentVersion.update({ where: { id: version.id }, data: { extractionStatus: "done", pageCount: rows.length, extractionError: null, extractedAt: new Date() } });
        await tx.extractionJob.update({ where: { id: job.id }, data: { finishedAt: new Date(), lockedUntil: null, lastError: null } });
        await tx.searchOutbox.create({ data: { entityType: "document", entityId: String(version.documentId) } });
      });
      log.info({ documentId: version.documentId, versionId: version.id, pages: rows.length }, "text extracted");
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const final = error instanceof BadFile || job.attempts >= MAX_ATTEMPTS;
      log.warn({ err: error, versionId: version.id, attempt: job.attempts, final }, "text extraction failed");
      await db.$transaction(async (tx) => {
        await tx.extractionJob.update({
          where: { id: job.id },
          data: final ? { finishedAt: new Date(), lockedUntil: null, lastError: message } : { lockedUntil: null, lastError: message, nextTryAt: new Date(Date.now() + backoffMs(job.attempts)) },
        });
        if (final) await tx.documentVersion.update({ where: { id: version.id }, data: { extractionStatus: "failed", extractionError: error instanceof BadFile ? message : "The text could not be extracted." } });
      });
    }
    changes.changed([`document:${version.documentId}`]);
    return true;
  }

  async function drain() {
    do {
      wakeAgain = false;
      try {
        while (!stopped && (await runOnce()));
      } catch (error) {
        log.error({ err: error }, "extraction worker error");
      }
    } while (wakeAgain && !stopped);
  }

  function tick() {
    if (stopped) return;
    if (running) {
      wakeAgain = true;
      return;
    }
    running = drain().finally(() => {
      running = null;
    });
  }

  return {
    start(intervalMs = 5_000) {
      if (!stopped) return;
      stopped = false;
      timer = setInterval(tick, intervalMs);
      timer.unref();
      tick();
    },
    /** A new job was queued: look now rather than at the next tick. */
    wake: () => setImmediate(tick),
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
