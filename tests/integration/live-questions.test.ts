import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, onlineNow } from "../fixtures/event.ts";
import { makeFacilitator, makeForum } from "../fixtures/forum.ts";
import { Browserless } from "../fixtures/http.ts";
import { ask, collect, socketClients } from "../fixtures/live-socket.ts";
import { startTestServer, type TestServer } from "../fixtures/server.ts";
import { newMember } from "./_members.ts";

type Author = { handle: string; fullName: string } | null;
type Item = { seq: number; updatedSeq: number; kind: string; bodyHtml: string | null; author: Author; anonymous: boolean; mine: boolean; voteCount: number; status: string | null };
type ItemMsg = { eventId: number; at: number; item: Item };

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

const openEvent = (title = "Panel session now") => createEvent(facilitator, onlineNow({ title }));

async function member() {
  const m = await newMember(server);
  const socket = await sockets.connect(m.client);
  return { ...m, fullName: m.caller.fullName, socket, counts: collect<{ count: number }>(socket, "notify:count") };
}

const question = (eventId: number, body: string, anonymous = false) => ({ eventId, clientId: `q-${Math.random().toString(36).slice(2, 12)}`, body, kind: "question", anonymous });

describe("panel Q&A", () => {
  it("keeps an anonymous asker's name from other members but never from facilitators, live and on catch-up", async () => {
    const { eventId } = await openEvent();
    const asker = await member();
    const other = await member();
    const staff = await sockets.connect(facilitator);
    await ask(other.socket, "live:join", { eventId, afterSeq: 0 });
    await ask(staff, "live:join", { eventId, afterSeq: 0 });
    const seenByMember = collect<ItemMsg>(other.socket, "live:item");
    const seenByStaff = collect<ItemMsg>(staff, "live:item");

    const sent = await ask<{ item: Item }>(asker.socket, "live:post", question(eventId, "Will the pooled budget survive the spending review?", true));
    expect(sent.ok).toBe(true);
    expect(sent.item.mine).toBe(true);
    expect(sent.item.author?.handle).toBe(asker.handle);
    expect(sent.item.status).toBe("open");

    await expect.poll(() => seenByMember.length).toBe(1);
    await expect.poll(() => seenByStaff.length).toBe(1);
    expect(seenByMember[0].item.author).toBeNull();
    expect(seenByMember[0].item.anonymous).toBe(true);
    expect(seenByStaff[0].item.author?.handle).toBe(asker.handle);
    // Each watcher got exactly one copy.
    await new Promise((r) => setTimeout(r, 200));
    expect(seenByMember).toHaveLength(1);
    expect(seenByStaff).toHaveLength(1);

    const memberCatchUp = await ask<{ items: Item[] }>(other.socket, "live:join", { eventId, afterSeq: 0 });
    expect(memberCatchUp.items[0].author).toBeNull();
    const staffCatchUp = await ask<{ items: Item[] }>(staff, "live:join", { eventId, afterSeq: 0 });
    expect(staffCatchUp.items[0].author?.handle).toBe(asker.handle);

    // Nor does the server-rendered page give the name away to members or visitors.
    const { url } = { url: (await server.services.db.event.findUniqueOrThrow({ where: { id: eventId } })).slug };
    const page = await (await other.client.get(`/events/${eventId}-${url}/live`)).text();
    expect(page).toContain("Will the pooled budget survive");
    expect(page).not.toContain(asker.fullName);
    const facilitatorPage = await (await facilitator.get(`/events/${eventId}-${url}/live`)).text();
    expect(facilitatorPage).toContain(asker.fullName);
  });

  it("counts one vote per member, refuses a second and a vote for your own question, and lets a vote be taken back", async () => {
    const { eventId } = await openEvent();
    const asker = await member();
    const voter = await member();
    const watcher = await sockets.connect(null);
    await ask(watcher, "live:join", { eventId, afterSeq: 0 });
    const seen = collect<ItemMsg>(watcher, "live:item");
    const q = await ask<{ item: Item }>(asker.socket, "live:post", question(eventId, "How do we count spend across boundaries?"));

    const own = await ask(asker.socket, "live:vote", { eventId, seq: q.item.seq, up: true });
    expect(own.ok).toBe(false);
    expect(own.error).toMatch(/your own question/);

    // Five clicks at once from one member still make one vote.
    const clicks = await Promise.all(Array.from({ length: 5 }, () => ask<{ item: Item }>(voter.socket, "live:vote", { eventId, seq: q.item.seq, up: true })));
    expect(clicks.filter((c) => c.ok)).toHaveLength(1);
    expect(clicks.filter((c) => !c.ok).every((c) => /already voted/.test(c.error ?? ""))).toBe(true);
    const row = await server.services.db.liveItem.findFirstOrThrow({ where: { eventId, seq: q.item.seq } });
    expect(row.voteCount).toBe(1);
    expect(await server.services.db.liveVote.count({ where: { itemId: row.id } })).toBe(1);
    await expect.poll(() => seen.at(-1)?.item.voteCount).toBe(1);

    const back = await ask<{ item: Item; voted: boolean }>(voter.socket, "live:vote", { eventId, seq: q.item.seq, up: false });
    expect(back.ok).toBe(true);
    expect(back.voted).toBe(false);
    expect(back.item.voteCount).toBe(0);
    await expect.poll(() => seen.at(-1)?.item.voteCount).toBe(0);

    // The voter's own votes come back with a catch-up, so a reloaded page shows them.
    await ask(voter.socket, "live:vote", { eventId, seq: q.item.seq, up: true });
    const caught = await ask<{ voted: number[] }>(voter.socket, "live:join", { eventId, afterSeq: 0 });
    expect(caught.voted).toEqual([q.item.seq]);

    // Visitors cannot vote; comments cannot be voted on; nonsense is refused clearly.
    expect((await ask(watcher, "live:vote", { eventId, seq: q.item.seq, up: true })).error).toMatch(/Sign in/);
    const comment = await ask<{ item: Item }>(asker.socket, "live:post", { eventId, clientId: "comment-abcdef-1", body: "Just a comment" });
    expect((await ask(voter.socket, "live:vote", { eventId, seq: comment.item.seq, up: true })).error).toMatch(/not found/i);
    expect((await ask(voter.socket, "live:vote", { eventId: "x", seq: -1 })).ok).toBe(false);
    expect((await ask(voter.socket, "live:vote", "garbage")).ok).toBe(false);
  });

  it("lets facilitators ask one question at a time, mark answered and dismiss; members cannot, and votes close on answered questions", async () => {
    const { eventId } = await openEvent();
    const asker = await member();
    const voter = await member();
    const staff = await sockets.connect(facilitator);
    const watcher = await sockets.connect(null);
    await ask(watcher, "live:join", { eventId, afterSeq: 0 });
    const seen = collect<ItemMsg>(watcher, "live:item");
    const q1 = await ask<{ item: Item }>(asker.socket, "live:post", question(eventId, "First question"));
    const q2 = await ask<{ item: Item }>(asker.socket, "live:post", question(eventId, "Second question"));

    expect((await ask(voter.socket, "live:question", { eventId, seq: q1.item.seq, status: "asking" })).error).toMatch(/Only facilitators/);
    expect((await ask(staff, "live:question", { eventId, seq: q1.item.seq, status: "asking" })).ok).toBe(true);
    const next = await ask<{ item: Item }>(staff, "live:question", { eventId, seq: q2.item.seq, status: "asking" });
    expect(next.ok).toBe(true);

    // Choosing the second marks the first answered: two changes, two consecutive sequence numbers.
    await expect.poll(() => seen.length).toBe(5);
    const changes = seen.slice(2);
    expect(changes.map((m) => [m.item.seq, m.item.status])).toEqual([
      [q1.item.seq, "asking"],
      [q1.item.seq, "answered"],
      [q2.item.seq, "asking"],
    ]);
    expect(changes.map((m) => m.at)).toEqual([3, 4, 5]);
    // The asker is told their question was answered, live on their bell.
    await expect.poll(() => asker.counts.at(-1)?.count).toBe(1);
    const notice = await server.services.db.notification.findFirstOrThrow({ where: { userId: asker.caller.id } });
    expect(notice.kind).toBe("question_answered");
    expect(notice.url).toBe(`/events/${eventId}-panel-session-now/live#live-${q1.item.seq}`);
    expect((await ask(voter.socket, "live:vote", { eventId, seq: q1.item.seq, up: true })).error).toMatch(/answered/);

    expect((await ask(staff, "live:question", { eventId, seq: q2.item.seq, status: "dismissed" })).ok).toBe(true);
    expect((await ask(staff, "live:question", { eventId, seq: q2.item.seq, status: "nonsense" })).fieldErrors?.status).toBeTruthy();
    const rows = await server.services.db.liveItem.findMany({ where: { eventId }, orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.questionStatus)).toEqual(["answered", "dismissed"]);
    expect(rows[0].answeredAt).not.toBeNull();
  });

  it("refuses questions and votes once the live thread is closed", async () => {
    const { url, eventId } = await openEvent();
    const asker = await member();
    const voter = await member();
    const q = await ask<{ item: Item }>(asker.socket, "live:post", question(eventId, "Asked in time"));
    expect((await facilitator.post(`${url}/live`, { intent: "close" })).status).toBe(302);
    const late = await ask(asker.socket, "live:post", question(eventId, "Asked too late"));
    expect(late.error).toMatch(/closed/);
    expect((await ask(voter.socket, "live:vote", { eventId, seq: q.item.seq, up: true })).error).toMatch(/closed/);
  });

  it("works without JavaScript: ask (anonymously), vote and run the Q&A with plain forms", async () => {
    const { url, eventId } = await openEvent();
    const asker = await member();
    const voter = await member();
    const asked = await asker.client.post(`${url}/live`, { intent: "ask", body: "Asked from a plain form", anonymous: "on" });
    expect(asked.status).toBe(302);
    expect(asked.headers.get("location")).toContain("#questions");
    const row = await server.services.db.liveItem.findFirstOrThrow({ where: { eventId, kind: "question" } });
    expect(row.anonymous).toBe(true);

    expect((await voter.client.post(`${url}/live`, { intent: "vote", seq: String(row.seq), up: "true" })).status).toBe(302);
    const twice = await voter.client.post(`${url}/live`, { intent: "vote", seq: String(row.seq), up: "true" });
    expect(twice.status).toBe(422);
    expect(await twice.text()).toContain("already voted");

    expect((await voter.client.post(`${url}/live`, { intent: "status", seq: String(row.seq), status: "answered" })).status).toBe(422);
    expect((await facilitator.post(`${url}/live`, { intent: "status", seq: String(row.seq), status: "answered" })).status).toBe(302);
    const after = await server.services.db.liveItem.findUniqueOrThrow({ where: { id: row.id } });
    expect([after.voteCount, after.questionStatus]).toEqual([1, "answered"]);

    // An empty question keeps the form's other answers and says what is wrong.
    const empty = await asker.client.post(`${url}/live`, { intent: "ask", body: "   ", anonymous: "on" });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("Enter your comment");

    // The panel view renders the queue without JavaScript, and never names anonymous askers.
    const panel = await (await facilitator.get(`${url}/live/panel`)).text();
    expect(panel).toContain("Up next");
    expect(panel).not.toContain(asker.fullName);
  });

  it("lets facilitators appoint live reporters, who may then post highlights", async () => {
    const { url, eventId } = await openEvent();
    const reporter = await member();
    const highlight = () => ask(reporter.socket, "live:post", { eventId, clientId: `h-${Math.random().toString(36).slice(2, 12)}`, body: "Key point", kind: "highlight" });
    expect((await highlight()).error).toMatch(/reporters/);
    expect((await reporter.client.post(`${url}/live`, { intent: "reporter", handle: reporter.handle })).status).toBe(422);
    const unknown = await facilitator.post(`${url}/live`, { intent: "reporter", handle: "@nobody-here-xyz" });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain("No member has the handle @nobody-here-xyz");
    expect((await facilitator.post(`${url}/live`, { intent: "reporter", handle: `@${reporter.handle}` })).status).toBe(302);
    expect((await highlight()).ok).toBe(true);
    expect((await facilitator.post(`${url}/live`, { intent: "reporter", handle: reporter.handle, appointed: "false" })).status).toBe(302);
    expect((await highlight()).error).toMatch(/reporters/);
  });

  it("tells everyone watching how many people are watching now, counting a person once", async () => {
    const { eventId } = await openEvent();
    const a = await member();
    const secondTab = await sockets.connect(a.client);
    const visitor = await sockets.connect(null);
    const counts = collect<{ eventId: number; count: number }>(visitor, "live:watching");
    await ask(visitor, "live:join", { eventId, afterSeq: 0 });
    await ask(a.socket, "live:join", { eventId, afterSeq: 0 });
    await ask(secondTab, "live:join", { eventId, afterSeq: 0 });
    await expect.poll(() => counts.at(-1)?.count, { timeout: 5_000 }).toBe(2);
    a.socket.close();
    secondTab.close();
    await expect.poll(() => counts.at(-1)?.count, { timeout: 5_000 }).toBe(1);
  });
});

