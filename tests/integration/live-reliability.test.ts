import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../server/app.ts";
import { parseConfig } from "../../server/config.ts";
import { createLogger } from "../../server/logger.ts";
import { createEvent, eventForm, onlineNow } from "../fixtures/event.ts";
import { makeFacilitator } from "../fixtures/forum.ts";
import { Browserless } from "../fixtures/http.ts";
import { ask as askOnce, socketClients } from "../fixtures/live-socket.ts";
import { createDatabase, startTestServer, type TestServer } from "../fixtures/server.ts";
import { newMember } from "./_members.ts";

// What a live client relies on when the network or the server lets it down: catch-up from its last
// sequence number (after a dropped connection or a server restart), resends that never double, and
// clear errors for whatever a broken or hostile client sends, with the server still serving everyone else.

type Item = { seq: number; kind: string; bodyHtml: string | null; clientId: string; hidden: boolean };
type Reply = { ok: boolean; error?: string; item?: Item; items?: Item[]; duplicate?: boolean; lastSeq?: number; state?: string; complete?: boolean; fieldErrors?: Record<string, string> };
type Broadcast = { eventId: number; at: number; item: Item };

let server: TestServer;
let facilitator: Browserless;
const sockets = socketClients(() => server.url);

beforeAll(async () => {
  server = await startTestServer();
  facilitator = (await makeFacilitator(server)).client;
});
afterAll(async () => {
  sockets.closeAll();
  await server?.stop();
});

/** A real socket.io client (see tests/fixtures/live-socket.ts). */
const socketFor = (client: Browserless | null, url = server.url, opts: { reconnect?: boolean } = {}) => sockets.connect(client, { url, ...opts });

const ask = (s: Socket, event: string, payload: unknown) => askOnce<Reply>(s, event, payload);

/** A signed-in member: through the sign-up form on another server, else the use case (own client IP each,
 *  so the per-IP sign-up limit never bites in this file). */
async function signedIn(url = server.url) {
  if (url === server.url) return (await newMember(server)).client;
  const member = new Browserless(url);
  await member.signUp();
  return member;
}

/**
 * What the page's script does: keep items by sequence number, take live broadcasts, and on every
 * (re)connect ask for everything after the last number held. Records what each catch-up returned.
 */
