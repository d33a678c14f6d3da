/**
 * One load process of the live-thread benchmark (forked by live.bench.ts): opens its share of the
 * watching socket.io clients, joins the event room with each, and records every "live:item" it receives:
 * delivery latency (from the send time the poster wrote into the clientId), receipts per comment, and
 * repeats per socket. Talks to the parent over the fork IPC channel only.
 */
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { io as connect, type Socket } from "socket.io-client";
import { LATENCY_BUCKETS, latencyBucket, type ChildCommand, type ChildMessage } from "./live-protocol.ts";

const now = () => performance.timeOrigin + performance.now();
const send = (m: ChildMessage) => process.send!(m);

let sockets: Socket[] = [];
// How late this process's own event loop ran: large values mean the load process, not the server, delayed receipts.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
const histogram = new Uint32Array(LATENCY_BUCKETS);
let receipts = 0;
let duplicates = 0;
let maxMs = 0;
let disconnects = 0;
const disconnectReasons: Record<string, number> = {};
let foreign = 0;
/** Receipts per comment index (one per watching socket when nothing is lost). */
let perComment = new Uint32Array(1024);

function countFor(k: number) {
  if (k >= perComment.length) {
    const grown = new Uint32Array(Math.max(k + 1, perComment.length * 2));
    grown.set(perComment);
    perComment = grown;
  }
  perComment[k]++;
}

async function open(cmd: Extract<ChildCommand, { type: "connect" }>) {
  const prefix = cmd.prefix;
  const errors: string[] = [];
  let failed = 0;
  const started = now();
  const one = async (i: number) => {
    const url = cmd.urls[(cmd.offset + i) % cmd.urls.length];
    const s = connect(url, { transports: ["websocket"], forceNew: true, reconnection: false, extraHeaders: { origin: url } });
    // Which comments this socket has had: a bitmap by comment index, to count repeats.
    let seen = new Uint8Array(1024);
    s.on("live:item", (m: { item?: { clientId?: string } }) => {
      const at = now();
      const cid = m.item?.clientId ?? "";
      if (!cid.startsWith(prefix)) return void foreign++;
      const dash = cid.indexOf("-", prefix.length);
      const k = Number(cid.slice(prefix.length, dash));
      const sentMs = Number(cid.slice(dash + 1)) / 1000;
      if (k >= seen.length) {
        const grown = new Uint8Array(Math.max(k + 1, seen.length * 2));
        grown.set(seen);
        seen = grown;
      }
      if (seen[k]) return void duplicates++;
      seen[k] = 1;
      receipts++;
      countFor(k);
      const ms = Math.max(0, at - sentMs);
      histogram[latencyBucket(ms)]++;
      if (ms > maxMs) maxMs = ms;
    });
    s.on("disconnect", (reason) => {
      disconnects++;
      disconnectReasons[reason] = (disconnectReasons[reason] ?? 0) + 1;
    });
    try {
      await new Promise<void>((resolve, reject) => {
        s.once("connect", () => resolve());
        s.once("connect_error", reject);
      });
      const r = (await s.timeout(30_000).emitWithAck("live:join", { eventId: cmd.eventId, afterSeq: 0 })) as { ok: boolean; error?: string };
      if (!r.ok) throw new Error(`live:join refused: ${r.error}`);
      sockets.push(s);
    } catch (error) {
      failed++;
      if (errors.length < 5) errors.push((error as Error).message);
      s.close();
    }
  };
  // A bounded number of handshakes at a time, as a crowd arriving over a few seconds would.
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(cmd.concurrency, cmd.count) }, async () => {
      while (next < cmd.count) await one(next++);
    }),
  );
  send({ type: "connected", ok: sockets.length, failed, errors, ms: now() - started });
  loopDelay.enable();
}

process.on("message", (cmd: ChildCommand) => {
  if (cmd.type === "connect") void open(cmd);
  else if (cmd.type === "report") {
    const sparse: [number, number][] = [];
    histogram.forEach((count, bucket) => count && sparse.push([bucket, count]));
    send({ type: "report", receipts, duplicates, disconnects, disconnectReasons, foreign, maxMs, histogram: sparse, perComment: Array.from(perComment.subarray(0, cmd.comments)), connected: sockets.filter((s) => s.connected).length, loopDelayP99Ms: loopDelay.percentile(99) / 1e6, loopDelayMaxMs: loopDelay.max / 1e6 });
  } else if (cmd.type === "close") {
    for (const s of sockets) s.close();
    sockets = [];
    process.exit(0);
  }
});
process.on("disconnect", () => process.exit(0));
send({ type: "ready" });
