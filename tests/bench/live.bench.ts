/**
 * Live event thread benchmark: how fast a comment reaches everyone watching, and whether every watcher
 * gets every comment exactly once, with thousands of clients in one event room.
 *
 *   npm run bench:live
 *
 * The server runs as its own process (as in production). Load processes (forked live-clients.ts) open
 * BENCH_CLIENTS socket.io clients and join the event room ("live:join"); this process signs posting
 * members in (members and sessions written straight into the bench database, enough of them that the
 * 10-comments-a-minute member limit never bites) and posts BENCH_RATE comments a second for BENCH_SECONDS
 * through "live:post". Each comment's clientId carries its send time, so every receipt gives a delivery
 * latency (send → "live:item" on the watcher). After the posting, the run waits for deliveries to stop, then
 * counts: lost = comments acknowledged × watchers − distinct receipts; duplicates = a watcher receiving the
 * same comment twice.
 *
 * Environment:
 *   BENCH_CLIENTS        watching clients (default 2000)
 *   BENCH_RATE           comments per second (default 20)
 *   BENCH_SECONDS        seconds of posting (default 30)
 *   BENCH_MODE           "embedded" (one server, PGlite; default) or "cluster" (two servers on two ports,
 *                        a fresh PostgreSQL database and Redis; clients and posters split across both)
 *   BENCH_SWEEP          comma-separated client counts to run one after another (e.g. 500,1000,2000,3000,4000);
 *                        prints the largest with p99 ≤ 500 ms and nothing lost or repeated
 *   BENCH_CLIENT_PROCS   load processes sharing the watchers (default 2)
 *   BENCH_DATABASE_URL   PostgreSQL server for cluster mode (default postgresql://postgres@127.0.0.1:5432/postgres)
 *   BENCH_REDIS_URL      Redis for cluster mode (default redis://127.0.0.1:6379; a unique key prefix per run)
 *   BENCH_CPU_PROF       a directory: run the server(s) with --cpu-prof and print the top self-time functions
 *
 * Benchmarks only print. The machine has few cores shared by server and load processes: the table shows
 * the CPU each used, so it says which side limited the result.
 */
import { fork, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { randomBytes } from "node:crypto";
import { io as connect, type Socket } from "socket.io-client";
import { openDatabase, type PrismaClient } from "../../server/db/database.ts";
import { createLogger } from "../../server/logger.ts";
import { createDatabase } from "../fixtures/server.ts";
import { summarizeCpuProfile } from "./cpuprofile-summary.ts";
import { LATENCY_BUCKETS, percentile, type ChildCommand, type ChildMessage, type ChildReport } from "./live-protocol.ts";
import { cpuTimeMs, ROOT, rssSampler, startServerProcess, waitUntilIdle, type ServerProcess } from "./server-process.ts";

const positive = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};
const CLIENTS = Math.round(positive("BENCH_CLIENTS", 2000));
const RATE = positive("BENCH_RATE", 20);
const SECONDS = positive("BENCH_SECONDS", 30);
const MODE = (process.env.BENCH_MODE ?? "embedded") as "embedded" | "cluster";
if (MODE !== "embedded" && MODE !== "cluster") throw new Error('BENCH_MODE must be "embedded" or "cluster"');
const SWEEP = process.env.BENCH_SWEEP ? process.env.BENCH_SWEEP.split(",").map((n) => Math.round(Number(n.trim()))).filter((n) => n > 0) : null;
const CLIENT_PROCS = Math.round(positive("BENCH_CLIENT_PROCS", 2));
const PG_BASE = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
const SWEEP_P99_MS = 500;
const TARGET = { clients: 2000, p99: 200 };

const COMMENTS = Math.round(RATE * SECONDS);
// The per-member limit is 10 comments in a fixed minute: each poster posts at most 8 a minute.
const POSTERS = Math.max(Math.ceil((RATE * 60) / 8), 1);
const now = () => performance.timeOrigin + performance.now();

