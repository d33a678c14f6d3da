/**
 * Search benchmark: indexing throughput, query latency and memory of the search engines at community size.
 *
 *   npm run bench:search
 *
 * Builds an index of 100,000 posts and 500 documents (20 pages each, 10,000 page records) of generated
 * text, then runs 1,000 queries of one to three words (20% with a typo, 20% prefix-only) one after another
 * through the same engine call the /search page makes (hits, snippets, facet counts, caller visibility).
 * The embedded engine runs on PGlite (what `npm start` uses) in this process; with BENCH_DATABASE_URL it
 * also runs on PostgreSQL; with MEILISEARCH_URL, on Meilisearch as well.
 *
 * Environment:
 *   BENCH_POSTS (100000), BENCH_DOCUMENTS (500), BENCH_PAGES (20), BENCH_QUERIES (1000)
 *   BENCH_KEEP_DIR=dir   keep the PGlite files; BENCH_REUSE=1 then skips indexing and queries them again
 *   BENCH_DATABASE_URL   also measure the embedded engine on this PostgreSQL server (a throwaway database)
 *   MEILISEARCH_URL, MEILISEARCH_API_KEY   also measure Meilisearch (a throwaway index)
 *
 * Prints only; no timing is asserted. It reports how many queries found something, so a broken engine
 * answering nothing quickly shows up.
 */
import { Meilisearch } from "meilisearch";
import { openDatabase, type Database } from "../../server/db/database.ts";
import { createLogger } from "../../server/logger.ts";
import type { SearchEngine, SearchQuery } from "../../server/search/engine.ts";
import { createMeilisearchEngine } from "../../server/search/meilisearch-engine.ts";
import { createPostgresEngine } from "../../server/search/postgres-engine.ts";
import type { SearchRecord } from "../../server/search/record.ts";
import { createDatabase } from "../fixtures/server.ts";

const POSTS = Number(process.env.BENCH_POSTS ?? 100_000);
const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 500);
const PAGES = Number(process.env.BENCH_PAGES ?? 20);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 1_000);
const BATCH = 500;

// ── Generated text: a seeded PRNG, a Zipf-like vocabulary of sector words and made-up ones ────────────

let seed = 20100324;
const random = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];

const SECTOR = `budget budgets pooled pooling housing homelessness worklessness children families troubled commissioning
partnership partners council councils county district agency agencies health inequalities prevention reablement social care
offender management drugs alcohol treatment customer insight asset assets buildings property capital revenue efficiency
savings outcomes evidence evaluation pilot pilots place places locality neighbourhood community communities resident
residents citizens voluntary sector police probation schools education employment training apprenticeship skills youth
young people older adults carers hospital admissions primary care trust local area agreement strategic spending review
treasury whitehall department government ministers leadership culture collaboration integration integrated shared
services frontline practitioners managers officers learning guide report presentation workshop summit conference
mapping counting money flows duplication waste value investment return disinvestment benefits jobcentre welfare
regeneration transport planning environment waste recycling libraries leisure culture safeguarding protection
domestic violence antisocial behaviour crime reduction community safety mental wellbeing obesity smoking teenage
pregnancy attainment exclusion truancy fostering adoption placements residential nursing domiciliary personal budgets
direct payments personalisation prevention early intervention`.split(/\s+/);
const STOP = "the of and to in a for is on that with as by at from this are be was it an or we our their have has will can".split(" ");
const SYLLABLES = "ba be bi bo bu ca ce co cu da de di do fa fe fi fo ga ge go ha he hi ho ka ke ki ko la le li lo lu ma me mi mo mu na ne ni no pa pe pi po ra re ri ro ru sa se si so ta te ti to tu va ve vi vo wa we wi za ze zo ston ley ham ford wick shire ton ing ment ness".split(" ");
const MADE_UP = Array.from({ length: 30_000 }, () => Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(SYLLABLES)).join(""));
const VOCABULARY = [...new Set([...SECTOR, ...MADE_UP])];
// Zipf-like: word i is chosen with weight 1/(i+50): the commonest content word is in about one post in five.
const cumulative: number[] = [];
VOCABULARY.reduce((sum, _, i) => (cumulative[i] = sum + 1 / (i + 50)), 0);
const totalWeight = cumulative[cumulative.length - 1];
function word() {
  if (random() < 0.35) return pick(STOP);
  const target = random() * totalWeight;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return VOCABULARY[lo];
}
const sentence = (n: number) => Array.from({ length: n }, word).join(" ");
const THEMES = ["Children's services", "Worklessness", "Housing", "Drugs and alcohol", "Offender management", "Adult social care", "Health inequalities", "Customer insight", "Asset management"];
const PLACES = ["Bradford", "Kent", "Lewisham", "Manchester", "Birmingham", "Coventry", "Leicester", "Luton", "Dorset", "Croydon", "Gateshead", "Worcestershire", "Cumbria"];
const dateIn2008to2011 = () => new Date(Date.UTC(2008, 0, 1) + Math.floor(random() * 4 * 365 * 86_400_000));

