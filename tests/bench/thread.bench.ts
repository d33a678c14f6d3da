/**
 * Thread page benchmark: how many thread pages per second the server serves, and how fast, against the
 * embedded database (PGlite) and PostgreSQL, anonymously and signed in.
 *
 *   npm run bench:thread
 *
 * Per target: a fresh database loaded with a realistic community (see thread-data.ts), the server started
 * as its own process (as in production), one member signed up through the real form, then for each row a
 * warm-up, a measured autocannon run and a drain. Rows: page 1 and ?page=last, anonymous (served from the
 * server's page cache), anonymous with the cache defeated (the cost of a render) and signed in; then the
 * anonymous page 1 again with gzip and with brotli, which the compression middleware applies per response.
 *
 * Environment:
 *   BENCH_DURATION       seconds per measured run (default 20)
 *   BENCH_DATABASE_URL   PostgreSQL server to create the throwaway database on
 *                        (default postgresql://postgres@127.0.0.1:5432/postgres; skipped if unreachable)
 *   BENCH_TARGETS        comma-separated subset of "embedded,postgres" (default both)
 *   BENCH_CPU_PROF       a directory: run the server with --cpu-prof, keep the profile there and print
 *                        the top self-time functions of each row (profiling slows the server down)
 *
 * Benchmarks only print; nothing here asserts a timing. What they do assert is that every measured URL
 * returns the real page (title and all posts of the page), so an error page can never pass for a fast one.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon, { type Result } from "autocannon";
import pg from "pg";
import { openDatabase } from "../../server/db/database.ts";
import { createLogger } from "../../server/logger.ts";
import { createDatabase } from "../fixtures/server.ts";
import { Browserless } from "../fixtures/http.ts";
import { summarizeCpuProfile } from "./cpuprofile-summary.ts";
import { cpuTimeMs, ROOT, rssSampler, startServerProcess, waitUntilIdle, type ServerProcess } from "./server-process.ts";
import { seedBenchData, type BenchData } from "./thread-data.ts";

const DURATION = Math.max(1, Number(process.env.BENCH_DURATION ?? 20) || 20);
const WARMUP = 3;
const CONNECTIONS = 50;
const OTHER_THREADS = 2_000;
const TARGET_REPLIES = 100;
const DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/postgres";
const TARGETS = (process.env.BENCH_TARGETS ?? "embedded,postgres").split(",").map((t) => t.trim());
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;

// A browser's request. Accept-Encoding is set per scenario: the main rows ask for no compression (the
// cost of producing the page), extra rows show what gzip and brotli (what browsers ask for over HTTPS)
// add on top, since the compression middleware runs on every response, cached or not.
const BROWSER_HEADERS = {
  accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "accept-language": "en-GB,en;q=0.5",
  "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
};
const ENCODINGS = { identity: "identity", gzip: "gzip", br: "gzip, deflate, br" } as const;
type Encoding = keyof typeof ENCODINGS;

// ── Cleanup: one stack for everything this run creates, unwound on success, failure or Ctrl-C ────────

const cleanups: Array<{ what: string; run: () => Promise<void> | void }> = [];

function onCleanup(what: string, run: () => Promise<void> | void) {
  cleanups.push({ what, run });
}

/** Unwinds the stack down to `depth`, newest first; a failing step is reported and the rest still run. */
async function cleanUp(depth = 0) {
  while (cleanups.length > depth) {
    const step = cleanups.pop()!;
    try {
      await withTimeout(Promise.resolve(step.run()), 30_000, step.what);
    } catch (error) {
      console.error(`cleanup failed (${step.what}): ${(error as Error).message}`);
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let aborting = false;
async function abort(reason: string, code: number) {
  if (aborting) return;
  aborting = true;
  console.error(`\n${reason}: cleaning up…`);
  await cleanUp();
  process.exit(code);
}

// ── Helpers ─────────────────────────────────────────────────────────────────────────────────

function ensureBuilt() {
  if (fs.existsSync(path.join(ROOT, "build/index.js")) && fs.existsSync(path.join(ROOT, "public/build"))) return;
  console.log("build/index.js is missing: running `npx remix build`…");
  const r = spawnSync("npx", ["remix", "build"], { cwd: ROOT, stdio: "inherit", timeout: 300_000 });
  if (r.status !== 0) throw new Error(`remix build failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`);
}

async function canConnect(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** How React escapes text, so the title can be found in the HTML whatever it contains. */
function escapeHtml(s: string) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function redactUrl(url: string) {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

interface Scenario {
  name: string;
  path: string;
  cookie?: string;
  encoding: Encoding;
  /** A unique query string on every request, so the anonymous page cache never hits: the cost of a render. */
  cacheBust?: boolean;
  /** Post numbers the page must show. */
  numbers: number[];
}

function headersFor(s: Scenario): Record<string, string> {
  return { ...BROWSER_HEADERS, "accept-encoding": ENCODINGS[s.encoding], ...(s.cookie ? { cookie: s.cookie } : {}) };
}

/**
 * Fetches a page as the load generator will and throws unless it is the thread page with exactly the
 * expected posts. Returns the HTML size and the server's page-cache verdict (X-Page-Cache).
 */
async function checkPage(server: ServerProcess, data: BenchData, s: Scenario) {
  // fetch decompresses whatever Content-Encoding comes back, so the checks read the HTML either way.
  const url = server.url + s.path + (s.cacheBust ? `${s.path.includes("?") ? "&" : "?"}nocache=check-${Date.now()}` : "");
  const res = await fetch(url, { redirect: "manual", headers: headersFor(s), signal: AbortSignal.timeout(15_000) });
  const html = await res.text();
  const problems: string[] = [];
  if (res.status !== 200) problems.push(`status ${res.status}`);
  if (!new RegExp(`<h1[^>]*>${escapeRegExp(escapeHtml(data.title))}`).test(html)) problems.push("thread title missing");
  const shown = (html.match(/<li class="tpc-post[" ]/g) ?? []).length;
  if (shown !== s.numbers.length) problems.push(`${shown} posts shown, expected ${s.numbers.length}`);
  const missing = s.numbers.filter((n) => !html.includes(`id="post-${data.postIdByNumber[n]}"`));
  if (missing.length) problems.push(`posts ${missing.join(", ")} missing`);
  // The signed-in runs must really be signed in (an expired cookie would silently measure anonymous pages).
  if (s.cookie ? !html.includes("Reply to this thread") : !html.includes("Sign in to reply")) problems.push(s.cookie ? "not signed in" : "unexpectedly signed in");
  if (problems.length) {
    throw new Error(`${s.name}: ${server.url}${s.path} is not the expected thread page: ${problems.join("; ")}\n--- response (first 1,500 chars) ---\n${html.slice(0, 1500)}`);
  }
  return { htmlBytes: Buffer.byteLength(html), cache: res.headers.get("x-page-cache") ?? "-" };
}

async function hammer(server: ServerProcess, s: Scenario, duration: number): Promise<Result> {
  const url = server.url + s.path + (s.cacheBust ? `${s.path.includes("?") ? "&" : "?"}nocache=[<id>]` : "");
  // A response slower than 10 s counts as an error (a timeout): a reader would have given up by then.
  const instance = autocannon({ url, connections: CONNECTIONS, duration, headers: headersFor(s), timeout: 10, idReplacement: !!s.cacheBust });
  // autocannon stops by itself; this only bounds a wedged run.
  const guard = setTimeout(() => instance.stop(), (duration + 30) * 1000);
  try {
    return await instance;
  } finally {
    clearTimeout(guard);
  }
}

interface Row {
  /** The measured run, on the monotonic clock in µs (for slicing the server's CPU profile). */
  window: [number, number];
  scenario: string;
  encoding: Encoding;
  cache: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  requests: number;
  cpuMsPerRequest: number;
  kbPerResponse: number;
  htmlKb: number;
  rssMaxMb: number;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

function printTable(title: string, rows: Row[], notes: string[]) {
  const header = ["scenario", "encoding", "req/s (avg)", "p50 ms", "p99 ms", "non-2xx + errors", "requests", "server CPU ms/req", "KB/resp (wire)", "HTML KB", "page cache", "server RSS max"];
  const body = rows.map((r) => [
    r.scenario,
    r.encoding,
    r.reqPerSec.toFixed(1),
    r.p50.toFixed(0),
    r.p99.toFixed(0),
    `${r.non2xx} + ${r.errors}${r.timeouts ? ` (${r.timeouts} timeouts)` : ""}`,
    String(r.requests),
    r.cpuMsPerRequest.toFixed(2),
    r.kbPerResponse.toFixed(1),
    r.htmlKb.toFixed(1),
    r.cache,
    `${r.rssMaxMb.toFixed(0)} MB`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const left = (i: number) => i < 2 || header[i] === "page cache";
  const line = (cells: string[]) => "| " + cells.map((c, i) => (left(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ") + " |";
  console.log(`\n${title}`);
  console.log(line(header));
  console.log("|" + widths.map((w, i) => (left(i) ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|");
  for (const row of body) console.log(line(row));
  for (const note of notes) console.log(`  ${note}`);
}

// ── One target: prepare the data, start the server, measure, tear down ──────────────────────────

async function benchTarget(target: "embedded" | "postgres") {
  const depth = cleanups.length;
  try {
    let databaseUrl: string | undefined;
    if (target === "postgres") {
      const base = process.env.BENCH_DATABASE_URL ?? DEFAULT_PG;
      if (!(await canConnect(base))) {
        console.log(`\n[postgres] skipped: cannot connect to ${redactUrl(base)}`);
        return;
      }
      const fresh = await createDatabase(base);
      onCleanup(`drop database ${redactUrl(fresh.url)}`, () => fresh.drop());
      databaseUrl = fresh.url;
    }
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tpc-bench-"));
    onCleanup(`remove ${dataDir}`, () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const label = target === "embedded" ? `embedded PGlite (${dataDir})` : `PostgreSQL (${redactUrl(databaseUrl!)})`;
    console.log(`\n[${target}] preparing ${label}…`);

    // Migrate and load in this process, then close: PGlite's files take one process at a time, so the
    // server may only open them once this client is closed.
    let started = Date.now();
    const database = await openDatabase({ databaseUrl, dataDir, log: createLogger("warn") });
    let data: BenchData;
    try {
      data = await seedBenchData(database.prisma, { otherThreads: OTHER_THREADS, targetReplies: TARGET_REPLIES });
    } finally {
      await database.close();
    }
    console.log(`[${target}] loaded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${data.summary}`);

    started = Date.now();
    const server = await startServerProcess({ dataDir, databaseUrl, cpuProfDir: CPU_PROF_DIR });
    onCleanup(`stop server ${server.pid}`, () => server.stop());
    const idleRss = rssSampler(server.pid).stop();
    console.log(`[${target}] server pid ${server.pid} up at ${server.url} in ${((Date.now() - started) / 1000).toFixed(1)} s, RSS ${mb(idleRss).toFixed(0)} MB`);

    // The member signs up through the real form and likes two posts, so the signed-in page carries
    // everything a member's view has (session lookup, "liked by me", reply form).
    const canonical = `/forums/${data.forumSlug}/t/${data.threadId}-${data.threadSlug}`;
    const member = new Browserless(server.url);
    await withTimeout(member.signUp(), 30_000, "sign-up");
    for (const n of [2, 3]) {
      const res = await withTimeout(member.post(canonical, { intent: "like", postId: String(data.postIdByNumber[n]) }), 15_000, "like");
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`liking post ${n} as the member failed: ${res.status}`);
    }
    const cookie = [...member.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    if (!member.cookies.has("tpc_session")) throw new Error("sign-up did not set a session cookie");

    const postCount = data.postIdByNumber.length - 1;
    const lastPage = Math.ceil(postCount / data.postsPerPage);
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const page1 = range(1, Math.min(postCount, data.postsPerPage));
    const pageLast = range((lastPage - 1) * data.postsPerPage + 1, postCount);
    const scenarios: Scenario[] = [
      { name: "anonymous, page 1", path: canonical, encoding: "identity", numbers: page1 },
      { name: `anonymous, ?page=last (${lastPage})`, path: `${canonical}?page=last`, encoding: "identity", numbers: pageLast },
      { name: "anonymous, page 1, cache miss", path: canonical, encoding: "identity", cacheBust: true, numbers: page1 },
      { name: "member, page 1", path: canonical, cookie, encoding: "identity", numbers: page1 },
      { name: `member, ?page=last (${lastPage})`, path: `${canonical}?page=last`, cookie, encoding: "identity", numbers: pageLast },
      { name: "anonymous, page 1", path: canonical, encoding: "gzip", numbers: page1 },
      { name: "anonymous, page 1", path: canonical, encoding: "br", numbers: page1 },
    ];

    const rows: Row[] = [];
    for (const s of scenarios) {
      const { htmlBytes } = await checkPage(server, data, s);
      const rss = rssSampler(server.pid);
      process.stdout.write(`[${target}] ${s.name} (${s.encoding}): warm-up ${WARMUP} s, measuring ${DURATION} s…`);
      // When a run stops, the server is still working through the requests in flight (up to one per
      // connection): let it finish before measuring, and before the next row, so no run inherits a backlog.
      await hammer(server, s, WARMUP);
      if (!(await waitUntilIdle(server.pid))) console.log(`\n[${target}] warning: the server was still busy 60 s after the warm-up`);
      const from = Number(process.hrtime.bigint() / 1000n);
      const cpuBefore = cpuTimeMs(server.pid);
      const r = await hammer(server, s, DURATION);
      const cpuMs = cpuTimeMs(server.pid) - cpuBefore;
      const window: [number, number] = [from, Number(process.hrtime.bigint() / 1000n)];
      const rssMax = rss.stop();
      if (!(await waitUntilIdle(server.pid))) console.log(`\n[${target}] warning: the server was still busy 60 s after the run`);
      process.stdout.write(` ${r.requests.average.toFixed(1)} req/s\n`);
      // After the load as well as before it: still the real page.
      const { cache } = await checkPage(server, data, s);
      rows.push({
        window,
        scenario: s.name,
        encoding: s.encoding,
        cache,
        reqPerSec: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        requests: r.requests.total,
        // CPU during the run over the requests completed in it: the requests still in flight at the end are
        // partly paid for and not counted, so this errs high when few requests complete.
        cpuMsPerRequest: r.requests.total ? cpuMs / r.requests.total : NaN,
        kbPerResponse: r.requests.total ? r.throughput.total / r.requests.total / 1024 : 0,
        htmlKb: htmlBytes / 1024,
        rssMaxMb: mb(rssMax),
      });
    }

    const finalRss = rssSampler(server.pid).stop();
    printTable(`Thread page – ${label}`, rows, [
      `${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s per row; latency from autocannon (ms); RSS sampled every 200 ms from /proc/${server.pid}/status.`,
      `server CPU ms/req = user+system CPU of the server process during the run (all threads, PGlite included; not PostgreSQL's own processes) / requests completed.`,
      `page cache = the server's X-Page-Cache header after the run ("-": not cacheable, e.g. signed in). Load average now: ${os.loadavg().map((l) => l.toFixed(2)).join(", ")}.`,
      `Server RSS: ${mb(idleRss).toFixed(0)} MB after start-up, ${mb(finalRss).toFixed(0)} MB after the runs.`,
      `Data: ${data.summary}.`,
      ...(rows.some((r) => r.non2xx + r.errors > 0) ? ["WARNING: some responses were not 2xx or failed – see the non-2xx + errors column."] : []),
    ]);

    if (CPU_PROF_DIR) {
      // The profile is written when the server exits, so stop it now rather than in the clean-up.
      await server.stop();
      // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread (the server's
      // worker threads write profiles of their own).
      const profiles = fs
        .readdirSync(CPU_PROF_DIR)
        .filter((f) => f.includes(`.${server.pid}.0.`) && f.endsWith(".cpuprofile"))
        .map((f) => path.join(CPU_PROF_DIR, f));
      if (!profiles[0]) throw new Error(`no .cpuprofile was written to ${CPU_PROF_DIR}`);
      console.log(`\n[${target}] server CPU profile: ${profiles[0]} (with --cpu-prof the figures above are lower than without)`);
      for (const row of rows) {
        console.log(`\n${summarizeCpuProfile(profiles[0], { top: 15, window: row.window, title: `[${target}] ${row.scenario} (${row.encoding})` })}`);
      }
    }
  } finally {
    await cleanUp(depth);
  }
}

// ── Main ────────────────────────────────────────────────────────────────────────────────────

function describeMachine() {
  const cpus = os.cpus();
  let nproc = String(os.availableParallelism());
  try {
    nproc = execFileSync("nproc", { encoding: "utf8", timeout: 5_000 }).trim();
  } catch {
    // Not on coreutils: availableParallelism is the same number.
  }
  const benchEnv = Object.entries(process.env)
    .filter(([k]) => k.startsWith("BENCH_"))
    .map(([k, v]) => `${k}=${k === "BENCH_DATABASE_URL" && v ? redactUrl(v) : v}`);
  const npm = process.env.npm_lifecycle_event === "bench:thread";
  const node = `${[process.execPath, ...process.execArgv, path.relative(ROOT, process.argv[1] ?? "")].join(" ")} (in ${ROOT})`;
  return [
    `Machine: nproc ${nproc}, ${cpus[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB RAM, ${os.type()} ${os.release()}`,
    `Node ${process.version}; server and load generator (autocannon) share this machine, each in its own process.`,
    `Command: ${[...benchEnv, npm ? "npm run bench:thread" : node].join(" ")}`,
    ...(npm ? [`  which runs: ${node}`] : []),
    `Load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(", ")} (anything else running on the machine skews the figures).`,
    `Encodings: identity = no compression; gzip; br = Accept-Encoding "${ENCODINGS.br}" (what browsers send over HTTPS; the server picks brotli).`,
  ].join("\n");
}

async function main() {
  // Bound everything: a wedged run cleans up and fails rather than hanging a terminal or CI job.
  // Generous: set-up and teardown of two targets plus 2 × 7 warm-up-and-measure runs, with margin.
  const budgetMs = (15 * 60 + 2 * 8 * (WARMUP + DURATION)) * 1000;
  setTimeout(() => void abort(`timed out after ${budgetMs / 60_000} minutes`, 2), budgetMs).unref();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void abort(`received ${signal}`, 130));

  if (CPU_PROF_DIR) fs.mkdirSync(CPU_PROF_DIR, { recursive: true });
  ensureBuilt();
  console.log(describeMachine());
  for (const target of ["embedded", "postgres"] as const) {
    if (TARGETS.includes(target)) await benchTarget(target);
  }
}

try {
  await main();
} catch (error) {
  console.error(`\nBENCHMARK FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await cleanUp();
  process.exit(1);
}
// Pools and timers of the imported server modules may hold the loop open; everything is closed by now.
process.exit(0);