describe("photos with live comments", () => {
  const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
  const postWithPhoto = (client: Browserless, path: string, body: string, photo: Uint8Array<ArrayBuffer>, name: string, type: string) => {
    const form = new FormData();
    form.set("intent", "comment");
    form.set("kind", "comment");
    form.set("body", body);
    form.set("photo", new Blob([photo], { type }), name);
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    return fetch(`${server.url}${path}`, { method: "POST", body: form, redirect: "manual", headers: { origin: server.url, cookie } });
  };
  const storedPhotos = () => {
    const dir = path.join(server.dataDir, "uploads", "live-photos");
    return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  };

  it("stores a checked photo with the comment and serves it only as that image", async () => {
    const { url, eventId } = await openEvent();
    const poster = await member();
    const watcher = await sockets.connect(null);
    await ask(watcher, "live:join", { eventId, afterSeq: 0 });
    const seen = collect<{ item: { photoUrl: string | null } }>(watcher, "live:item");
    const res = await postWithPhoto(poster.client, `${url}/live`, "The room at 10am", PNG, "room.png", "image/png");
    expect(res.status).toBe(302);
    await expect.poll(() => seen.length).toBe(1);
    const photoUrl = seen[0].item.photoUrl!;
    expect(photoUrl).toMatch(/^\/live-photos\/\d+$/);
    const photo = await fetch(`${server.url}${photoUrl}`);
    expect(photo.status).toBe(200);
    expect(photo.headers.get("content-type")).toBe("image/png");
    expect(photo.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await photo.arrayBuffer()).equals(PNG)).toBe(true);
    expect(await (await fetch(`${server.url}${url}/live`)).text()).toContain(`src="${photoUrl}"`);

    // Hidden with its comment: members and visitors no longer get it.
    const seq = (await server.services.db.liveItem.findFirstOrThrow({ where: { eventId } })).seq;
    expect((await facilitator.post(`${url}/live`, { intent: "hide", seq: String(seq) })).status).toBe(302);
    expect((await fetch(`${server.url}${photoUrl}`)).status).toBe(404);
    expect((await facilitator.get(photoUrl)).status).toBe(200);
  });

  it("refuses a disguised file or an oversize photo with the comment kept, storing nothing", async () => {
    const { url, eventId } = await openEvent();
    const poster = await member();
    const before = storedPhotos().length;
    const svg = new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>");
    const disguised = await postWithPhoto(poster.client, `${url}/live`, "Keep this text", svg, "slide.png", "image/png");
    expect(disguised.status).toBe(422);
    const page = await disguised.text();
    expect(page).toContain("The photo must be a PNG, JPEG or WebP image");
    expect(page).toContain("Keep this text");
    const big = new Uint8Array(5 * 1024 * 1024 + 10);
    big.set(PNG);
    const oversize = await postWithPhoto(poster.client, `${url}/live`, "Too big", big, "big.png", "image/png");
    expect(oversize.status).toBe(422);
    expect(await oversize.text()).toContain("5 MB or smaller");
    expect(await server.services.db.liveItem.count({ where: { eventId } })).toBe(0);
    expect(storedPhotos().length).toBe(before);

    // A refused comment (thread closed) leaves no orphaned photo.
    expect((await facilitator.post(`${url}/live`, { intent: "close" })).status).toBe(302);
    expect((await postWithPhoto(poster.client, `${url}/live`, "Too late", PNG, "late.png", "image/png")).status).toBe(422);
    expect(storedPhotos().length).toBe(before);
  });
});

