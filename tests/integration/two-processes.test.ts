import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../server/app.ts";
import { parseConfig } from "../../server/config.ts";
import { createLogger } from "../../server/logger.ts";
import { createEvent, onlineNow } from "../fixtures/event.ts";
import { makeFacilitator, makeForum, startThread } from "../fixtures/forum.ts";
import { Browserless } from "../fixtures/http.ts";
import { createDatabase } from "../fixtures/server.ts";

// Two app servers on one PostgreSQL database and one Redis: what a scaled-out deployment looks like.
// It needs both real services, so it runs where DATABASE_URL and REDIS_URL are set (CI's PostgreSQL run).
const enabled = !!process.env.DATABASE_URL && !!process.env.REDIS_URL;

describe.runIf(enabled)("two app processes sharing PostgreSQL and Redis", () => {
  type Running = Awaited<ReturnType<typeof startServer>>;
  let a: Running;
  let b: Running;
  let db: Awaited<ReturnType<typeof createDatabase>>;
  let dataDir: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    db = await createDatabase(process.env.DATABASE_URL!);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tpc-two-"));
    const config = parseConfig({
      NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "silent", SEED: "never",
      DATABASE_URL: db.url, REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: `tpc-two-${path.basename(dataDir)}`,
    });
    a = await startServer(config, createLogger("silent"));
    b = await startServer(config, createLogger("silent"));
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await b?.close();
    await a?.close();
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("delivers a reply posted through one process to a viewer connected to the other, and refreshes the other's page cache", async () => {
    const forum = await makeForum(a);
    const alice = new Browserless(a.url);
    await alice.signUp();
    const { url, threadId } = await startThread(alice, forum, "Fan-out across processes", "Opening post");
    const path = url.split("#")[0];

    // An anonymous reader on B caches the page…
    expect((await fetch(b.url + path)).headers.get("x-page-cache")).toBe("miss");
    expect((await fetch(b.url + path)).headers.get("x-page-cache")).toBe("hit");

    // …and a viewer on B watches the thread live.
    const viewer = connect(b.url, { transports: ["websocket"], extraHeaders: { origin: b.url } });
    sockets.push(viewer);
    await new Promise<void>((resolve, reject) => {
      viewer.on("connect_error", reject);
      viewer.on("connect", () => viewer.emit("thread:join", { threadId }, (ack: { ok: boolean }) => (ack.ok ? resolve() : reject(new Error("join refused")))));
    });
    const received = new Promise<{ postId: number }>((resolve) => viewer.on("post:created", resolve));

    const reply = await alice.post(path, { intent: "reply", body: "Posted through process A" });
    expect(reply.status).toBe(302);
    const event = await received;
    expect(event.postId).toBeGreaterThan(0);

    // B's cached page was dropped by A's write.
    await expect.poll(async () => (await (await fetch(b.url + path)).text()).includes("Posted through process A")).toBe(true);
  });
  // ── Live event thread across processes ──
  it("delivers a live comment posted through process A to a live client of process B, and B's catch-up has it", async () => {
    const fac = await makeFacilitator(a);
    const { eventId } = await createEvent(fac.client, onlineNow({ title: "Live across processes" }));
    const alice = new Browserless(a.url);
    await alice.signUp();
    const open = async (url: string, cookie = "") => {
      const s = connect(url, { transports: ["websocket"], forceNew: true, extraHeaders: { origin: url, ...(cookie ? { cookie } : {}) } });
      sockets.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once("connect_error", reject);
        s.once("connect", () => resolve());
      });
      return s;
    };
    type LiveItem = { seq: number; clientId: string; bodyHtml: string | null; hidden: boolean };
    const viewerOnB = await open(b.url);
    expect(((await viewerOnB.timeout(5_000).emitWithAck("live:join", { eventId, afterSeq: 0 })) as { ok: boolean }).ok).toBe(true);
    const heard: { at: number; item: LiveItem }[] = [];
    viewerOnB.on("live:item", (m: { at: number; item: LiveItem }) => heard.push(m));

    const posterOnA = await open(a.url, [...alice.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const posted = (await posterOnA.timeout(5_000).emitWithAck("live:post", { eventId, clientId: "across-a-to-b", body: "Posted through **A**" })) as { ok: boolean; item: LiveItem };
    expect(posted.ok).toBe(true);
    await expect.poll(() => heard.map((m) => [m.at, m.item.clientId])).toEqual([[1, "across-a-to-b"]]);
    expect(heard[0].item.bodyHtml).toContain("<strong>A</strong>");

    // A hide through B reaches a viewer on A as well.
    const viewerOnA = await open(a.url);
    await viewerOnA.timeout(5_000).emitWithAck("live:join", { eventId, afterSeq: 1 });
    const hiddenOnA = new Promise<{ at: number; item: LiveItem }>((resolve) => viewerOnA.once("live:item", resolve));
    const facOnB = await open(b.url, [...fac.client.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    expect(((await facOnB.timeout(5_000).emitWithAck("live:hide", { eventId, seq: 1, hidden: true })) as { ok: boolean }).ok).toBe(true);
    expect(await hiddenOnA).toMatchObject({ at: 2, item: { seq: 1, hidden: true, bodyHtml: null } });

    // A client joining B late catches up from the shared database.
    const lateOnB = await open(b.url);
    const caughtUp = (await lateOnB.timeout(5_000).emitWithAck("live:join", { eventId, afterSeq: 0 })) as { items: LiveItem[]; lastSeq: number };
    expect(caughtUp.items.map((i) => [i.seq, i.clientId, i.hidden])).toEqual([[1, "across-a-to-b", true]]);
    expect(caughtUp.lastSeq).toBe(2);
  });
});
