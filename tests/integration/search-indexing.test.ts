import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../server/logger.ts";
import { createMeilisearchEngine } from "../../server/search/meilisearch-engine.ts";
import { createOutboxWorker } from "../../server/search/outbox-worker.ts";
import { searchSources } from "../../server/search/sources.ts";
import { createEvent, onlineNow } from "../fixtures/event.ts";
import { Browserless } from "../fixtures/http.ts";
import { startTestServer, type TestServer } from "../fixtures/server.ts";
import { newForum, newMember, type Member } from "./_members.ts";

/** Polls until `check` returns a truthy value (indexing is asynchronous by design). */
async function eventually<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const unique = () => `zq${Math.random().toString(36).slice(2, 9).replace(/\d/g, "x")}`;
const resultCount = (html: string) => Number(/(\d[\d,]*) results?</.exec(html)?.[1]?.replace(/,/g, "") ?? "-1");

let server: TestServer;
let facilitator: Member;
let member: Member;
let forumSlug: string;

beforeAll(async () => {
  server = await startTestServer();
  facilitator = await newMember(server, { role: "facilitator" });
  member = await newMember(server);
  forumSlug = (await newForum(server, facilitator)).slug;
});
afterAll(async () => server?.stop());

async function searchPage(client: Browserless, q: string) {
  const res = await client.get(`/search?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return res.text();
}

describe("indexing through the outbox (embedded engine)", () => {
  it("makes a new reply searchable through the /search page over HTTP, with its snippet marked", async () => {
    const word = unique();
    const { threadId } = await server.services.forums.createThread(member.caller, { forumSlug, title: "Shared youth services", body: "Opening post." });
    await server.services.forums.replyToThread(member.caller, { threadId, body: `Our ${word} pilot pooled three budgets.` });
    const visitor = new Browserless(server.url);
    const html = await eventually(async () => {
      const page = await searchPage(visitor, word);
      return resultCount(page) === 1 ? page : null;
    }, "the reply to be searchable");
    expect(html).toContain(`<mark>${word}</mark>`);
    expect(html).toMatch(/href="\/p\/\d+"/);
  });

  it("hides a hidden thread and its replies from visitors and members, but not from facilitators", async () => {
    const word = unique();
    const { threadId } = await server.services.forums.createThread(member.caller, { forumSlug, title: `Budget ${word} review`, body: `About ${word}.` });
    await server.services.forums.replyToThread(member.caller, { threadId, body: `A reply on ${word}.` });
    await eventually(async () => resultCount(await searchPage(new Browserless(server.url), word)) === 2, "thread and reply indexed");
    await server.services.forums.moderateThread(facilitator.caller, { threadId, action: "hide" });
    await eventually(async () => resultCount(await searchPage(new Browserless(server.url), word)) === 0, "hidden thread to leave visitors' results");
    expect(resultCount(await searchPage(member.client, word))).toBe(0);
    expect(resultCount(await searchPage(facilitator.client, word))).toBe(2);
  });

  it("keeps changes in the outbox while the engine fails, with attempts, backoff and the error, then catches up", async () => {
    const db = server.services.db;
    // A real failure of the real engine: its table is taken away (no mock), so every write to it errors.
    await db.$executeRawUnsafe(`ALTER TABLE "SearchEntry" RENAME TO "SearchEntryOffline"`);
    const word = unique();
    let restored = false;
    try {
      const { threadId } = await server.services.forums.createThread(member.caller, { forumSlug, title: "Offline indexing", body: `The ${word} survives an outage.` });
      const row = await eventually(
        async () => {
          const r = await db.searchOutbox.findFirst({ where: { entityType: "thread", entityId: String(threadId) } });
          return r && r.attempts >= 2 ? r : null;
        },
        "two failed attempts",
      );
      expect(row.processedAt).toBeNull();
      expect(row.lastError).toMatch(/SearchEntry/);
      expect(row.nextTryAt.getTime()).toBeGreaterThan(row.createdAt.getTime());
      const health = await (await fetch(`${server.url}/healthz`)).json();
      expect(health.search.pending).toBeGreaterThan(0);
      expect(health.search.lastIndexError).toMatch(/SearchEntry/);
      await db.$executeRawUnsafe(`ALTER TABLE "SearchEntryOffline" RENAME TO "SearchEntry"`);
      restored = true;
      await eventually(async () => (await db.searchOutbox.findFirst({ where: { id: row.id } }))?.processedAt, "the row to drain", 70_000);
      expect(resultCount(await searchPage(new Browserless(server.url), word))).toBe(1);
    } finally {
      if (!restored) await db.$executeRawUnsafe(`ALTER TABLE "SearchEntryOffline" RENAME TO "SearchEntry"`);
    }
  }, 120_000);

  it("indexes an event's live thread in chunks, leaving hidden messages out", async () => {
    const word = unique();
    const secret = unique();
    const { eventId } = await createEvent(facilitator.client, onlineNow({ title: "Live indexing summit" }));
    // Live comments are rate-limited per member (10 a minute): spread them over six people.
    const speakers = [facilitator.caller, member.caller, ...(await Promise.all([1, 2, 3, 4].map(() => newMember(server)))).map((m) => m.caller)];
    for (let i = 0; i < 45; i++) await server.services.live.post(speakers[i % speakers.length], { eventId, kind: "comment", clientId: `c-${word}-${i}`, body: i === 3 ? `The ${word} panel answer` : i === 44 ? `Secret ${secret} remark` : `Comment ${i}` });
    const hidden = await server.services.db.liveItem.findFirstOrThrow({ where: { eventId, bodySource: { startsWith: "Secret" } } });
    await server.services.live.setHidden(facilitator.caller, { eventId, seq: hidden.seq, hidden: true });
    const records = await eventually(async () => {
      await server.services.searchIndexer.worker.drain();
      const rows = await server.services.db.searchEntry.findMany({ where: { entity: `live:${eventId}` }, orderBy: { id: "asc" } });
      return rows.length === 2 ? rows : null;
    }, "two live chunks (40 + 4 visible messages)");
    expect(records.map((r) => r.type)).toEqual(["live", "live"]);
    const visitor = new Browserless(server.url);
    const page = await searchPage(visitor, word);
    expect(resultCount(page)).toBe(1);
    expect(page).toContain(`/events/${eventId}-`);
    expect(resultCount(await searchPage(visitor, secret))).toBe(0);
  });

  it("waits with backoff for an entity type no source handles yet, instead of dropping it", async () => {
    const db = server.services.db;
    const row = await db.searchOutbox.create({ data: { entityType: "poll", entityId: "1" } });
    const failed = await eventually(async () => {
      const r = await db.searchOutbox.findUnique({ where: { id: row.id } });
      return r && r.attempts >= 1 ? r : null;
    }, "a failed attempt");
    expect(failed.processedAt).toBeNull();
    expect(failed.lastError).toContain('No search source registered for "poll"');
    await db.searchOutbox.delete({ where: { id: row.id } });
  });
});

const meiliUrl = process.env.MEILISEARCH_URL;
describe.skipIf(!meiliUrl)("outbox durability with Meilisearch (runs when MEILISEARCH_URL is set)", () => {
  it("keeps rows pending while Meilisearch is unreachable and indexes them once it answers", async () => {
    const db = server.services.db;
    const log = createLogger("silent");
    // The server's own worker uses the embedded engine; park its copies so only these workers see the rows.
    await server.services.searchIndexer.stop();
    const indexUid = `durability_${Date.now().toString(36)}`;
    const word = unique();
    const { threadId } = await server.services.forums.createThread(member.caller, { forumSlug, title: "Meilisearch outage", body: `The ${word} waits for Meilisearch.` });
    const down = createOutboxWorker({ db, engine: createMeilisearchEngine({ url: "http://127.0.0.1:9", indexUid }), sources: searchSources, log }, { baseBackoffMs: 10 });
    await down.drain();
    const pending = await db.searchOutbox.findFirstOrThrow({ where: { entityType: "thread", entityId: String(threadId) } });
    expect(pending.processedAt).toBeNull();
    expect(pending.attempts).toBeGreaterThanOrEqual(1);
    expect(pending.lastError).toBeTruthy();
    await new Promise((r) => setTimeout(r, 50));
    const engine = createMeilisearchEngine({ url: meiliUrl!, apiKey: process.env.MEILISEARCH_API_KEY, indexUid });
    try {
      const up = createOutboxWorker({ db, engine, sources: searchSources, log });
      await up.drain();
      expect((await db.searchOutbox.findUniqueOrThrow({ where: { id: pending.id } })).processedAt).not.toBeNull();
      const found = await engine.search({ q: word, sort: "relevance", page: 1, perPage: 5, visibility: ["public"] });
      expect(found.hits.map((h) => h.id)).toContain(`thread:${threadId}`);
    } finally {
      const { Meilisearch } = await import("meilisearch");
      await new Meilisearch({ host: meiliUrl!, apiKey: process.env.MEILISEARCH_API_KEY }).deleteIndex(indexUid).waitTask();
      await server.services.searchIndexer.start();
    }
  }, 120_000);
});
