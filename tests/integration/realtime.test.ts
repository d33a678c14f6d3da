import { io, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../fixtures/server.ts";
import { newForum, newMember, type Member } from "./_members.ts";

let server: TestServer;
let forumSlug: string;
let facilitator: Member;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  facilitator = await newMember(server, { role: "facilitator" });
  forumSlug = (await newForum(server, facilitator)).slug;
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(async () => server?.stop());

type Ack = { ok: boolean; error?: string; fieldErrors?: Record<string, string>; [k: string]: unknown };

/** A real Socket.IO client over WebSocket, with the member's session cookie and our own Origin. */
function connect(opts: { cookie?: string; origin?: string; autoConnect?: boolean } = {}) {
  const headers: Record<string, string> = { origin: opts.origin ?? server.url };
  if (opts.cookie) headers.cookie = opts.cookie;
  const socket = io(server.url, { transports: ["websocket"], extraHeaders: headers, reconnection: false, forceNew: true, timeout: 5_000 });
  sockets.push(socket);
  return socket;
}

async function connected(socket: Socket) {
  if (socket.connected) return socket;
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (e) => reject(e));
  });
  return socket;
}

function request(socket: Socket, event: string, payload?: unknown): Promise<Ack> {
  return socket.timeout(5_000).emitWithAck(event, payload) as Promise<Ack>;
}

/** Resolves with the next matching event, or rejects after a timeout. */
function next<T = Record<string, unknown>>(socket: Socket, event: string, match: (p: T) => boolean = () => true, ms = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, on);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const on = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, on);
      resolve(payload);
    };
    socket.on(event, on);
  });
}

/** Collects every payload of an event, to show that something did NOT arrive. */
function collect(socket: Socket, event: string) {
  const seen: Record<string, unknown>[] = [];
  socket.on(event, (p) => seen.push(p));
  return seen;
}

async function thread(author: Member, title = "Sharing data across agencies") {
  const t = await server.services.forums.createThread(author.caller, { forumSlug, title, body: "How do you share case data between the council and the NHS?" });
  const url = t.url;
  const firstPost = await server.services.db.post.findFirstOrThrow({ where: { threadId: t.threadId, number: 1 } });
  return { threadId: t.threadId, url, firstPostId: firstPost.id };
}

async function healthy() {
  const res = await fetch(`${server.url}/healthz`);
  expect(res.status).toBe(200);
  expect((await res.json()).status).toBe("ok");
}

