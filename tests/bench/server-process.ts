import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The app server as a separate process, started exactly like `npm run start:built`, so the load
 * generator never shares its event loop (or its CPU time accounting) with the server it measures.
 */

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const NODE_FLAGS = ["--experimental-wasm-modules", "--no-warnings=ExperimentalWarning"];

// Settings that would change what is measured if inherited from the caller's shell (Redis adapter,
// search worker, mail, secure cookies). The bench sets the database itself.
const STRIPPED_ENV = ["DATABASE_URL", "REDIS_URL", "MEILISEARCH_URL", "MEILISEARCH_API_KEY", "SMTP_URL", "PUBLIC_URL", "SESSION_SECURE", "SEED", "PORT", "HOST", "DATA_DIR", "LOG_LEVEL", "NODE_ENV"];

// A benchmark must never leave a server behind: whatever ends this process kills what is still running.
const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export interface ServerProcess {
  pid: number;
  url: string;
  /** Last lines the server wrote, for error messages. */
  output(): string;
  /** SIGTERM (the server closes cleanly: PGlite must flush), SIGKILL if it hangs. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startServerProcess(opts: {
  dataDir: string;
  databaseUrl?: string;
  /** When set, the server runs with --cpu-prof and writes its profile here on exit. */
  cpuProfDir?: string;
  startTimeoutMs?: number;
  /** Extra settings applied last (the live bench's cluster mode passes REDIS_URL and REDIS_PREFIX). */
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of STRIPPED_ENV) delete env[key];
  Object.assign(env, {
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATA_DIR: opts.dataDir,
    LOG_LEVEL: "warn",
    SEED: "never",
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    ...opts.env,
  });
  const profFlags = opts.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${opts.cpuProfDir}`] : [];
  const child = spawn(process.execPath, [...NODE_FLAGS, ...profFlags, "--import", "tsx", "server/index.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));

  // Keep a bounded tail of the output: enough to explain a failed start, never a growing buffer.
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-8000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);

  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    pid: child.pid!,
    url,
    output: () => tail,
    async stop() {
      if (await exited(child, 0)) return;
      child.kill("SIGTERM");
      // The server gives in-flight requests up to 10 s before closing sockets; then the database closes.
      if (await exited(child, 20_000)) return;
      child.kill("SIGKILL");
      await exited(child, 5_000);
      throw new Error(`server ${child.pid} did not stop on SIGTERM within 20 s and was killed`);
    },
  };

  const deadline = Date.now() + (opts.startTimeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited during start-up (${child.exitCode ?? child.signalCode}):\n${tail}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await server.stop().catch(() => {});
  throw new Error(`server did not answer /healthz within ${(opts.startTimeoutMs ?? 90_000) / 1000} s:\n${tail}`);
}

let clockTicks = 100;
try {
  clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8", timeout: 5_000 }).trim()) || 100;
} catch {
  // Linux's USER_HZ is 100 almost everywhere.
}

/**
 * CPU time (user + system, all threads) a process has used so far, in ms, from /proc/<pid>/stat.
 * Unlike req/s, CPU per request hardly moves when other programs compete for the machine.
 */
export function cpuTimeMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after "(comm)": state is field 3, utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return NaN;
  }
}

/**
 * Waits until the process has (nearly) stopped using CPU. When a load run ends, the server is still
 * working through the requests already in flight; the next run must not inherit that backlog.
 */
export async function waitUntilIdle(pid: number, opts: { maxMs?: number; quietMs?: number; busyShare?: number } = {}) {
  const { maxMs = 60_000, quietMs = 500, busyShare = 0.1 } = opts;
  const deadline = Date.now() + maxMs;
  let before = cpuTimeMs(pid);
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, quietMs));
    const now = cpuTimeMs(pid);
    if (!Number.isFinite(now) || now - before < quietMs * busyShare) return true;
    before = now;
  }
  return false;
}

/** Samples a process's resident set size from /proc (Linux), keeping the maximum seen. */
export function rssSampler(pid: number, everyMs = 200) {
  const statusFile = `/proc/${pid}/status`;
  let last = 0;
  let max = 0;
  const read = () => {
    try {
      const kb = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(statusFile, "utf8"));
      if (kb) {
        last = Number(kb[1]) * 1024;
        max = Math.max(max, last);
      }
    } catch {
      // The process has gone (or this is not Linux): keep what was seen.
    }
  };
  read();
  const timer = setInterval(read, everyMs);
  timer.unref();
  return {
    get last() {
      return last;
    },
    get max() {
      return max;
    },
    stop() {
      clearInterval(timer);
      read();
      return max;
    },
  };
}
