// npm run search:reindex — rebuilds the search index (the configured engine) from the database.
import { parseConfig } from "../config.ts";
import { openDatabase } from "../db/database.ts";
import { createLogger } from "../logger.ts";
import { createSearchEngine } from "../search/index.ts";
import { reindexAll, type ReindexProgress } from "../search/reindex.ts";
import { searchSources } from "../search/sources.ts";

const config = parseConfig();
const log = createLogger(config.logLevel === "info" ? "warn" : config.logLevel);
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
const engine = createSearchEngine(config, database.prisma);
const started = performance.now();
const tty = process.stderr.isTTY;
let lastDrawn = 0;

function draw(p: ReindexProgress, final = false) {
  const now = performance.now();
  // A terminal redraws ten times a second; a log gets a line every five seconds.
  if (!final && now - lastDrawn < (tty ? 100 : 5_000)) return;
  lastDrawn = now;
  const share = p.total ? p.done / p.total : 1;
  const width = 30;
  const bar = "█".repeat(Math.round(share * width)).padEnd(width, "░");
  const rate = Math.round(p.done / Math.max(0.001, (now - started) / 1000));
  const line = `${bar} ${Math.floor(share * 100)}%  ${p.done.toLocaleString("en-GB")}/${p.total.toLocaleString("en-GB")} items  ${p.records.toLocaleString("en-GB")} records  ${rate.toLocaleString("en-GB")}/s  (${p.entityType})`;
  // On a terminal the bar redraws in place; in a log it prints a line now and then.
  if (tty) process.stderr.write(`\r${line}\x1b[K${final ? "\n" : ""}`);
  else process.stderr.write(`${line}\n`);
}

try {
  process.stderr.write(`Reindexing with the ${engine.name} engine…\n`);
  let last: ReindexProgress = { done: 0, total: 0, records: 0, entityType: "-" };
  const result = await reindexAll({ db: database.prisma, engine, sources: searchSources, onProgress: (p) => draw((last = p)) });
  draw(last, true);
  process.stderr.write(`Done: ${result.entities.toLocaleString("en-GB")} items, ${result.records.toLocaleString("en-GB")} records in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
} catch (error) {
  process.stderr.write(`\nReindex failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await database.close();
}