describe("live thread updates", () => {
  it("tells a viewer about a reply, a like and an edit made over HTTP", async () => {
    const author = await newMember(server, { fullName: "Amina Hussain" });
    const replier = await newMember(server, { fullName: "Bob Singh" });
    const viewer = await newMember(server);
    const t = await thread(author);

    const socket = await connected(connect({ cookie: viewer.cookie }));
    const joined = await request(socket, "thread:join", { threadId: t.threadId });
    expect(joined).toMatchObject({ ok: true });

    // Reply through the HTML form, as a browser without JavaScript would.
    const created = next(socket, "post:created");
    const res = await replier.client.post(t.url.split("#")[0], { intent: "reply", body: "We use a shared data protocol signed by all partners." });
    expect(res.status).toBe(302);
    const event = await created;
    const reply = await server.services.db.post.findFirstOrThrow({ where: { threadId: t.threadId, number: 2 } });
    expect(event).toEqual({ threadId: t.threadId, postId: reply.id, number: 2, author: "Bob Singh" });
    expect(res.headers.get("location")).toContain(`#post-${reply.id}`);

    const liked = next(socket, "post:liked");
    const like = await replier.client.post(t.url.split("#")[0], { intent: "like", postId: String(t.firstPostId) });
    expect(like.status).toBe(200);
    expect(await liked).toEqual({ threadId: t.threadId, postId: t.firstPostId, likeCount: 1 });

    const updated = next(socket, "post:updated");
    const edit = await replier.client.post(`/posts/${reply.id}/edit`, { body: "We use a shared data protocol, signed by all partners in 2009." });
    expect(edit.status).toBe(302);
    expect(await updated).toEqual({ threadId: t.threadId, postId: reply.id });
  });

  it("tells viewers about moderation, and stops after thread:leave", async () => {
    const author = await newMember(server);
    const viewer = await newMember(server);
    const t = await thread(author);
    const socket = await connected(connect({ cookie: viewer.cookie }));
    expect((await request(socket, "thread:join", { threadId: t.threadId })).ok).toBe(true);

    const moderated = next(socket, "thread:updated");
    await server.services.forums.moderateThread(facilitator.caller, { threadId: t.threadId, action: "pin" });
    expect(await moderated).toEqual({ threadId: t.threadId });

    expect(await request(socket, "thread:leave", { threadId: t.threadId })).toEqual({ ok: true });
    const seen = collect(socket, "post:created");
    await server.services.forums.replyToThread(author.caller, { threadId: t.threadId, body: "Anyone still here?" });
    // A round trip on the same connection: anything broadcast before it would have arrived by now.
    await request(socket, "thread:leave", { threadId: t.threadId });
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual([]);
  });

  it("does not send one thread's events to viewers of another", async () => {
    const author = await newMember(server);
    const viewer = await newMember(server);
    const a = await thread(author, "Thread A for room isolation");
    const b = await thread(author, "Thread B for room isolation");
    const socket = await connected(connect({ cookie: viewer.cookie }));
    await request(socket, "thread:join", { threadId: a.threadId });
    const seen = collect(socket, "post:created");
    await server.services.forums.replyToThread(author.caller, { threadId: b.threadId, body: "Reply in B" });
    const inA = next(socket, "post:created", (p) => p.threadId === a.threadId);
    await server.services.forums.replyToThread(author.caller, { threadId: a.threadId, body: "Reply in A" });
    await inA;
    expect(seen.map((p) => p.threadId)).toEqual([a.threadId]);
  });

  it("stores a reply sent over the socket and broadcasts it like an HTTP reply", async () => {
    const author = await newMember(server);
    const writer = await newMember(server, { fullName: "Carla Writer" });
    const viewer = await newMember(server);
    const t = await thread(author);
    const watch = await connected(connect({ cookie: viewer.cookie }));
    await request(watch, "thread:join", { threadId: t.threadId });
    const socket = await connected(connect({ cookie: writer.cookie }));
    // Joining is not needed to post; the writer also watches, to see its own broadcast.
    await request(socket, "thread:join", { threadId: t.threadId });

    const viewerGets = next(watch, "post:created");
    const writerGets = next(socket, "post:created");
    const ack = await request(socket, "post:reply", { threadId: t.threadId, body: `Over the socket, @${author.handle} **bold**` });
    expect(ack).toMatchObject({ ok: true, number: 2 });
    expect(ack.url).toMatch(new RegExp(`^/forums/${forumSlug}/t/${t.threadId}-[a-z0-9-]+#post-${ack.postId}$`));

    const stored = await server.services.db.post.findUniqueOrThrow({ where: { id: ack.postId as number }, include: { mentions: true } });
    expect(stored).toMatchObject({ threadId: t.threadId, authorId: writer.caller.id, number: 2 });
    expect(stored.bodyHtml).toContain("<strong>bold</strong>");
    expect(stored.bodyHtml).toContain(`href="/members/${author.handle}"`);
    expect(stored.mentions.map((m) => m.userId)).toEqual([author.caller.id]);
    // The same write path: counters, last post and the search outbox.
    const th = await server.services.db.thread.findUniqueOrThrow({ where: { id: t.threadId } });
    expect(th).toMatchObject({ postCount: 2, lastPostId: stored.id });
    expect(await server.services.db.searchOutbox.count({ where: { entityType: "post", entityId: String(stored.id) } })).toBe(1);

    const expected = { threadId: t.threadId, postId: stored.id, number: 2, author: "Carla Writer" };
    expect(await viewerGets).toEqual(expected);
    expect(await writerGets).toEqual(expected);

    // And it shows on the page.
    const page = await (await viewer.client.get(t.url.split("#")[0])).text();
    expect(page).toContain(`id="post-${stored.id}"`);
  });

  it("likes over the socket, toggling and broadcasting the count", async () => {
    const author = await newMember(server);
    const fan = await newMember(server);
    const t = await thread(author);
    const socket = await connected(connect({ cookie: fan.cookie }));
    await request(socket, "thread:join", { threadId: t.threadId });
    const liked = next(socket, "post:liked");
    expect(await request(socket, "post:like", { postId: t.firstPostId })).toEqual({ ok: true, postId: t.firstPostId, liked: true, likeCount: 1 });
    expect(await liked).toEqual({ threadId: t.threadId, postId: t.firstPostId, likeCount: 1 });
    expect(await request(socket, "post:like", { postId: String(t.firstPostId) })).toEqual({ ok: true, postId: t.firstPostId, liked: false, likeCount: 0 });

    const own = await connected(connect({ cookie: author.cookie }));
    expect(await request(own, "post:like", { postId: t.firstPostId })).toMatchObject({ ok: false, error: "You cannot like your own post" });
  });
});

