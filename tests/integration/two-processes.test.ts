import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../server/app.ts";
import { parseConfig } from "../../server/config.ts";
import { createLogger } from "../../server/logger.ts";
import { makeForum, startThread } from "../fixtures/forum.ts";
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
});