/** Time a process (main thread) has spent runnable but waiting for a CPU, in ms (/proc/<pid>/schedstat). */
function runQueueWaitMs(pid: number) {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[1]) / 1e6;
  } catch {
    return NaN;
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ── Cleanup: everything this run creates is undone on success, failure or Ctrl-C ──────────────────

const cleanups: Array<{ what: string; run: () => Promise<void> | void }> = [];
const onCleanup = (what: string, run: () => Promise<void> | void) => cleanups.push({ what, run });
async function cleanUp() {
  while (cleanups.length) {
    const step = cleanups.pop()!;
    try {
      await Promise.race([Promise.resolve(step.run()), sleep(30_000).then(() => Promise.reject(new Error("no answer within 30 s")))]);
    } catch (error) {
      console.error(`cleanup failed (${step.what}): ${(error as Error).message}`);
    }
  }
}

// ── Data: per run an open event and its posting members with sessions, written straight to the database ──

interface RunData {
  eventId: number;
  cookies: string[];
}

async function seed(db: PrismaClient, runs: number): Promise<RunData[]> {
  const creatorId = `bench-fac-${randomBytes(6).toString("hex")}`;
  await db.user.create({
    data: { id: creatorId, handle: `bench-facilitator-${creatorId.slice(-6)}`, fullName: "Bench Facilitator", email: `${creatorId}@example.org`, passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$bench$bench", organisation: "Bench Council", jobTitle: "Facilitator", role: "facilitator" },
  });
  const out: RunData[] = [];
  const expiresAt = new Date(Date.now() + 7 * 86_400_000);
  for (let r = 0; r < runs; r++) {
    const event = await db.event.create({
      data: {
        slug: `live-bench-${r + 1}`, title: `Live bench ${r + 1}`, summary: "A live thread under load.", descriptionSource: "Load test.", descriptionHtml: "<p>Load test.</p>",
        startsAt: new Date(Date.now() - 3_600_000), endsAt: new Date(Date.now() + 7 * 86_400_000), format: "online", onlineUrl: "https://meet.example.org/bench",
        themes: [], places: [], createdById: creatorId, liveOpenedAt: new Date(),
      },
    });
    const users = Array.from({ length: POSTERS }, (_, i) => {
      const id = `bench-${r}-${i}-${randomBytes(4).toString("hex")}`;
      return { id, handle: id, fullName: `Bench Poster ${r}-${i}`, email: `${id}@example.org`, passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$bench$bench", organisation: "Bench Council", jobTitle: "Analyst" };
    });
    await db.user.createMany({ data: users });
    const sessions = users.map((u) => ({ id: randomBytes(20).toString("hex"), userId: u.id, expiresAt }));
    await db.session.createMany({ data: sessions });
    out.push({ eventId: event.id, cookies: sessions.map((s) => `tpc_session=${s.id}`) });
  }
  return out;
}

// ── Load processes ─────────────────────────────────────────────────────────────────────────

interface LoadProcess {
  child: ChildProcess;
  next<T extends ChildMessage["type"]>(type: T, ms?: number): Promise<Extract<ChildMessage, { type: T }>>;
  tell(cmd: ChildCommand): void;
}

function startLoadProcess(): LoadProcess {
  const child = fork(path.join(ROOT, "tests/bench/live-clients.ts"), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const waiting: { type: string; resolve: (m: ChildMessage) => void }[] = [];
  const inbox: ChildMessage[] = [];
  child.on("message", (m: ChildMessage) => {
    const i = waiting.findIndex((w) => w.type === m.type);
    if (i >= 0) waiting.splice(i, 1)[0].resolve(m);
    else inbox.push(m);
  });
  onCleanup(`stop load process ${child.pid}`, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  return {
    child,
    tell: (cmd) => child.send(cmd),
    next(type, ms = 120_000) {
      const i = inbox.findIndex((m) => m.type === type);
      if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0] as never);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`load process ${child.pid}: no "${type}" within ${ms / 1000} s`)), ms);
        child.once("exit", (code) => reject(new Error(`load process ${child.pid} exited (${code}) while waiting for "${type}"`)));
        waiting.push({ type, resolve: (m) => (clearTimeout(timer), resolve(m as never)) });
      });
    },
  };
}

// ── One measured run ────────────────────────────────────────────────────────────────────────

interface Row {
  clients: number;
  connected: number;
  connectS: number;
  sent: number;
  acked: number;
  rejected: string;
  expected: number;
  received: number;
  lost: number;
  duplicates: number;
  disconnects: number;
  dropReasons: string;
  cpuUsPerDelivery: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  ackP99: number;
  serverCpu: string;
  serverRss: string;
  loadCpu: string;
  loadLagP99: string;
  serverWaiting: string;
  machineLoad: string;
}