function liveView(s: Socket, eventId: number) {
  const bySeq = new Map<number, Item>();
  let lastSeq = 0;
  const catchUps: { afterSeq: number; seqs: number[] }[] = [];
  const take = (item: Item, at: number) => {
    bySeq.set(item.seq, item);
    lastSeq = Math.max(lastSeq, at);
  };
  s.on("live:item", (m: Broadcast) => m.eventId === eventId && take(m.item, m.at));
  const join = async () => {
    const afterSeq = lastSeq;
    const r = await ask(s, "live:join", { eventId, afterSeq });
    if (!r.ok) throw new Error(`join refused: ${r.error}`);
    catchUps.push({ afterSeq, seqs: r.items!.map((i) => i.seq) });
    for (const item of r.items!) take(item, item.seq);
    lastSeq = Math.max(lastSeq, r.lastSeq!);
    return r;
  };
  return { bySeq, catchUps, join, get lastSeq() { return lastSeq; } };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("live thread reliability", () => {
  it("catches up after a forced disconnect while comments keep arriving: every comment once, none repeated by catch-up", async () => {
    const { eventId } = await createEvent(facilitator, onlineNow({ title: "Dropped connection" }));
    const posters = [await socketFor(await signedIn()), await socketFor(await signedIn())];
    const viewer = await socketFor(null, server.url, { reconnect: true });
    const view = liveView(viewer, eventId);
    await view.join();
    // socket.io reconnects by itself; the page re-joins from its last sequence number on each connect.
    const rejoined: Promise<unknown>[] = [];
    viewer.io.on("reconnect", () => rejoined.push(view.join()));

    const total = 16;
    for (let i = 0; i < total; i++) {
      const r = await ask(posters[i % 2], "live:post", { eventId, clientId: `drop-test-${i}`, body: `Comment ${i}` });
      expect(r.ok).toBe(true);
      // Cut the transport twice mid-stream, as a network drop does (no goodbye from either side).
      if (i === 3 || i === 9) viewer.io.engine.close();
      // The second drop comes after the first reconnection (a drop during one only delays it).
      if (i === 6) await expect.poll(() => rejoined.length).toBe(1);
    }
    await expect.poll(() => rejoined.length).toBe(2);
    await Promise.all(rejoined);
    await expect.poll(() => [...view.bySeq.keys()].sort((a, b) => a - b)).toEqual(range(1, total));
    // Catch-up only ever returns what comes after the number the client asked from, each item once.
    for (const c of view.catchUps) {
      expect(c.seqs.every((seq) => seq > c.afterSeq)).toBe(true);
      expect(new Set(c.seqs).size).toBe(c.seqs.length);
    }
    expect(view.catchUps.slice(1).some((c) => c.seqs.length > 0)).toBe(true);
    expect([...view.bySeq.values()].map((i) => i.clientId).sort()).toEqual(range(0, total - 1).map((i) => `drop-test-${i}`).sort());
  });

  it("delivers every comment once and in order to a room bigger than one fan-out slice", async () => {
    // The gateway sends to large rooms a slice at a time (server/realtime/gateway.ts, FANOUT_SLICE = 200).
    const { eventId } = await createEvent(facilitator, onlineNow({ title: "Big room" }));
    const watchers = await Promise.all(Array.from({ length: 450 }, () => socketFor(null)));
    const heard = watchers.map(() => [] as number[]);
    await Promise.all(watchers.map((w) => ask(w, "live:join", { eventId, afterSeq: 0 })));
    watchers.forEach((w, i) => w.on("live:item", (m: Broadcast) => heard[i].push(m.at)));
    const posters = [await socketFor(await signedIn()), await socketFor(await signedIn())];
    // Sent together, so later comments queue behind earlier ones still being sliced.
    const replies = await Promise.all(range(0, 5).map((i) => ask(posters[i % 2], "live:post", { eventId, clientId: `big-room-${i}`, body: `Comment ${i}` })));
    expect(replies.every((r) => r.ok)).toBe(true);
    await expect.poll(() => heard.filter((h) => h.length === 6).length, { timeout: 15_000 }).toBe(watchers.length);
    for (const h of heard) expect(h).toEqual(range(1, 6));
    for (const w of watchers) w.close();
  });

  it("catches a client up from its last sequence number after a server restart on the same database", async () => {
    // A server of its own, so it can be stopped and started again on the same PGlite directory or database.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tpc-live-restart-"));
    const db = process.env.DATABASE_URL ? await createDatabase(process.env.DATABASE_URL) : null;
    const env = { NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "silent", SEED: "never", ...(db ? { DATABASE_URL: db.url } : {}) };
    let running = await startServer(parseConfig(env), createLogger("silent"));
    try {
      const fac = await makeFacilitator(running);
      const { eventId } = await createEvent(fac.client, onlineNow({ title: "Restart mid-event" }));
      const member = await signedIn(running.url);
      const poster = await socketFor(member, running.url);
      const viewer = await socketFor(null, running.url);
      const view = liveView(viewer, eventId);
      await view.join();
      for (let i = 1; i <= 2; i++) await ask(poster, "live:post", { eventId, clientId: `before-restart-${i}`, body: `Seen live ${i}` });
      await expect.poll(() => view.lastSeq).toBe(2);
      viewer.close();
      for (let i = 3; i <= 4; i++) await ask(poster, "live:post", { eventId, clientId: `before-restart-${i}`, body: `Missed ${i}` });
      poster.close();

      await running.close();
      running = await startServer(parseConfig(env), createLogger("silent"));

      // The member's session and the sequence survive the restart; a resend of a stored comment is not doubled.
      const again = new Browserless(running.url);
      again.cookies = member.cookies;
      const poster2 = await socketFor(again, running.url);
      const resend = await ask(poster2, "live:post", { eventId, clientId: "before-restart-4", body: "Missed 4" });
      expect(resend.duplicate).toBe(true);
      expect(resend.item!.seq).toBe(4);
      expect((await ask(poster2, "live:post", { eventId, clientId: "after-restart-5", body: "After the restart" })).item!.seq).toBe(5);

      const viewer2 = await socketFor(null, running.url);
      const caughtUp = await ask(viewer2, "live:join", { eventId, afterSeq: view.lastSeq });
      expect(caughtUp.items!.map((i) => i.seq)).toEqual([3, 4, 5]);
      expect(caughtUp.items!.map((i) => i.clientId)).toEqual(["before-restart-3", "before-restart-4", "after-restart-5"]);
      expect(caughtUp.lastSeq).toBe(5);
      expect(caughtUp.complete).toBe(true);
    } finally {
      await running.close();
      await db?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("answers a resend with the stored item and broadcasts the comment only once", async () => {
    const { eventId } = await createEvent(facilitator, onlineNow({ title: "Resend" }));
    const poster = await socketFor(await signedIn());
    const watcher = await socketFor(null);
    await ask(watcher, "live:join", { eventId, afterSeq: 0 });
    const heard: Broadcast[] = [];
    watcher.on("live:item", (m: Broadcast) => heard.push(m));

    const first = await ask(poster, "live:post", { eventId, clientId: "resend-abc-1", body: "Said **once**" });
    // A client that timed out resends; even a changed body does not make a second comment.
    const [again, thrice] = await Promise.all([
      ask(poster, "live:post", { eventId, clientId: "resend-abc-1", body: "Said **once**" }),
      ask(poster, "live:post", { eventId, clientId: "resend-abc-1", body: "Said differently" }),
    ]);
    for (const r of [again, thrice]) {
      expect(r).toMatchObject({ ok: true, duplicate: true });
      expect(r.item).toEqual(first.item);
    }
    // A later comment proves the watcher would have heard a second broadcast by now.
    await ask(poster, "live:post", { eventId, clientId: "resend-abc-2", body: "Next" });
    await expect.poll(() => heard.map((m) => m.item.clientId)).toEqual(["resend-abc-1", "resend-abc-2"]);
    expect(await server.services.db.liveItem.count({ where: { eventId } })).toBe(2);
  });

  it("shows a hidden comment as hidden to every connected client, and only facilitators can hide", async () => {
    const { eventId } = await createEvent(facilitator, onlineNow({ title: "Hide for all" }));
    const poster = await socketFor(await signedIn());
    const watchers = [await socketFor(null), await socketFor(await signedIn()), await socketFor(null)];
    const views = [];
    for (const w of watchers) {
      const v = liveView(w, eventId);
      await v.join();
      views.push(v);
    }
    const posted = await ask(poster, "live:post", { eventId, clientId: "to-be-hidden-1", body: "Buy cheap watches" });
    const fac = await socketFor(facilitator);
    expect((await ask(fac, "live:hide", { eventId, seq: posted.item!.seq, hidden: true })).ok).toBe(true);
    for (const v of views) {
      await expect.poll(() => v.bySeq.get(posted.item!.seq)?.hidden).toBe(true);
      expect(v.bySeq.get(posted.item!.seq)!.bodyHtml).toBeNull();
      expect(v.lastSeq).toBe(2);
    }
    // Restoring it is another change everybody sees.
    expect((await ask(fac, "live:hide", { eventId, seq: posted.item!.seq, hidden: false })).ok).toBe(true);
    for (const v of views) await expect.poll(() => v.bySeq.get(posted.item!.seq)?.bodyHtml).toContain("Buy cheap watches");
  });

  it("gives a clear error for malformed payloads, with or without an acknowledgement, and keeps serving", async () => {
    const { eventId } = await createEvent(facilitator, onlineNow({ title: "Malformed" }));
    const s = await socketFor(await signedIn());
    // Each answer names the problem: a field error for a recognisable form, a plain message otherwise.
    const bad: [string, unknown, RegExp][] = [
      ["live:post", null, /There is a problem/],
      ["live:post", [eventId, "abcdefgh", "hi"], /There is a problem/],
      ["live:post", { eventId: "abc", clientId: "valid-id-1", body: "hi" }, /eventId/],
      ["live:post", { eventId, clientId: "has spaces in it", body: "hi" }, /clientId: Invalid message id/],
      ["live:post", { eventId, clientId: "valid-id-2", body: 42 }, /body/],
      ["live:post", { eventId, clientId: "valid-id-3", body: "   " }, /body: Enter your comment/],
      ["live:post", { eventId, clientId: "x".repeat(65), body: "hi" }, /clientId: Message id is too long/],
      ["live:post", { eventId: 2 ** 40, clientId: "valid-id-4", body: "hi" }, /eventId/],
      ["live:join", { eventId: -1, afterSeq: 0 }, /Invalid event or sequence number/],
      ["live:join", { eventId, afterSeq: "lots" }, /Invalid event or sequence number/],
      ["live:join", "event 1", /Invalid event or sequence number/],
      ["live:hide", { eventId, seq: "x", hidden: true }, /Only facilitators/],
    ];
    for (const [event, payload, message] of bad) {
      const r = await ask(s, event, payload);
      const said = [r.error, ...Object.entries(r.fieldErrors ?? {}).map(([k, v]) => `${k}: ${v}`)].join(" | ");
      expect(r.ok, `${event} ${JSON.stringify(payload)}`).toBe(false);
      expect(said, `${event} ${JSON.stringify(payload)}`).toMatch(message);
      expect(said).not.toMatch(/Something went wrong/);
    }
    // Without an acknowledgement callback the error comes back as an "error:event" message.
    const reported = new Promise<{ event: string; error: string }>((resolve) => s.once("error:event", resolve));
    s.emit("live:post", { eventId, clientId: "no-ack-1", body: "" });
    expect(await reported).toMatchObject({ event: "live:post", error: "There is a problem", fieldErrors: { body: "Enter your comment" } });
    // Nothing bad was stored, and the same socket still posts.
    expect(await server.services.db.liveItem.count({ where: { eventId } })).toBe(0);
    expect((await ask(s, "live:post", { eventId, clientId: "after-bad-1", body: "Still here" })).item!.seq).toBe(1);
  });

  it("refuses an oversize comment with the field error and drops an oversize frame without harming others", async () => {
    const { eventId } = await createEvent(facilitator, onlineNow({ title: "Oversize" }));
    const member = await signedIn();
    const s = await socketFor(member);
    const tooLong = await ask(s, "live:post", { eventId, clientId: "too-long-xyz", body: "a".repeat(1_001) });
    expect(tooLong.fieldErrors?.body).toMatch(/1,000 characters or fewer/);
    // A frame beyond socket.io's buffer limit (1 MB) closes that connection only.
    const hog = await socketFor(member);
    const closed = new Promise<string>((resolve) => hog.once("disconnect", resolve));
    hog.emit("live:post", { eventId, clientId: "huge-frame-1", body: "b".repeat(2_000_000) });
    expect(await closed).toMatch(/transport (close|error)/);
    expect((await ask(s, "live:post", { eventId, clientId: "after-huge-1", body: "Fine" })).ok).toBe(true);
    expect(await server.services.db.liveItem.count({ where: { eventId } })).toBe(1);
  });

  it("limits a flooding connection with a clear message while other clients carry on", async () => {
    const { eventId } = await createEvent(facilitator, onlineNow({ title: "Flood" }));
    const flooder = await socketFor(null);
    const replies = await Promise.all(Array.from({ length: 40 }, () => ask(flooder, "live:join", { eventId, afterSeq: 0 })));
    const refused = replies.filter((r) => !r.ok);
    // 30 events per 10 seconds per connection.
    expect(replies.filter((r) => r.ok)).toHaveLength(30);
    expect(refused[0].error).toMatch(/Too many messages\. Wait \d+ seconds\./);
    const other = await socketFor(await signedIn());
    const watcher = await socketFor(null);
    expect((await ask(watcher, "live:join", { eventId, afterSeq: 0 })).ok).toBe(true);
    const heard = new Promise<Broadcast>((resolve) => watcher.once("live:item", resolve));
    expect((await ask(other, "live:post", { eventId, clientId: "during-flood", body: "Unaffected" })).ok).toBe(true);
    expect((await heard).item.clientId).toBe("during-flood");
  });

  it("refuses comments before the thread opens and after it closes, saying why", async () => {
    const nextYear = String(new Date().getUTCFullYear() + 1);
    const future = await createEvent(facilitator, eventForm({ title: "Not yet", startYear: nextYear, endYear: nextYear }));
    const s = await socketFor(await signedIn());
    const early = await ask(s, "live:post", { eventId: future.eventId, clientId: "too-early-1", body: "Hello?" });
    expect(early.error).toMatch(/opens when the event starts/);

    const { url, eventId } = await createEvent(facilitator, onlineNow({ title: "Closing" }));
    expect((await ask(s, "live:post", { eventId, clientId: "before-close", body: "In time" })).ok).toBe(true);
    expect((await facilitator.post(`${url}/live`, { intent: "close" })).status).toBe(302);
    const late = await ask(s, "live:post", { eventId, clientId: "after-close", body: "Too late" });
    expect(late.error).toMatch(/has closed/);
    // A resend of the comment stored before closing still gets its stored item.
    expect((await ask(s, "live:post", { eventId, clientId: "before-close", body: "In time" })).duplicate).toBe(true);
    // Catch-up still works on a closed thread and says so.
    const viewer = await socketFor(null);
    const r = await ask(viewer, "live:join", { eventId, afterSeq: 0 });
    expect(r).toMatchObject({ ok: true, state: "closed", lastSeq: 1 });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