function* generateRecords(): Generator<SearchRecord[]> {
  let batch: SearchRecord[] = [];
  for (let i = 1; i <= POSTS; i++) {
    const thread = i % 10 === 1;
    batch.push({
      id: `${thread ? "thread" : "post"}:${i}`,
      entity: `${thread ? "thread" : "post"}:${i}`,
      type: thread ? "thread" : "post",
      title: sentence(4 + Math.floor(random() * 5)),
      body: sentence(30 + Math.floor(random() * 120)),
      url: `/p/${i}`,
      themes: [pick(THEMES)],
      places: random() < 0.5 ? [pick(PLACES)] : [],
      date: dateIn2008to2011(),
      visibility: random() < 0.02 ? "facilitators" : "public",
      context: `Member ${i % 500} in ${pick(THEMES)}`,
    });
    if (batch.length === BATCH) yield flush();
  }
  function flush() {
    const out = batch;
    batch = [];
    return out;
  }
  yield flush();
  for (let d = 1; d <= DOCUMENTS; d++) {
    const title = `Report ${sentence(4)}`;
    const date = dateIn2008to2011();
    const theme = pick(THEMES);
    const place = pick(PLACES);
    for (let p = 1; p <= PAGES; p++) {
      batch.push({ id: `document:${d}:page:${p}`, entity: `document:${d}`, type: "document", title, body: sentence(350 + Math.floor(random() * 150)), url: `/library/${d}/file#page=${p}`, page: p, themes: [theme], places: [place], date, visibility: "members", context: "Learning library" });
    }
    if (batch.length >= BATCH) yield flush();
  }
  yield flush();
}

// ── Queries: one to three words; 20% carry a typo, 20% are a prefix only ─────────────────────────────

function typo(w: string) {
  const at = 1 + Math.floor(random() * (w.length - 1)); // never the first letter (it counts double)
  const letter = "abcdefghijklmnopqrstuvwxyz"[Math.floor(random() * 26)];
  return random() < 0.5 ? w.slice(0, at) + letter + w.slice(at + 1) : w.slice(0, at) + w.slice(at + 1);
}
const contentWord = () => {
  for (;;) {
    const w = word();
    if (!STOP.includes(w)) return w;
  }
};
function makeQueries() {
  return Array.from({ length: QUERIES }, (_, i) => {
    const words = Array.from({ length: 1 + Math.floor(random() * 3) }, contentWord);
    const kind = i % 5 === 0 ? "typo" : i % 5 === 1 ? "prefix" : "plain";
    if (kind === "typo") {
      const long = words.findIndex((w) => w.length >= 5);
      if (long >= 0) words[long] = typo(words[long]);
    }
    if (kind === "prefix") {
      const last = words.length - 1;
      words[last] = words[last].slice(0, Math.max(3, Math.min(words[last].length - 1, 3 + Math.floor(random() * 3))));
    }
    return { q: words.join(" "), kind };
  });
}

// ── Measuring ──────────────────────────────────────────────────────────────────────────────────────

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