describe("socket access control", () => {
  it("refuses a handshake from a foreign Origin", async () => {
    const member = await newMember(server);
    const socket = connect({ cookie: member.cookie, origin: "https://evil.example" });
    const error = await new Promise<Error | null>((resolve) => {
      socket.once("connect", () => resolve(null));
      socket.once("connect_error", (e) => resolve(e));
    });
    expect(error).toBeInstanceOf(Error);
    expect(socket.connected).toBe(false);
  });

  it("refuses a handshake with no Origin at all", async () => {
    const socket = io(server.url, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 5_000 });
    sockets.push(socket);
    const error = await new Promise<Error | null>((resolve) => {
      socket.once("connect", () => resolve(null));
      socket.once("connect_error", (e) => resolve(e));
    });
    expect(error).toBeInstanceOf(Error);
  });

  it("refuses polling handshakes from a foreign Origin too", async () => {
    const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: "https://evil.example" } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    const ok = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: server.url } });
    expect(ok.status).toBe(200);
  });

  it("lets a plain member join a visible thread but not a hidden one; a facilitator can join both", async () => {
    const author = await newMember(server);
    const member = await newMember(server);
    const t = await thread(author, "Thread that will be hidden");
    await server.services.forums.moderateThread(facilitator.caller, { threadId: t.threadId, action: "hide" });

    const socket = await connected(connect({ cookie: member.cookie }));
    expect(await request(socket, "thread:join", { threadId: t.threadId })).toMatchObject({ ok: false, error: "Thread not found" });
    // Refused means not in the room either: a facilitator's reply there does not reach the member.
    const seen = collect(socket, "post:created");

    const fac = await connected(connect({ cookie: facilitator.cookie }));
    expect(await request(fac, "thread:join", { threadId: t.threadId })).toMatchObject({ ok: true });
    const facGets = next(fac, "post:created");
    await server.services.forums.replyToThread(facilitator.caller, { threadId: t.threadId, body: "Hidden while we check the details." });
    await facGets;
    await request(socket, "thread:leave", { threadId: t.threadId });
    expect(seen).toEqual([]);

    // Nor can a member reply or like there over the socket.
    expect(await request(socket, "post:reply", { threadId: t.threadId, body: "sneaky" })).toMatchObject({ ok: false, error: "Thread not found" });
    expect(await request(socket, "post:like", { postId: t.firstPostId })).toMatchObject({ ok: false, error: "Post not found" });
  });

  it("lets an anonymous socket watch a thread but not reply or like", async () => {
    const author = await newMember(server);
    const t = await thread(author);
    const socket = await connected(connect());
    expect(await request(socket, "thread:join", { threadId: t.threadId })).toMatchObject({ ok: true });
    expect(await request(socket, "post:reply", { threadId: t.threadId, body: "Anonymous reply" })).toMatchObject({ ok: false, error: expect.stringMatching(/^Sign in/) });
    expect(await request(socket, "post:like", { postId: t.firstPostId })).toMatchObject({ ok: false, error: expect.stringMatching(/^Sign in/) });
    expect(await server.services.db.post.count({ where: { threadId: t.threadId } })).toBe(1);
  });

  it("treats a forged or expired session cookie as anonymous", async () => {
    const author = await newMember(server);
    const t = await thread(author);
    const socket = await connected(connect({ cookie: "tpc_session=not-a-real-session-id" }));
    expect(await request(socket, "post:reply", { threadId: t.threadId, body: "Forged" })).toMatchObject({ ok: false, error: expect.stringMatching(/^Sign in/) });
  });

  it("sends the error as error:event when the client gives no ack callback", async () => {
    const socket = await connected(connect());
    const error = next(socket, "error:event");
    socket.emit("post:reply", { threadId: 1, body: "no ack" });
    expect(await error).toMatchObject({ event: "post:reply", ok: false, error: expect.stringMatching(/^Sign in/) });
  });
});