async function openPoster(url: string, cookie: string) {
  const s = connect(url, { transports: ["websocket"], forceNew: true, reconnection: false, extraHeaders: { origin: url, cookie } });
  await new Promise<void>((resolve, reject) => {
    s.once("connect", () => resolve());
    s.once("connect_error", reject);
  });
  return s;
}

async function measure(servers: ServerProcess[], clients: number, data: RunData, label: string): Promise<Row> {
  const urls = servers.map((s) => s.url);
  const procs = Array.from({ length: Math.min(CLIENT_PROCS, clients) }, startLoadProcess);
  await Promise.all(procs.map((p) => p.next("ready", 30_000)));
  const prefix = `b${randomBytes(3).toString("hex")}`;

  // Watchers: split evenly across load processes, and across servers by index.
  const started = now();
  const per = Math.ceil(clients / procs.length);
  procs.forEach((p, i) => p.tell({ type: "connect", urls, offset: i * per, count: Math.min(per, clients - i * per), eventId: data.eventId, prefix, concurrency: 50 }));
  const joined = await Promise.all(procs.map((p) => p.next("connected", 300_000)));
  const connected = joined.reduce((n, j) => n + j.ok, 0);
  const connectS = (now() - started) / 1000;
  const errors = joined.flatMap((j) => j.errors);
  console.log(`[${label}] ${connected}/${clients} watchers joined in ${connectS.toFixed(1)} s${errors.length ? ` (errors: ${[...new Set(errors)].join("; ")})` : ""}`);
  for (const s of servers) await waitUntilIdle(s.pid, { maxMs: 30_000 });

  const posters: Socket[] = [];
  for (let i = 0; i < data.cookies.length; i++) posters.push(await openPoster(urls[i % urls.length], data.cookies[i]));

  // Post on a fixed schedule (k-th comment at start + k / rate), whatever the acknowledgements do.
  const rss = servers.map((s) => rssSampler(s.pid));
  const cpuBefore = servers.map((s) => cpuTimeMs(s.pid));
  const loadCpuBefore = procs.map((p) => cpuTimeMs(p.child.pid!));
  const waitBefore = servers.map((s) => runQueueWaitMs(s.pid));
  const windowStart = now();
  const acks: Promise<void>[] = [];
  const ackMs: number[] = [];
  const ackedIndex: number[] = [];
  const rejections = new Map<string, number>();
  const reject = (why: string) => void rejections.set(why, (rejections.get(why) ?? 0) + 1);
  for (let k = 0; k < COMMENTS; k++) {
    const due = windowStart + (k * 1000) / RATE;
    const wait = due - now();
    if (wait > 1) await sleep(wait);
    const sentAt = now();
    const clientId = `${prefix}${k}-${Math.round(sentAt * 1000)}`;
    const poster = posters[k % posters.length];
    acks.push(
      (poster.timeout(30_000).emitWithAck("live:post", { eventId: data.eventId, clientId, body: `Bench comment ${k}: how is the **pooled budget** going?` }) as Promise<{ ok: boolean; error?: string; duplicate?: boolean }>)
        .then((r) => {
          if (r.ok && !r.duplicate) {
            ackMs.push(now() - sentAt);
            ackedIndex.push(k);
          } else reject(r.error ?? "duplicate");
        })
        .catch((e: Error) => reject(e.message)),
    );
  }
  await Promise.all(acks);
  const postingS = (now() - windowStart) / 1000;

  // Drain: wait until every acknowledged comment reached every watcher, or deliveries stop for 5 s.
  const collect = async () => {
    procs.forEach((p) => p.tell({ type: "report", comments: COMMENTS }));
    return Promise.all(procs.map((p) => p.next("report", 60_000)));
  };
  const expected = ackedIndex.length * connected;
  let reports: ChildReport[] = await collect();
  let last = -1;
  let stillSince = now();
  for (;;) {
    const received = reports.reduce((n, r) => n + r.receipts, 0);
    if (received >= expected) break;
    if (received !== last) {
      last = received;
      stillSince = now();
    } else if (now() - stillSince > 5_000) break;
    await sleep(250);
    reports = await collect();
  }
  const wallS = (now() - windowStart) / 1000;
  const serverCpuMs = servers.map((s, i) => cpuTimeMs(s.pid) - cpuBefore[i]);
  const serverCpu = serverCpuMs.map((ms) => (ms / 10 / wallS).toFixed(0) + "%").join(" + ");
  const serverWaiting = servers.map((s, i) => ((runQueueWaitMs(s.pid) - waitBefore[i]) / 10 / wallS).toFixed(0) + "%").join(" + ");
  const loadCpu = procs.map((p, i) => ((cpuTimeMs(p.child.pid!) - loadCpuBefore[i]) / 10 / wallS).toFixed(0) + "%").join(" + ");
  const serverRss = rss.map((r) => `${(r.stop() / 1024 / 1024).toFixed(0)}`).join(" + ") + " MB";

  // Counts for acknowledged comments only (a comment whose post failed is nobody's loss).
  const histogram = new Uint32Array(LATENCY_BUCKETS);
  let received = 0;
  for (const r of reports) for (const [b, c] of r.histogram) histogram[b] += c;
  const total = histogram.reduce((a, b) => a + b, 0);
  for (const k of ackedIndex) for (const r of reports) received += r.perComment[k] ?? 0;
  ackMs.sort((a, b) => a - b);

  for (const p of procs) p.tell({ type: "close" });
  for (const s of posters) s.close();
  await Promise.all(procs.map((p) => new Promise((r) => (p.child.exitCode !== null ? r(null) : p.child.once("exit", r)))));
  for (const s of servers) await waitUntilIdle(s.pid, { maxMs: 30_000 });

  if (postingS > SECONDS * 1.2) console.log(`[${label}] note: posting took ${postingS.toFixed(1)} s instead of ${SECONDS} s (acknowledgements were slow)`);
  return {
    clients,
    connected,
    connectS,
    sent: COMMENTS,
    acked: ackedIndex.length,
    rejected: [...rejections].map(([why, n]) => `${n}× ${why}`).join("; "),
    expected,
    received,
    lost: expected - received,
    duplicates: reports.reduce((n, r) => n + r.duplicates, 0),
    disconnects: reports.reduce((n, r) => n + r.disconnects, 0),
    dropReasons: [...new Set(reports.flatMap((r) => Object.keys(r.disconnectReasons)))].map((why) => `${reports.reduce((n, r) => n + (r.disconnectReasons[why] ?? 0), 0)}× ${why}`).join("; "),
    // CPU time hardly depends on what else the machine runs, unlike latency: the server's cost per receipt.
    cpuUsPerDelivery: received ? (serverCpuMs.reduce((a, b) => a + b, 0) * 1000) / received : NaN,
    p50: percentile(histogram, total, 50),
    p90: percentile(histogram, total, 90),
    p99: percentile(histogram, total, 99),
    max: Math.max(...reports.map((r) => r.maxMs)),
    ackP99: ackMs.length ? ackMs[Math.min(ackMs.length - 1, Math.ceil(ackMs.length * 0.99) - 1)] : NaN,
    serverCpu,
    serverRss,
    loadCpu,
    loadLagP99: reports.map((r) => r.loopDelayP99Ms.toFixed(0)).join(" + "),
    machineLoad: os.loadavg()[0].toFixed(1),
    serverWaiting,
  };
}