async function measure(name: string, engine: SearchEngine) {
  process.stdout.write(`\n── ${name} ──\n`);
  await engine.applySettings();
  // BENCH_REUSE=1 with BENCH_KEEP_DIR: query an index built by an earlier run (for tuning queries).
  const reuse = process.env.BENCH_REUSE === "1";
  if (!reuse) await engine.clear();
  let records = 0;
  const started = performance.now();
  for (const batch of reuse ? [] : generateRecords()) {
    if (!batch.length) continue;
    const byEntity = new Map<string, SearchRecord[]>();
    for (const r of batch) byEntity.set(r.entity, [...(byEntity.get(r.entity) ?? []), r]);
    await engine.replace([...byEntity].map(([entity, rs]) => ({ entity, records: rs })));
    records += batch.length;
    if (process.stderr.isTTY) process.stderr.write(`\r  indexed ${records.toLocaleString("en-GB")} records\x1b[K`);
  }
  await engine.optimize?.();
  const indexSeconds = (performance.now() - started) / 1000;
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
  process.stdout.write(`  indexing: ${records.toLocaleString("en-GB")} records in ${indexSeconds.toFixed(1)} s = ${Math.round(records / indexSeconds).toLocaleString("en-GB")} records/s\n`);

  seed = 424242;
  const queries = makeQueries();
  const base: Omit<SearchQuery, "q"> = { sort: "relevance", page: 1, perPage: 20, visibility: ["public", "members"] };
  for (const { q } of queries.slice(0, 20)) await engine.search({ ...base, q }); // warm-up
  const times: Record<string, number[]> = { all: [], plain: [], typo: [], prefix: [] };
  const cpu: number[] = [];
  const slowest: { q: string; ms: number; total: number }[] = [];
  let withHits = 0;
  for (const { q, kind } of queries) {
    const t = performance.now();
    const c = process.cpuUsage();
    const result = await engine.search({ ...base, q });
    const ms = performance.now() - t;
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    slowest.push({ q, ms, total: result.total });
    times.all.push(ms);
    times[kind].push(ms);
    if (result.total > 0) withHits++;
  }
  for (const [kind, list] of Object.entries(times)) {
    const sorted = [...list].sort((a, b) => a - b);
    process.stdout.write(`  ${kind.padEnd(6)} n=${String(sorted.length).padStart(4)}  p50 ${percentile(sorted, 50).toFixed(1)} ms  p95 ${percentile(sorted, 95).toFixed(1)} ms  p99 ${percentile(sorted, 99).toFixed(1)} ms\n`);
  }
  // CPU time of this process per query (PGlite runs in it): less sensitive to other load on the machine than wall time.
  const cpuSorted = cpu.sort((a, b) => a - b);
  process.stdout.write(`  cpu    per query (this process)  p50 ${percentile(cpuSorted, 50).toFixed(1)} ms  p95 ${percentile(cpuSorted, 95).toFixed(1)} ms  p99 ${percentile(cpuSorted, 99).toFixed(1)} ms\n`);
  process.stdout.write(`  queries with results: ${withHits}/${queries.length}\n`);
  const showSlowest = Number(process.env.BENCH_SLOWEST ?? 0);
  for (const s of slowest.sort((a, b) => b.ms - a.ms).slice(0, showSlowest)) process.stdout.write(`    slow: ${s.ms.toFixed(1)} ms  ${JSON.stringify(s.q)} (${s.total} results)\n`);
  globalThis.gc?.();
  const mem = process.memoryUsage();
  process.stdout.write(`  memory of this process (engine in-process for PGlite): rss ${mb(mem.rss)}, heap ${mb(mem.heapUsed)}, external ${mb(mem.external)}\n`);
}

const log = createLogger("warn");
async function embedded(label: string, databaseUrl?: string) {
  const fresh = databaseUrl ? await createDatabase(databaseUrl) : null;
  // BENCH_KEEP_DIR keeps the PGlite files (for profiling queries afterwards).
  const database: Database = await openDatabase({ databaseUrl: fresh?.url, dataDir: fresh ? "memory://" : (process.env.BENCH_KEEP_DIR ?? "memory://"), log });
  try {
    await measure(label, createPostgresEngine(database.prisma));
    const size = await database.prisma.$queryRawUnsafe<{ size: string }[]>(`SELECT pg_size_pretty(pg_total_relation_size('"SearchEntry"') + pg_total_relation_size('"SearchWord"')) AS size`);
    process.stdout.write(`  index tables on disk: ${size[0].size}\n`);
  } finally {
    await database.close();
    await fresh?.drop();
  }
}

process.stdout.write(`Search benchmark: ${POSTS.toLocaleString("en-GB")} posts, ${DOCUMENTS} documents × ${PAGES} pages, ${QUERIES} queries (20% typo, 20% prefix-only)\n`);
await embedded("embedded engine on PGlite (npm start default)");
if (process.env.BENCH_DATABASE_URL) await embedded("embedded engine on PostgreSQL", process.env.BENCH_DATABASE_URL);
if (process.env.MEILISEARCH_URL) {
  const indexUid = `bench_${Date.now().toString(36)}`;
  try {
    await measure("Meilisearch", createMeilisearchEngine({ url: process.env.MEILISEARCH_URL, apiKey: process.env.MEILISEARCH_API_KEY, indexUid }));
  } finally {
    await new Meilisearch({ host: process.env.MEILISEARCH_URL, apiKey: process.env.MEILISEARCH_API_KEY }).deleteIndex(indexUid).waitTask();
  }
}
