import fs from "node:fs";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../fixtures/server.ts";
import { newForum, newMember, type Member } from "./_members.ts";

let server: TestServer;
let facilitator: Member;
let forumSlug: string;
let forumId: number;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer({ env: { NOTIFY_SCHEDULER: "off" } });
  facilitator = await newMember(server, { role: "facilitator" });
  const forum = await newForum(server, facilitator);
  forumSlug = forum.slug;
  forumId = forum.id;
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(async () => server?.stop());

async function connect(member: Member) {
  const socket = io(server.url, { transports: ["websocket"], extraHeaders: { origin: server.url, cookie: member.cookie }, reconnection: false, forceNew: true });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

function nextEvent<T>(socket: Socket, event: string, match: (p: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event}`)), 5_000);
    const on = (p: T) => {
      if (!match(p)) return;
      clearTimeout(timer);
      socket.off(event, on);
      resolve(p);
    };
    socket.on(event, on);
  });
}

const notificationsOf = (m: Member) => server.services.db.notification.findMany({ where: { userId: m.caller.id }, orderBy: { id: "asc" } });
const startThread = (author: Member, body: string, title = "Pooled budgets across partners") => server.services.forums.createThread(author.caller, { forumSlug, title, body });
const reply = (author: Member, threadId: number, body: string, quotedPostId?: number) => server.services.forums.replyToThread(author.caller, { threadId, body, ...(quotedPostId ? { quotedPostId } : {}) });

describe("notifications", () => {
  it("a mention creates a notice and pushes the new unread count over the member's socket", async () => {
    const ann = await newMember(server);
    const bob = await newMember(server);
    const socket = await connect(bob);
    const count = nextEvent<{ count: number }>(socket, "notify:count");
    const { url } = await startThread(ann, `Thoughts on this, @${bob.handle}?`);
    expect(await count).toEqual({ count: 1 });
    const [n] = await notificationsOf(bob);
    expect(n).toMatchObject({ kind: "mention", subjectType: "thread", actorHandles: [ann.handle], count: 1, readAt: null });
    expect(n.url.startsWith(url)).toBe(true);
    // The author is never told about their own post.
    expect(await notificationsOf(ann)).toHaveLength(0);

    // The page shows it, and opening it marks it read and goes to the post.
    const page = await bob.client.get("/notifications");
    expect(await page.text()).toContain(`${ann.caller.fullName} mentioned you in`);
    const zero = nextEvent<{ count: number }>(socket, "notify:count", (p) => p.count === 0);
    const open = await bob.client.post("/notifications", { intent: "open", id: String(n.id) });
    expect(open.status).toBe(302);
    expect(open.headers.get("location")).toBe(n.url);
    expect(await zero).toEqual({ count: 0 });
  });

  it("replies to my thread, quotes of my post and watched threads notify, each member once", async () => {
    const starter = await newMember(server);
    const watcher = await newMember(server);
    const replier = await newMember(server);
    const { threadId } = await startThread(starter, "Opening post.");
    await watcher.client.post("/watch", { targetType: "thread", targetId: String(threadId), state: "watch", next: "/" });
    const first = await reply(replier, threadId, "A reply.");
    expect((await notificationsOf(starter)).map((n) => n.kind)).toEqual(["reply"]);
    expect((await notificationsOf(watcher)).map((n) => n.kind)).toEqual(["watched_thread"]);

    // The watcher quotes the replier: the replier (auto-watching since replying) hears it as a quote only.
    await reply(watcher, threadId, "Quoting you.", first.postId);
    const replierKinds = (await notificationsOf(replier)).map((n) => n.kind);
    expect(replierKinds).toEqual(["quote"]);
  });

  it("an edit that adds a mention notifies the newly mentioned member once", async () => {
    const author = await newMember(server);
    const later = await newMember(server);
    const { threadId } = await startThread(author, "No mentions yet.");
    const { postId } = await reply(author, threadId, "Still none.");
    await server.services.forums.editPost(author.caller, { postId, body: `Now with @${later.handle}` });
    await server.services.forums.editPost(author.caller, { postId, body: `Now with @${later.handle}, edited again` });
    const notices = await notificationsOf(later);
    expect(notices.map((n) => [n.kind, n.count])).toEqual([["mention", 1]]);
  });

  it("notify() inside a transaction that rolls back leaves no notice and no email", async () => {
    const target = await newMember(server);
    const mailsBefore = await server.services.db.mailOutbox.count();
    await expect(
      server.services.db.$transaction(async (tx) => {
        const n = await server.services.notifications.notify(tx, { kind: "mention", userIds: [target.caller.id], subject: { type: "thread", id: 1, title: "Rolled back", url: "/forums" } });
        expect([...n.userIds]).toEqual([target.caller.id]);
        throw new Error("the write failed");
      }),
    ).rejects.toThrow("the write failed");
    expect(await notificationsOf(target)).toHaveLength(0);
    expect(await server.services.db.mailOutbox.count()).toBe(mailsBefore);
  });

  it("other modules notify watchers through the public API (a document here): the actor and muters are skipped", async () => {
    const n = server.services.notifications;
    // Until a module registers its watch target, watching it is refused.
    const uploader = await newMember(server);
    const watcher = await newMember(server);
    const muter = await newMember(server);
    expect((await watcher.client.post("/watch", { targetType: "document", targetId: "42", state: "watch", next: "/" })).status).toBe(404);
    n.addWatchTarget("document", async (_caller, id) => id === "42");
    expect((await watcher.client.post("/watch", { targetType: "document", targetId: "42", state: "watch", next: "/" })).status).toBe(302);
    expect((await muter.client.post("/watch", { targetType: "document", targetId: "42", state: "mute", next: "/" })).status).toBe(302);
    await server.services.db.$transaction((tx) => n.watch(tx, uploader.caller.id, { targetType: "document", targetId: 42 }));
    // watch() never overrides a mute.
    await server.services.db.$transaction((tx) => n.watch(tx, muter.caller.id, { targetType: "document", targetId: 42 }));
    expect(await n.watchState(muter.caller, { targetType: "document", targetId: 42 })).toBe("muted");

    const socket = await connect(watcher);
    const count = nextEvent<{ count: number }>(socket, "notify:count");
    const result = await n.notifyNow({ kind: "document_version", watchersOf: { targetType: "document", targetId: 42 }, actorId: uploader.caller.id, subject: { type: "document", id: 42, title: "Practitioner's guide", url: "/library/42" } });
    expect(result.userIds).toEqual([watcher.caller.id]);
    expect(await count).toEqual({ count: 1 });
    const [notice] = await notificationsOf(watcher);
    expect(notice).toMatchObject({ kind: "document_version", title: "Practitioner's guide", url: "/library/42", channel: "digest" });
    expect(await notificationsOf(muter)).toHaveLength(0);
    expect(await notificationsOf(uploader)).toHaveLength(0);
  });

  it("groups a burst of replies into one unread notice that counts them", async () => {
    const starter = await newMember(server);
    const { threadId } = await startThread(starter, "Burst thread.", "Asset management pilots");
    const others = await Promise.all([1, 2, 3, 4, 5].map(() => newMember(server)));
    for (const o of others) await reply(o, threadId, `Reply from ${o.handle}`);
    const notices = await notificationsOf(starter);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: "reply", count: 5 });
    expect(notices[0].actorHandles[0]).toBe(others[4].handle);
    const page = await (await starter.client.get("/notifications")).text();
    expect(page).toContain("5 new replies to your thread");

    // Once read, the next reply starts a new notice.
    await starter.client.post("/notifications", { intent: "read-all" });
    await reply(others[0], threadId, "One more.");
    const after = await notificationsOf(starter);
    expect(after).toHaveLength(2);
    expect(after[1]).toMatchObject({ count: 1, readAt: null });
  });

  it("applies preferences: off sends nothing, email queues a message, digest waits for the digest", async () => {
    const author = await newMember(server);
    const off = await newMember(server);
    const email = await newMember(server);
    const digest = await newMember(server);
    const prefs = (m: Member, mention: string) => {
      const form: Record<string, string> = { mention, reply: "in_app", quote: "in_app", watched_thread: "in_app", watched_forum: "in_app", blog_post: "in_app", blog_comment: "in_app", event_soon: "in_app", question_answered: "in_app", document_version: "in_app", weekly_digest: "email" };
      return m.client.post("/settings/notifications", form);
    };
    expect((await prefs(off, "off")).status).toBe(200);
    expect((await prefs(email, "email")).status).toBe(200);
    expect((await prefs(digest, "digest")).status).toBe(200);
    const invalid = await email.client.post("/settings/notifications", { mention: "carrier-pigeon" });
    expect(invalid.status).toBe(422);

    const before = await server.services.db.mailOutbox.count();
    await startThread(author, `Hello @${off.handle}, @${email.handle} and @${digest.handle}`);
    expect(await notificationsOf(off)).toHaveLength(0);
    expect((await notificationsOf(email))[0]).toMatchObject({ kind: "mention", channel: "email" });
    expect((await notificationsOf(digest))[0]).toMatchObject({ kind: "mention", channel: "digest", digestedAt: null });
    const mails = await server.services.db.mailOutbox.findMany({ where: { id: { gt: 0 } }, orderBy: { id: "asc" }, skip: before });
    expect(mails.map((m) => m.to)).toEqual([email.email]);

    // With no SMTP_URL the worker writes the message as an .eml file under DATA_DIR/mail.
    await server.services.notifications.drainMail();
    const dir = path.join(server.dataDir, "mail");
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".eml"));
    const eml = files.map((f) => fs.readFileSync(path.join(dir, f), "utf8")).find((text) => text.includes(`To: ${email.email}`));
    expect(eml).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
  });

  it("muting a thread or forum silences it, even mentions; watching a forum tells about new threads", async () => {
    const author = await newMember(server);
    const muter = await newMember(server);
    const forumWatcher = await newMember(server);
    const { threadId } = await startThread(author, "Starting out.");
    const mute = await muter.client.post("/watch", { targetType: "thread", targetId: String(threadId), state: "mute", next: `/forums/${forumSlug}` });
    expect(mute.status).toBe(302);
    await reply(author, threadId, `Over to you @${muter.handle}`);
    expect(await notificationsOf(muter)).toHaveLength(0);

    await forumWatcher.client.post("/watch", { targetType: "forum", targetId: String(forumId), state: "watch", next: "/" });
    await startThread(author, "A new thread in a watched forum.", "Worklessness in Bradford");
    const [n] = await notificationsOf(forumWatcher);
    expect(n).toMatchObject({ kind: "watched_forum", subjectType: "forum" });
    await startThread(author, "Another one.", "Drugs and alcohol");
    const again = await notificationsOf(forumWatcher);
    expect(again).toHaveLength(1);
    expect(again[0].count).toBe(2);

    await forumWatcher.client.post("/watch", { targetType: "forum", targetId: String(forumId), state: "mute", next: "/" });
    await startThread(author, "Muted now.", "Customer insight");
    expect((await notificationsOf(forumWatcher))[0].count).toBe(2);

    // Watching something that does not exist is refused.
    const bad = await forumWatcher.client.post("/watch", { targetType: "thread", targetId: "999999", state: "watch", next: "/" });
    expect(bad.status).toBe(404);
  });

  it("the thread page shows the watch state and the bell count for a signed-in member", async () => {
    const author = await newMember(server);
    const reader = await newMember(server);
    const { url } = await startThread(author, `cc @${reader.handle}`);
    const html = await (await reader.client.get(url.split("#")[0])).text();
    expect(html).toContain("You are not watching this thread.");
    expect(html).toMatch(/data-testid="notification-count"[^>]*>1</);
    const authorHtml = await (await author.client.get(url.split("#")[0])).text();
    expect(authorHtml).toContain("You are watching this thread.");
  });

  it("notifies members going to an event once when it starts within the hour", async () => {
    const going = await newMember(server);
    const startsAt = new Date(Date.now() + 40 * 60_000);
    const event = await server.services.db.event.create({
      data: { slug: "soon", title: "Local learning workshop", summary: "Soon.", descriptionSource: "", descriptionHtml: "", startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), format: "online", onlineUrl: "https://example.org/meet", createdById: facilitator.caller.id },
    });
    await server.services.events.rsvp(going.caller, { eventId: String(event.id), status: "going" });
    await server.services.notifications.runEventReminders(new Date());
    await server.services.notifications.runEventReminders(new Date());
    const notices = (await notificationsOf(going)).filter((n) => n.kind === "event_soon");
    expect(notices).toHaveLength(1);
    expect(notices[0].title).toBe("Local learning workshop");
  });
});