// ── Output ──────────────────────────────────────────────────────────────────────────────────

function printTable(title: string, rows: Row[], notes: string[]) {
  const header = ["clients", "joined", "comments ok/sent", "expected receipts", "received", "lost", "dup", "drops", "p50 ms", "p90 ms", "p99 ms", "max ms", "post ack p99 ms", "server CPU", "server waiting for CPU", "server µs CPU/receipt", "server RSS max", "load CPU", "load loop lag p99 ms", "machine load 1 min"];
  const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(1) : v.toFixed(0)) : "-");
  const body = rows.map((r) => [String(r.clients), String(r.connected), `${r.acked}/${r.sent}`, String(r.expected), String(r.received), String(r.lost), String(r.duplicates), String(r.disconnects), ms(r.p50), ms(r.p90), ms(r.p99), ms(r.max), ms(r.ackP99), r.serverCpu, r.serverWaiting, r.cpuUsPerDelivery.toFixed(1), r.serverRss, r.loadCpu, r.loadLagP99, r.machineLoad]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => "| " + cells.map((c, i) => c.padStart(widths[i])).join(" | ") + " |";
  console.log(`\n${title}`);
  console.log(line(header));
  console.log("|" + widths.map((w) => "-".repeat(w + 1) + ":").join("|") + "|");
  for (const row of body) console.log(line(row));
  for (const n of notes) console.log(`  ${n}`);
}