describe("event space", () => {
  it("opens a discussion thread with each new event, linked from the event page, and starts one only once", async () => {
    const { url, eventId } = await openEvent("Event with a space");
    const event = await server.services.db.event.findUniqueOrThrow({ where: { id: eventId }, include: { discussion: { include: { forum: true } } } });
    expect(event.discussion?.forum.slug).toBe("event-spaces");
    expect(event.discussion?.title).toBe("Event with a space: event space");
    const page = await (await fetch(`${server.url}${url}`)).text();
    expect(page).toContain(`/forums/event-spaces/t/${event.discussion!.id}-`);

    // An event that lost its space (as events from before it existed) gets one started by a member, once.
    await server.services.db.event.update({ where: { id: eventId }, data: { discussionThreadId: null } });
    const m = await member();
    const [first, second] = await Promise.all([m.client.post(url, { intent: "event-space" }), facilitator.post(url, { intent: "event-space" })]);
    expect(first.status).toBe(302);
    expect(second.status).toBe(302);
    const linked = await server.services.db.event.findUniqueOrThrow({ where: { id: eventId } });
    expect(first.headers.get("location")).toContain(`/t/${linked.discussionThreadId}-`);
    expect(second.headers.get("location")).toContain(`/t/${linked.discussionThreadId}-`);
    // Visitors are sent to sign in.
    expect((await new Browserless(server.url).post(url, { intent: "event-space" })).status).toBe(302);

    // The Event spaces forum holds discussions; it is never offered as a theme to tag an event with.
    await makeForum(server, "Housing and homes");
    const form = await (await facilitator.get("/events/new")).text();
    expect(form).toContain('value="Housing and homes"');
    expect(form).not.toContain('value="Event spaces"');
  });
});
