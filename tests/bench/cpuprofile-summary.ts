import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Summarises a V8 .cpuprofile (node --cpu-prof) as self time per function and per package, which is
 * usually enough to see where a request's time goes without opening DevTools.
 * CLI: node --import tsx tests/bench/cpuprofile-summary.ts <file.cpuprofile> [top]
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  /** Microseconds on the monotonic clock, the same one process.hrtime() reads in any process on the host. */
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<pkg> (scoped too), node:internal, the app's own folders, or V8's pseudo-frames. */
function bucketOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return "node:internal";
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const app = /\/(server|app|build|prisma|tests)\//.exec(url);
  return app ? `app:${app[1]}/` : url;
}

function shortUrl(url: string) {
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) return url.slice(nm + "node_modules/".length);
  return url.replace(/^file:\/\/.*?\/(server|app|build|prisma|tests)\//, "$1/");
}

/**
 * `window` (monotonic µs, as from process.hrtime.bigint() / 1000n) keeps only the samples taken inside
 * it, so one profile of a whole benchmark can be read run by run.
 */
export function summarizeCpuProfile(file: string, opts: { top?: number; window?: [number, number]; title?: string } = {}): string {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const top = opts.top ?? 20;
  const [from, to] = opts.window ?? [-Infinity, Infinity];
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (at < from || at > to) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
    total += dt;
  });
  if (!total) return `${opts.title ?? path.basename(file)}: no samples in that window`;

  const fns = new Map<string, number>();
  const buckets = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const name = `${functionName || "(anonymous)"}  ${url ? `${shortUrl(url)}:${lineNumber + 1}` : ""}`.trim();
    fns.set(name, (fns.get(name) ?? 0) + us);
    const bucket = bucketOf(url, functionName);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + us);
  }

  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  const rows = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `  ${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
  return [
    `${opts.title ?? `CPU profile ${path.basename(file)}`}: ${(total / 1e6).toFixed(1)} s sampled`,
    `Self time by package:`,
    ...rows(buckets, 15),
    `Top ${top} functions by self time:`,
    ...rows(fns, top),
  ].join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error("usage: cpuprofile-summary.ts <file.cpuprofile> [top]");
    process.exit(2);
  }
  console.log(summarizeCpuProfile(file, { top: Number(top ?? 30) }));
}