// ── Main ────────────────────────────────────────────────────────────────────────────────────

function ensureBuilt() {
  if (fs.existsSync(path.join(ROOT, "build/index.js")) && fs.existsSync(path.join(ROOT, "public/build"))) return;
  console.log("build/index.js is missing: running `npx remix build`…");
  const r = spawnSync("npx", ["remix", "build"], { cwd: ROOT, stdio: "inherit", timeout: 300_000 });
  if (r.status !== 0) throw new Error(`remix build failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`);
}

async function main() {
  const counts = SWEEP ?? [CLIENTS];
  const budgetMs = (10 * 60 + counts.length * (SECONDS + 240)) * 1000;
  setTimeout(() => void abort(`timed out after ${(budgetMs / 60_000).toFixed(0)} minutes`, 2), budgetMs).unref();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void abort(`received ${signal}`, 130));
  ensureBuilt();
  if (CPU_PROF_DIR) fs.mkdirSync(CPU_PROF_DIR, { recursive: true });

  const benchEnv = Object.entries(process.env).filter(([k]) => k.startsWith("BENCH_")).map(([k, v]) => `${k}=${v}`);
  console.log(`Machine: nproc ${os.availableParallelism()}, ${os.cpus()[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB RAM; Node ${process.version}`);
  console.log(`Command: ${[...benchEnv, "npm run bench:live"].join(" ")}`);
  console.log(`Mode ${MODE}; ${counts.join(", ")} watchers in ${CLIENT_PROCS} load process(es); ${RATE} comments/s for ${SECONDS} s (${COMMENTS} comments) from ${POSTERS} members; load average ${os.loadavg().map((l) => l.toFixed(2)).join(", ")}`);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tpc-live-bench-"));
  onCleanup(`remove ${dataDir}`, () => fs.rmSync(dataDir, { recursive: true, force: true }));
  let databaseUrl: string | undefined;
  if (MODE === "cluster") {
    const fresh = await createDatabase(PG_BASE);
    onCleanup("drop the bench database", () => fresh.drop());
    databaseUrl = fresh.url;
  }
  // Migrate and seed here, then close: PGlite's files take one process at a time.
  const database = await openDatabase({ databaseUrl, dataDir, log: createLogger("warn") });
  let runs: RunData[];
  try {
    runs = await seed(database.prisma, counts.length);
  } finally {
    await database.close();
  }

  const servers: ServerProcess[] = [];
  const redisPrefix = `tpc-live-bench-${process.pid}-${Date.now().toString(36)}`;
  for (let i = 0; i < (MODE === "cluster" ? 2 : 1); i++) {
    const s = await startServerProcess({ dataDir, databaseUrl, cpuProfDir: CPU_PROF_DIR, env: MODE === "cluster" ? { REDIS_URL, REDIS_PREFIX: redisPrefix } : {} });
    onCleanup(`stop server ${s.pid}`, () => s.stop());
    servers.push(s);
  }
  const idleRss = servers.map((s) => (rssSampler(s.pid).stop() / 1024 / 1024).toFixed(0)).join(" + ");
  console.log(`Servers: ${servers.map((s) => `pid ${s.pid} at ${s.url}`).join(", ")}; RSS after start ${idleRss} MB`);

  const rows: Row[] = [];
  for (let i = 0; i < counts.length; i++) {
    const label = `${MODE} ${counts[i]}`;
    const row = await measure(servers, counts[i], runs[i], label);
    console.log(`[${label}] p50 ${row.p50} ms, p99 ${row.p99} ms, max ${row.max.toFixed(0)} ms, lost ${row.lost}, duplicates ${row.duplicates}${row.dropReasons ? `; watcher disconnects: ${row.dropReasons}` : ""}${row.rejected ? `; rejected posts: ${row.rejected}` : ""}`);
    rows.push(row);
    // A server error (not a refusal) is a bug to look at: show what the servers logged.
    if (/Something went wrong/.test(row.rejected)) {
      for (const s of servers) {
        const lines = s.output().split("\n").filter((l) => /socket event failed|error/i.test(l));
        console.log(`[${label}] server ${s.pid} logged ${lines.length ? "(last lines):" : "nothing about it"}\n${lines.slice(-3).map((l) => `    ${l.slice(0, 1200)}`).join("\n")}`);
      }
    }
  }

  const where = MODE === "cluster" ? `two server processes (PostgreSQL ${new URL(databaseUrl!).pathname.slice(1)}, Redis prefix ${redisPrefix})` : "one server process (embedded PGlite)";
  const notes = [
    `${RATE} comments/s for ${SECONDS} s. Latency = send (before live:post) → "live:item" on each watcher, over all receipts; percentiles are upper bucket edges (0.1 ms buckets).`,
    `lost = comments acknowledged × watchers joined − distinct receipts; dup = a watcher receiving one comment twice; drops = watcher disconnects during the run.`,
    `server CPU / load CPU = share of one core (user+system) from posting start to the end of delivery, per process; 100% on a load process means the clients, not the server, set the latency.`,
    `server waiting for CPU = share of the time the server's main thread was ready to run but had no core (/proc/<pid>/schedstat): other processes' load, not the server's own.`,
    `server µs CPU/receipt = all server processes' CPU time in that window / receipts: the cost of one delivery, nearly independent of other load on the machine.`,
    `load loop lag = event-loop delay of each load process (ms, p99) while receiving; machine load = 1-minute load average at the end of the run (${os.availableParallelism()} cores; other programs count too).`,
    `server RSS max sampled every 200 ms from /proc/<pid>/status; after start-up it was ${idleRss} MB.`,
  ];
  printTable(`Live thread – ${where}`, rows, notes);
  // What a core of its own would carry at the measured cost per receipt (the latency columns above depend on
  // how much CPU the server actually got; this does not).
  const costs = rows.map((r) => r.cpuUsPerDelivery).filter(Number.isFinite).sort((a, b) => a - b);
  if (costs.length) {
    const us = costs[Math.floor(costs.length / 2)];
    console.log(`Capacity at the median ${us.toFixed(1)} µs of server CPU per receipt: ${Math.round(1e6 / us).toLocaleString("en-GB")} receipts/s per fully available core, i.e. about ${Math.round(1e6 / us / RATE).toLocaleString("en-GB")} watchers at ${RATE} comments/s${MODE === "cluster" ? " per server process" : ""} (100% busy; keep well below for low latency).`);
  }
  const atTarget = rows.find((r) => r.clients === TARGET.clients);
  if (atTarget) {
    const met = atTarget.p99 <= TARGET.p99 && atTarget.lost === 0 && atTarget.duplicates === 0 && atTarget.connected === atTarget.clients;
    console.log(`Target (${TARGET.clients} clients, p99 ≤ ${TARGET.p99} ms, 0 lost, 0 duplicated): ${met ? "met" : "MISSED"}`);
  }
  if (CPU_PROF_DIR) {
    // Profiles are written when a server exits.
    for (const s of servers) {
      await s.stop();
      const file = fs.readdirSync(CPU_PROF_DIR).find((f) => f.includes(`.${s.pid}.0.`) && f.endsWith(".cpuprofile"));
      if (file) console.log(`\n${summarizeCpuProfile(path.join(CPU_PROF_DIR, file), { top: 25, title: `server ${s.pid} (whole run)` })}`);
    }
  }
  if (SWEEP) {
    const fine = rows.filter((r) => r.p99 <= SWEEP_P99_MS && r.lost === 0 && r.duplicates === 0 && r.connected === r.clients);
    console.log(`Largest client count with p99 ≤ ${SWEEP_P99_MS} ms and nothing lost or repeated: ${fine.length ? Math.max(...fine.map((r) => r.clients)) : "none of those tried"}`);
  }
}

let aborting = false;
async function abort(reason: string, code: number) {
  if (aborting) return;
  aborting = true;
  console.error(`\n${reason}: cleaning up…`);
  await cleanUp();
  process.exit(code);
}

try {
  await main();
  await cleanUp();
} catch (error) {
  console.error(`\nBENCHMARK FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await cleanUp();
  process.exit(1);
}
process.exit(0);
