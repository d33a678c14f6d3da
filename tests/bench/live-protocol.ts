/** Messages between live.bench.ts and its load processes (live-clients.ts), and the latency histogram. */

export type ChildCommand =
  | { type: "connect"; urls: string[]; offset: number; count: number; eventId: number; prefix: string; concurrency: number }
  | { type: "report"; comments: number }
  | { type: "close" };

export type ChildReport = {
  type: "report";
  receipts: number;
  duplicates: number;
  disconnects: number;
  disconnectReasons: Record<string, number>;
  /** live:item messages of other runs (should stay 0: each run has its own event). */
  foreign: number;
  maxMs: number;
  histogram: [bucket: number, count: number][];
  perComment: number[];
  connected: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
};

export type ChildMessage = { type: "ready" } | { type: "connected"; ok: number; failed: number; errors: string[]; ms: number } | ChildReport;

// 0.1 ms buckets up to 2 s, then 10 ms buckets up to 120 s: fine where it matters, bounded in size.
const FINE_MS = 2_000;
const FINE = FINE_MS * 10;
const COARSE = (120_000 - FINE_MS) / 10;
export const LATENCY_BUCKETS = FINE + COARSE + 1;

export function latencyBucket(ms: number) {
  if (ms < FINE_MS) return Math.floor(ms * 10);
  return Math.min(FINE + Math.floor((ms - FINE_MS) / 10), LATENCY_BUCKETS - 1);
}

/** The upper edge of a bucket, in ms (a percentile is reported as this, so it never flatters). */
export function bucketUpperMs(bucket: number) {
  return bucket < FINE ? (bucket + 1) / 10 : FINE_MS + (bucket - FINE + 1) * 10;
}

export function percentile(histogram: Uint32Array | number[], total: number, p: number) {
  if (!total) return NaN;
  const rank = Math.ceil((p / 100) * total);
  let seen = 0;
  for (let b = 0; b < histogram.length; b++) {
    seen += histogram[b];
    if (seen >= rank) return bucketUpperMs(b);
  }
  return NaN;
}