describe("malformed and abusive input", () => {
  it("answers malformed payloads with {ok:false} and a message, and stays up", async () => {
    const member = await newMember(server);
    const t = await thread(member);
    const socket = await connected(connect({ cookie: member.cookie }));
    const bad: [string, unknown][] = [
      ["thread:join", undefined],
      ["thread:join", null],
      ["thread:join", "not an object"],
      ["thread:join", 42],
      ["thread:join", []],
      ["thread:join", { threadId: "abc" }],
      ["thread:join", { threadId: -1 }],
      ["thread:join", { threadId: 1.5 }],
      ["thread:join", { threadId: { $gt: 0 } }],
      ["thread:leave", "nope"],
      ["post:reply", undefined],
      ["post:reply", "not an object"],
      ["post:reply", [1, 2, 3]],
      ["post:reply", { threadId: t.threadId }],
      ["post:reply", { threadId: t.threadId, body: 123 }],
      ["post:reply", { threadId: t.threadId, body: ["a"] }],
      ["post:reply", { threadId: t.threadId, body: "   " }],
      ["post:reply", { threadId: "x", body: "hello" }],
      ["post:reply", { threadId: t.threadId, body: "hello", quotedPostId: "abc" }],
      ["post:like", null],
      ["post:like", { postId: "abc" }],
      ["post:like", { postId: 0 }],
    ];
    for (const [event, payload] of bad) {
      const ack = await request(socket, event, payload);
      expect(ack.ok, `${event} ${JSON.stringify(payload)}`).toBe(false);
      expect(typeof ack.error).toBe("string");
      expect(ack.error!.length).toBeGreaterThan(0);
      expect(ack.error).not.toBe("Something went wrong. Try again.");
    }
    expect(await request(socket, "post:reply", { threadId: t.threadId, body: 123 })).toMatchObject({ fieldErrors: { body: expect.any(String) } });
    expect(await request(socket, "post:reply", { threadId: t.threadId, body: "   " })).toMatchObject({ fieldErrors: { body: "Enter your message" } });
    // None of it was stored, and the connection still works.
    expect(await server.services.db.post.count({ where: { threadId: t.threadId } })).toBe(1);
    expect(await request(socket, "thread:join", { threadId: t.threadId })).toMatchObject({ ok: true });
    await healthy();
  });

  it("refuses a body over the length limit with the field message", async () => {
    const member = await newMember(server);
    const t = await thread(member);
    const socket = await connected(connect({ cookie: member.cookie }));
    const ack = await request(socket, "post:reply", { threadId: t.threadId, body: "x".repeat(20_001) });
    expect(ack).toMatchObject({ ok: false, fieldErrors: { body: "Your message must be 20,000 characters or fewer" } });
    expect(await server.services.db.post.count({ where: { threadId: t.threadId } })).toBe(1);
    await healthy();
  });

  it("answers ids beyond the database's integer range as not found, not a server error", async () => {
    const member = await newMember(server);
    const socket = await connected(connect({ cookie: member.cookie }));
    for (const [event, payload] of [
      ["thread:join", { threadId: 2 ** 31 }],
      ["thread:join", { threadId: Number.MAX_SAFE_INTEGER }],
      ["post:reply", { threadId: 2 ** 40, body: "hello" }],
      ["post:like", { postId: 2 ** 40 }],
    ] as const) {
      const ack = await request(socket, event, payload);
      expect(ack.ok).toBe(false);
      expect(ack.error, `${event} ${JSON.stringify(payload)}`).not.toBe("Something went wrong. Try again.");
    }
    await healthy();
  });

  it("drops a connection that sends a message bigger than the transport allows, and stays up", async () => {
    const member = await newMember(server);
    const t = await thread(member);
    const socket = await connected(connect({ cookie: member.cookie }));
    const gone = new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason)));
    socket.emit("post:reply", { threadId: t.threadId, body: "x".repeat(2_000_000) });
    expect(await gone).toMatch(/close|error/);
    expect(await server.services.db.post.count({ where: { threadId: t.threadId } })).toBe(1);
    await healthy();
    // A new connection from the same member works.
    const again = await connected(connect({ cookie: member.cookie }));
    expect(await request(again, "thread:join", { threadId: t.threadId })).toMatchObject({ ok: true });
  });

  it("rate limits a flood of events with an error ack, per connection", async () => {
    const member = await newMember(server);
    const t = await thread(member);
    const socket = await connected(connect({ cookie: member.cookie }));
    const acks = await Promise.all(Array.from({ length: 40 }, () => request(socket, "thread:join", { threadId: t.threadId })));
    const refused = acks.filter((a) => !a.ok);
    expect(acks.filter((a) => a.ok)).toHaveLength(30);
    expect(refused).toHaveLength(10);
    for (const a of refused) expect(a.error).toMatch(/^Too many messages\. Wait \d+ seconds\.$/);
    // Also refused: writes, before they reach the use case.
    expect(await request(socket, "post:reply", { threadId: t.threadId, body: "still flooding" })).toMatchObject({ ok: false, error: expect.stringMatching(/^Too many messages/) });
    expect(await server.services.db.post.count({ where: { threadId: t.threadId } })).toBe(1);
    // Another connection is unaffected.
    const other = await connected(connect({ cookie: member.cookie }));
    expect(await request(other, "thread:join", { threadId: t.threadId })).toMatchObject({ ok: true });
    await healthy();
  });

  it("rate limits fast socket replies with the posting limit, keeping the member's text", async () => {
    const member = await newMember(server);
    const t = await thread(member);
    const socket = await connected(connect({ cookie: member.cookie }));
    // createThread used one of the 8 posts a minute.
    const acks: Ack[] = [];
    for (let i = 0; i < 8; i++) acks.push(await request(socket, "post:reply", { threadId: t.threadId, body: `Quick reply ${i}` }));
    expect(acks.slice(0, 7).every((a) => a.ok)).toBe(true);
    expect(acks[7]).toMatchObject({ ok: false, error: expect.stringMatching(/^You are posting very quickly\. Wait \d+ seconds/) });
    expect(await server.services.db.post.count({ where: { threadId: t.threadId } })).toBe(8);
  });
});
