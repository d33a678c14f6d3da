import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../server/app.ts";
import { parseConfig } from "../../server/config.ts";
import { createLogger } from "../../server/logger.ts";
import { createEvent, onlineNow } from "../fixtures/event.ts";
import { makeFacilitator } from "../fixtures/forum.ts";
import { Browserless } from "../fixtures/http.ts";
import { ask as askOnce, socketClients } from "../fixtures/live-socket.ts";
import { startTestServer, type TestServer } from "../fixtures/server.ts";

type Item = { seq: number; kind: string; bodyHtml: string | null; clientId: string };
type Reply = { ok: boolean; error?: string; item?: Item; items?: Item[]; duplicate?: boolean; lastSeq?: number; state?: string; fieldErrors?: Record<string, string> };

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

/** An event whose live thread is open now. */
const openEvent = (title = "Workshop happening now") => createEvent(facilitator, onlineNow({ title }));

/** A real socket.io client (see tests/fixtures/live-socket.ts). */
const socketFor = (client: Browserless | null, url = server.url) => sockets.connect(client, { url });

const ask = (s: Socket, event: string, payload: unknown) => askOnce<Reply>(s, event, payload);

describe("live event thread", () => {
  it("stores each comment with the next sequence number before broadcasting it to everyone watching", async () => {
    const { eventId } = await openEvent();
    const member = new Browserless(server.url);
    await member.signUp();
    const poster = await socketFor(member);
    const watcher = await socketFor(null);
    expect((await ask(watcher, "live:join", { eventId, afterSeq: 0 })).ok).toBe(true);
    const seen: Item[] = [];
    watcher.on("live:item", (m: { item: Item }) => seen.push(m.item));

    for (let i = 1; i <= 3; i++) {
      const r = await ask(poster, "live:post", { eventId, clientId: `client-${i}-abcdef`, body: `Comment **${i}**` });
      expect(r.ok).toBe(true);
      expect(r.item!.seq).toBe(i);
    }
    await expect.poll(() => seen.map((i) => i.seq)).toEqual([1, 2, 3]);
    expect(seen[0].bodyHtml).toContain("<strong>1</strong>");
    expect(await server.services.db.liveItem.count({ where: { eventId } })).toBe(3);
  });

  it("never duplicates a resend with the same client id", async () => {
    const { eventId } = await openEvent();
    const member = new Browserless(server.url);
    await member.signUp();
    const s = await socketFor(member);
    const first = await ask(s, "live:post", { eventId, clientId: "same-id-123456", body: "Only once" });
    const again = await ask(s, "live:post", { eventId, clientId: "same-id-123456", body: "Only once" });
    expect(again.ok).toBe(true);
    expect(again.duplicate).toBe(true);
    expect(again.item!.seq).toBe(first.item!.seq);
    expect(await server.services.db.liveItem.count({ where: { eventId } })).toBe(1);
  });

  it("catches a client up from its last sequence number after a disconnect: nothing lost, nothing twice", async () => {
    const { eventId } = await openEvent();
    const member = new Browserless(server.url);
    await member.signUp();
    const poster = await socketFor(member);
    let viewer = await socketFor(null);
    await ask(viewer, "live:join", { eventId, afterSeq: 0 });
    await ask(poster, "live:post", { eventId, clientId: "before-drop-1", body: "Before the drop" });
    viewer.disconnect();
    for (let i = 0; i < 4; i++) await ask(poster, "live:post", { eventId, clientId: `while-away-${i}`, body: `While away ${i}` });
    viewer = await socketFor(null);
    const missed = await ask(viewer, "live:join", { eventId, afterSeq: 1 });
    expect(missed.items!.map((i) => i.seq)).toEqual([2, 3, 4, 5]);
    expect(missed.lastSeq).toBe(5);
  });

  it("keeps the guarantee across a server restart", async () => {
    // Same data directory or database, new process state.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tpc-restart-"));
    const env = { NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "silent", SEED: "never", ...(server.databaseUrl ? { DATABASE_URL: server.databaseUrl } : {}) };
    if (!server.databaseUrl) {
      // PGlite files can be opened by one process at a time: use a server of its own for this test.
      let first = await startServer(parseConfig(env), createLogger("silent"));
      const fac = await makeFacilitator(first);
      const { eventId } = await createEvent(fac.client, onlineNow({ title: "Restart test event" }));
      const member = new Browserless(first.url);
      await member.signUp();
      const s1 = await socketFor(member, first.url);
      await ask(s1, "live:post", { eventId, clientId: "pre-restart-1", body: "Before restart" });
      s1.close();
      await first.close();
      first = await startServer(parseConfig(env), createLogger("silent"));
      const member2 = new Browserless(first.url);
      member2.cookies = member.cookies;
      const s2 = await socketFor(member2, first.url);
      const resend = await ask(s2, "live:post", { eventId, clientId: "pre-restart-1", body: "Before restart" });
      expect(resend.duplicate).toBe(true);
      await ask(s2, "live:post", { eventId, clientId: "post-restart-1", body: "After restart" });
      const viewer = await socketFor(null, first.url);
      const all = await ask(viewer, "live:join", { eventId, afterSeq: 0 });
      expect(all.items!.map((i) => i.seq)).toEqual([1, 2]);
      await first.close();
    } else {
      const { eventId } = await openEvent("Restart on PostgreSQL");
      const member = new Browserless(server.url);
      await member.signUp();
      const s1 = await socketFor(member);
      await ask(s1, "live:post", { eventId, clientId: "pg-pre-restart", body: "Before restart" });
      const twin = await startServer(parseConfig(env), createLogger("silent"));
      const viewer = await socketFor(null, twin.url);
      const all = await ask(viewer, "live:join", { eventId, afterSeq: 0 });
      expect(all.items!.map((i) => i.seq)).toEqual([1]);
      await twin.close();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers bad input with clear errors and stays up", async () => {
    const { eventId } = await openEvent();
    const member = new Browserless(server.url);
    await member.signUp();
    const s = await socketFor(member);
    expect((await ask(s, "live:post", { eventId, clientId: "too-long-1", body: "x".repeat(1001) })).fieldErrors?.body).toMatch(/1,000 characters or fewer/);
    expect((await ask(s, "live:post", "not an object")).ok).toBe(false);
    expect((await ask(s, "live:post", { eventId, clientId: "short", body: "hi" })).ok).toBe(false);
    expect((await ask(s, "live:post", { eventId, clientId: "highlight-by-member", body: "hi", kind: "highlight" })).error).toMatch(/Only facilitators/);
    const anon = await socketFor(null);
    expect((await ask(anon, "live:post", { eventId, clientId: "anon-post-1", body: "hi" })).error).toMatch(/Sign in/);
    expect((await ask(anon, "live:join", { eventId: 999999, afterSeq: 0 })).ok).toBe(false);
    // Flooding: the per-member limit answers with a clear message.
    let limited: Reply | null = null;
    for (let i = 0; i < 12 && !limited; i++) {
      const r = await ask(s, "live:post", { eventId, clientId: `flood-${i}-xyz`, body: `Flood ${i}` });
      if (!r.ok) limited = r;
    }
    expect(limited?.error).toMatch(/commenting very quickly/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("hides a message for everyone at once, in sequence, and for anyone catching up later", async () => {
    const { eventId } = await openEvent();
    const member = new Browserless(server.url);
    await member.signUp();
    const poster = await socketFor(member);
    const watcher = await socketFor(null);
    await ask(watcher, "live:join", { eventId, afterSeq: 0 });
    const seen: { at: number; item: Item & { hidden: boolean } }[] = [];
    watcher.on("live:item", (m: { at: number; item: Item & { hidden: boolean } }) => seen.push(m));
    const spam = await ask(poster, "live:post", { eventId, clientId: "spam-message-1", body: "cheap price cialis" });
    expect((await ask(poster, "live:hide", { eventId, seq: spam.item!.seq, hidden: true })).error).toMatch(/Only facilitators/);

    const fac = await socketFor(facilitator);
    const hid = await ask(fac, "live:hide", { eventId, seq: spam.item!.seq, hidden: true });
    expect(hid.ok).toBe(true);
    await expect.poll(() => seen.map((m) => [m.at, m.item.seq, m.item.hidden])).toEqual([[1, 1, false], [2, 1, true]]);
    expect(seen[1].item.bodyHtml).toBeNull();
    // A client that saw only the message (up to 1) learns it was hidden; one already up to date gets nothing.
    const late = await ask(watcher, "live:join", { eventId, afterSeq: 1 });
    expect(late.items!.map((i) => [i.seq, (i as Item & { hidden: boolean }).hidden])).toEqual([[1, true]]);
    expect((await ask(watcher, "live:join", { eventId, afterSeq: 2 })).items).toEqual([]);
    // Anonymous readers of the page no longer see it.
    const event = await server.services.db.event.findUniqueOrThrow({ where: { id: eventId } });
    const page = await (await fetch(`${server.url}/events/${event.id}-${event.slug}/live`)).text();
    expect(page).not.toContain("cheap price cialis");
  });

  it("refuses comments once a facilitator closes the thread, and works without JavaScript", async () => {
    const { url, eventId } = await openEvent();
    const member = new Browserless(server.url);
    await member.signUp();
    const post = await member.post(`${url}/live`, { body: "Posted from a plain form", kind: "comment" });
    expect(post.status).toBe(302);
    expect(await (await fetch(`${server.url}${url}/live`)).text()).toContain("Posted from a plain form");
    expect((await member.post(`${url}/live`, { intent: "close" })).status).toBe(422);
    expect((await facilitator.post(`${url}/live`, { intent: "close" })).status).toBe(302);
    const refused = await member.post(`${url}/live`, { body: "Too late", kind: "comment" });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Too late");
    const s = await socketFor(member);
    expect((await ask(s, "live:post", { eventId, clientId: "after-close-1", body: "Too late" })).error).toMatch(/closed/);
  });
});
