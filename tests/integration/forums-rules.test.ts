import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../server/lib/errors.ts";
import { Browserless } from "../fixtures/http.ts";
import { startTestServer, type TestServer } from "../fixtures/server.ts";
import { newForum, newMember, type Member } from "./_members.ts";

let server: TestServer;
let facilitator: Member;

beforeAll(async () => {
  server = await startTestServer();
  facilitator = await newMember(server, { role: "facilitator", fullName: "Fran Facilitator" });
});
afterAll(async () => server?.stop());

const db = () => server.services.db;
const forums = () => server.services.forums;

/** Runs a use case expecting a UserError; returns it for its status, message and field errors. */
async function refused(run: Promise<unknown>) {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "expected the use case to refuse").toBeInstanceOf(UserError);
  return error as UserError;
}

async function forumCounts(slug: string) {
  return db().forum.findUniqueOrThrow({ where: { slug }, select: { threadCount: true, postCount: true } });
}

async function thread(author: Member, forumSlug: string, title = "Pooled budgets for troubled families", body = "How have you pooled budgets across agencies?") {
  const t = await forums().createThread(author.caller, { forumSlug, title, body });
  const first = await db().post.findFirstOrThrow({ where: { threadId: t.threadId, number: 1 } });
  return { ...t, path: t.url.split("#")[0], firstPostId: first.id };
}

const outbox = (entityType: "thread" | "post", id: number) => db().searchOutbox.count({ where: { entityType, entityId: String(id) } });

/** Several members, so tests can write many posts without meeting the 8-a-minute posting limit. */
async function members(n: number) {
  return Promise.all(Array.from({ length: n }, () => newMember(server)));
}

describe("thread moderation", () => {
  it("refuses member replies to a locked thread but lets facilitators reply (use case and HTTP)", async () => {
    const forum = await newForum(server, facilitator);
    const [author, member] = await members(2);
    const t = await thread(author, forum.slug);
    await forums().moderateThread(facilitator.caller, { threadId: t.threadId, action: "lock" });

    const error = await refused(forums().replyToThread(member.caller, { threadId: t.threadId, body: "Can I still reply?" }));
    expect(error.status).toBe(409);
    expect(error.fieldErrors.body).toBe("This thread is locked: nobody can reply to it");
    // Over HTTP the member keeps their text and sees why.
    const res = await member.client.post(t.path, { intent: "reply", body: "My reply text to keep" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("This thread is locked: nobody can reply to it");
    expect(html).toContain("My reply text to keep");
    // The author cannot edit their post either, and the page says it is locked.
    expect((await refused(forums().editPost(author.caller, { postId: t.firstPostId, body: "Edited after lock" }))).status).toBe(409);
    const page = await (await member.client.get(t.path)).text();
    expect(page).toContain("This thread is locked. Nobody can reply to it.");

    const ok = await forums().replyToThread(facilitator.caller, { threadId: t.threadId, body: "Locked while we check the figures." });
    expect(ok.number).toBe(2);
    const viaHttp = await facilitator.client.post(t.path, { intent: "reply", body: "And a facilitator reply over HTTP." });
    expect(viaHttp.status).toBe(302);
    expect(await db().post.count({ where: { threadId: t.threadId } })).toBe(3);

    await forums().moderateThread(facilitator.caller, { threadId: t.threadId, action: "unlock" });
    expect((await forums().replyToThread(member.caller, { threadId: t.threadId, body: "Unlocked now" })).number).toBe(4);
  });

  it("only lets facilitators moderate", async () => {
    const forum = await newForum(server, facilitator);
    const [author] = await members(1);
    const t = await thread(author, forum.slug);
    for (const action of ["pin", "lock", "hide", "move"]) {
      expect((await refused(forums().moderateThread(author.caller, { threadId: t.threadId, action, forumSlug: forum.slug }))).status).toBe(403);
    }
    expect((await refused(forums().moderateThread(null, { threadId: t.threadId, action: "pin" }))).status).toBe(401);
    const res = await author.client.post(t.path, { intent: "moderate", action: "pin" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Only facilitators can do that");
    expect((await db().thread.findUniqueOrThrow({ where: { id: t.threadId } })).pinned).toBe(false);
  });

  it("sorts pinned threads first in the forum list", async () => {
    const forum = await newForum(server, facilitator);
    const [author] = await members(1);
    const old = await thread(author, forum.slug, "Oldest thread, soon pinned");
    await thread(author, forum.slug, "Middle thread in the list");
    await thread(author, forum.slug, "Newest thread in the list");
    const before = await forums().getForum(author.caller, { slug: forum.slug });
    expect(before.threads.map((t) => t.title)).toEqual(["Newest thread in the list", "Middle thread in the list", "Oldest thread, soon pinned"]);

    // Pinned through the facilitator's form.
    const res = await facilitator.client.post(old.path, { intent: "moderate", action: "pin" });
    expect(res.status).toBe(302);
    const after = await forums().getForum(author.caller, { slug: forum.slug });
    expect(after.threads.map((t) => t.title)).toEqual(["Oldest thread, soon pinned", "Newest thread in the list", "Middle thread in the list"]);
    expect(after.threads[0].pinned).toBe(true);

    const html = await (await author.client.get(`/forums/${forum.slug}`)).text();
    const order = ["Oldest thread, soon pinned", "Newest thread in the list", "Middle thread in the list"].map((t) => html.indexOf(t));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain("Pinned");

    // A new reply in an unpinned thread does not push it above the pinned one.
    await forums().replyToThread(author.caller, { threadId: (before.threads[1] as { id: number }).id, body: "Bumping the middle thread" });
    expect((await forums().getForum(author.caller, { slug: forum.slug })).threads.map((t) => t.title)[0]).toBe("Oldest thread, soon pinned");
  });

  it("hides a thread from members (list and page) but not from facilitators, adjusting forum counters", async () => {
    const forum = await newForum(server, facilitator);
    const [author, replier, member] = await members(3);
    const keep = await thread(author, forum.slug, "A thread that stays visible");
    const t = await thread(author, forum.slug, "A thread that will be hidden");
    await forums().replyToThread(replier.caller, { threadId: t.threadId, body: "First reply" });
    await forums().replyToThread(replier.caller, { threadId: t.threadId, body: "Second reply" });
    expect(await forumCounts(forum.slug)).toEqual({ threadCount: 2, postCount: 4 });

    const res = await facilitator.client.post(t.path, { intent: "moderate", action: "hide" });
    expect(res.status).toBe(302);
    expect(await forumCounts(forum.slug)).toEqual({ threadCount: 1, postCount: 1 });

    const memberList = await forums().getForum(member.caller, { slug: forum.slug });
    expect(memberList.threads.map((x) => x.id)).toEqual([keep.threadId]);
    expect(memberList.total).toBe(1);
    expect((await forums().getForum(null, { slug: forum.slug })).threads.map((x) => x.id)).toEqual([keep.threadId]);
    const facList = await forums().getForum(facilitator.caller, { slug: forum.slug });
    expect(facList.threads.map((x) => x.id).sort()).toEqual([keep.threadId, t.threadId].sort());

    expect((await refused(forums().getThread(member.caller, { threadId: t.threadId }))).status).toBe(404);
    expect((await member.client.get(t.path)).status).toBe(404);
    expect((await new Browserless(server.url).get(t.path)).status).toBe(404);
    expect((await member.client.get(`/p/${t.firstPostId}`)).status).toBe(404);
    // Even the author loses it; the member's forum page does not list it.
    expect((await author.client.get(t.path)).status).toBe(404);
    expect(await (await member.client.get(`/forums/${forum.slug}`)).text()).not.toContain("A thread that will be hidden");

    const facPage = await facilitator.client.get(t.path);
    expect(facPage.status).toBe(200);
    const facHtml = await facPage.text();
    expect(facHtml).toContain("A thread that will be hidden");
    expect(facHtml).toContain("Hidden");
    expect(await (await facilitator.client.get(`/forums/${forum.slug}`)).text()).toContain("A thread that will be hidden");

    // Hiding twice changes nothing; a reply while hidden is counted when the thread comes back.
    await forums().moderateThread(facilitator.caller, { threadId: t.threadId, action: "hide" });
    expect(await forumCounts(forum.slug)).toEqual({ threadCount: 1, postCount: 1 });
    await forums().replyToThread(facilitator.caller, { threadId: t.threadId, body: "Reply while hidden" });
    expect(await forumCounts(forum.slug)).toEqual({ threadCount: 1, postCount: 1 });
    await forums().moderateThread(facilitator.caller, { threadId: t.threadId, action: "unhide" });
    expect(await forumCounts(forum.slug)).toEqual({ threadCount: 2, postCount: 5 });
    expect((await member.client.get(t.path)).status).toBe(200);
  });

  it("keeps forum counters right when two facilitators hide the same thread at once", async () => {
    const forum = await newForum(server, facilitator);
    const other = await newMember(server, { role: "facilitator" });
    const [author] = await members(1);
    const t = await thread(author, forum.slug);
    await thread(author, forum.slug, "Another thread in the forum");
    expect(await forumCounts(forum.slug)).toEqual({ threadCount: 2, postCount: 2 });
    await Promise.all([
      forums().moderateThread(facilitator.caller, { threadId: t.threadId, action: "hide" }),
      forums().moderateThread(other.caller, { threadId: t.threadId, action: "hide" }),
    ]);
    expect(await forumCounts(forum.slug)).toEqual({ threadCount: 1, postCount: 1 });
    await Promise.all([
      forums().moderateThread(facilitator.caller, { threadId: t.threadId, action: "unhide" }),
      forums().moderateThread(other.caller, { threadId: t.threadId, action: "unhide" }),
    ]);
    expect(await forumCounts(forum.slug)).toEqual({ threadCount: 2, postCount: 2 });
  });

  it("keeps forum counters right when the same move is sent twice at once", async () => {
    const from = await newForum(server, facilitator);
    const to = await newForum(server, facilitator);
    const [author] = await members(1);
    const t = await thread(author, from.slug);
    await forums().replyToThread(author.caller, { threadId: t.threadId, body: "One reply" });
    const results = await Promise.all([1, 2].map(() => forums().moderateThread(facilitator.caller, { threadId: t.threadId, action: "move", forumSlug: to.slug })));
    expect(await forumCounts(from.slug)).toEqual({ threadCount: 0, postCount: 0 });
    expect(await forumCounts(to.slug)).toEqual({ threadCount: 1, postCount: 2 });
    expect(results[0].url).toContain(`/forums/${to.slug}/`);
  });

  it("keeps every forum's counters equal to its visible threads after a burst of concurrent replies, hides and moves", async () => {
    const a = await newForum(server, facilitator);
    const b = await newForum(server, facilitator);
    const other = await newMember(server, { role: "facilitator" });
    const writers = await members(4);
    const threads = [];
    for (let i = 0; i < 4; i++) threads.push(await thread(writers[i], i % 2 ? b.slug : a.slug, `Burst thread ${i}`));
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        threads.flatMap((t, i) => [
          forums().replyToThread(writers[(i + round) % 4].caller, { threadId: t.threadId, body: `Round ${round} reply` }),
          forums().moderateThread(round % 2 ? other.caller : facilitator.caller, { threadId: t.threadId, action: (i + round) % 2 ? "hide" : "unhide" }),
          forums().moderateThread(facilitator.caller, { threadId: t.threadId, action: "move", forumSlug: (i + round) % 3 ? a.slug : b.slug }),
        ]).map((p) => p.catch((e: unknown) => (e instanceof UserError ? null : Promise.reject(e)))),
      );
    }
    for (const slug of [a.slug, b.slug]) {
      const visible = await db().thread.findMany({ where: { forum: { slug }, hidden: false }, select: { postCount: true } });
      const posts = await db().post.count({ where: { thread: { forum: { slug }, hidden: false } } });
      expect(await forumCounts(slug), slug).toEqual({ threadCount: visible.length, postCount: posts });
    }
  });

  it("moves a thread, updating both forums' counters, and redirects the old address", async () => {
    const from = await newForum(server, facilitator, `Move from ${Math.random().toString(36).slice(2, 6)}`);
    const to = await newForum(server, facilitator, `Move to ${Math.random().toString(36).slice(2, 6)}`);
    const [author, replier] = await members(2);
    const t = await thread(author, from.slug, "Thread that belongs elsewhere");
    await thread(author, to.slug, "Thread already in the target");
    for (let i = 0; i < 3; i++) await forums().replyToThread(replier.caller, { threadId: t.threadId, body: `Reply ${i}` });
    expect(await forumCounts(from.slug)).toEqual({ threadCount: 1, postCount: 4 });
    expect(await forumCounts(to.slug)).toEqual({ threadCount: 1, postCount: 1 });

    const res = await facilitator.client.post(t.path, { intent: "moderate", action: "move", forumSlug: to.slug });
    expect(res.status).toBe(302);
    const newPath = t.path.replace(`/forums/${from.slug}/`, `/forums/${to.slug}/`);
    expect(res.headers.get("location")).toBe(newPath);
    expect(await forumCounts(from.slug)).toEqual({ threadCount: 0, postCount: 0 });
    expect(await forumCounts(to.slug)).toEqual({ threadCount: 2, postCount: 5 });
    expect((await forums().getForum(author.caller, { slug: from.slug })).threads).toHaveLength(0);
    expect((await forums().getForum(author.caller, { slug: to.slug })).threads.map((x) => x.id)).toContain(t.threadId);

    // The old address, with its query, redirects to the canonical one; so does an outdated slug.
    const old = await author.client.get(`${t.path}?page=1`);
    expect(old.status).toBe(302);
    expect(old.headers.get("location")).toBe(`${newPath}?page=1`);
    const wrongSlug = await author.client.get(`/forums/${to.slug}/t/${t.threadId}-some-old-title`);
    expect(wrongSlug.headers.get("location")).toBe(newPath);
    expect((await author.client.get(newPath)).status).toBe(200);
    // Permalinks follow the move.
    expect((await author.client.get(`/p/${t.firstPostId}`)).headers.get("location")).toBe(`${newPath}#post-${t.firstPostId}`);

    // An unknown target is a field error, not a move.
    const bad = await refused(forums().moderateThread(facilitator.caller, { threadId: t.threadId, action: "move", forumSlug: "no-such-forum" }));
    expect(bad.fieldErrors.forumSlug).toBe("Choose the forum to move the thread to");
    expect(await forumCounts(to.slug)).toEqual({ threadCount: 2, postCount: 5 });
  });

  it("404s threads and permalinks that do not exist, including ids beyond the integer range", async () => {
    const forum = await newForum(server, facilitator);
    const [member] = await members(1);
    for (const path of [`/forums/${forum.slug}/t/999999-nothing`, `/forums/${forum.slug}/t/2147483648-too-big`, `/forums/${forum.slug}/t/99999999999999999999-huge`, "/p/999999"]) {
      expect((await member.client.get(path)).status, path).toBe(404);
    }
    expect((await member.client.get("/p/2147483648")).status).toBeLessThan(500);
    expect((await refused(forums().replyToThread(member.caller, { threadId: 2 ** 31, body: "x" }))).status).toBe(422);
    expect((await refused(forums().locateThread(member.caller, 2 ** 31))).status).toBe(404);
  });
});

describe("likes", () => {
  it("toggles a like and keeps the count, but not on your own post (use case and HTTP)", async () => {
    const forum = await newForum(server, facilitator);
    const [author, fan] = await members(2);
    const t = await thread(author, forum.slug);
    expect(await forums().toggleLike(fan.caller, { postId: t.firstPostId })).toEqual({ postId: t.firstPostId, liked: true, likeCount: 1 });
    expect(await db().postLike.count({ where: { postId: t.firstPostId } })).toBe(1);
    expect(await forums().toggleLike(fan.caller, { postId: t.firstPostId })).toEqual({ postId: t.firstPostId, liked: false, likeCount: 0 });
    expect(await db().postLike.count({ where: { postId: t.firstPostId } })).toBe(0);

    const own = await refused(forums().toggleLike(author.caller, { postId: t.firstPostId }));
    expect(own.message).toBe("You cannot like your own post");
    expect((await author.client.post(t.path, { intent: "like", postId: String(t.firstPostId) })).status).toBe(409);
    expect((await refused(forums().toggleLike(null, { postId: t.firstPostId }))).status).toBe(401);

    const like = await fan.client.post(t.path, { intent: "like", postId: String(t.firstPostId) });
    expect(like.status).toBe(200);
    const view = await forums().getThread(fan.caller, { threadId: t.threadId });
    expect(view.posts[0]).toMatchObject({ likeCount: 1, likedByMe: true, canLike: true, likers: [{ handle: fan.handle }] });
    expect((await forums().getThread(author.caller, { threadId: t.threadId })).posts[0]).toMatchObject({ likeCount: 1, likedByMe: false, canLike: false });
  });

  it("counts two members liking at the same moment as two likes", async () => {
    const forum = await newForum(server, facilitator);
    const [author, a, b, c] = await members(4);
    const t = await thread(author, forum.slug);
    const results = await Promise.all([a, b, c].map((m) => forums().toggleLike(m.caller, { postId: t.firstPostId })));
    expect(results.every((r) => r.liked)).toBe(true);
    expect(results.map((r) => r.likeCount).sort()).toEqual([1, 2, 3]);
    const post = await db().post.findUniqueOrThrow({ where: { id: t.firstPostId } });
    expect(post.likeCount).toBe(3);
    expect(await db().postLike.count({ where: { postId: t.firstPostId } })).toBe(3);
    // And two unlikes at once.
    await Promise.all([a, b].map((m) => forums().toggleLike(m.caller, { postId: t.firstPostId })));
    expect((await db().post.findUniqueOrThrow({ where: { id: t.firstPostId } })).likeCount).toBe(1);
  });

  it("stays consistent when one member's like is sent twice at once (double click)", async () => {
    const forum = await newForum(server, facilitator);
    const [author, fan] = await members(2);
    const t = await thread(author, forum.slug);
    for (let round = 0; round < 4; round++) {
      const outcomes = await Promise.allSettled([1, 2].map(() => forums().toggleLike(fan.caller, { postId: t.firstPostId })));
      // Either both apply in turn (like, unlike) or the second finds the like already made; never a server error.
      for (const o of outcomes) expect(o.status === "fulfilled" ? null : o.reason).toBeNull();
      const post = await db().post.findUniqueOrThrow({ where: { id: t.firstPostId } });
      expect(post.likeCount).toBe(await db().postLike.count({ where: { postId: t.firstPostId } }));
      expect(post.likeCount).toBeLessThanOrEqual(1);
    }
  });

  it("refuses likes on deleted or hidden posts", async () => {
    const forum = await newForum(server, facilitator);
    const [author, fan] = await members(2);
    const t = await thread(author, forum.slug);
    const r1 = await forums().replyToThread(author.caller, { threadId: t.threadId, body: "To be deleted" });
    const r2 = await forums().replyToThread(author.caller, { threadId: t.threadId, body: "To be hidden" });
    await forums().deletePost(author.caller, { postId: r1.postId });
    await forums().setPostHidden(facilitator.caller, { postId: r2.postId, hidden: true });
    for (const postId of [r1.postId, r2.postId]) expect((await refused(forums().toggleLike(fan.caller, { postId }))).message).toBe("That post can no longer be liked");
  });
});

describe("replies, numbering and permalinks", () => {
  it("gives 10 concurrent replies distinct consecutive numbers 2..11", async () => {
    const forum = await newForum(server, facilitator);
    const repliers = await members(10);
    const t = await thread(repliers[0], forum.slug);
    const results = await Promise.all(repliers.map((m, i) => forums().replyToThread(m.caller, { threadId: t.threadId, body: `Concurrent reply ${i}` })));
    expect(results.map((r) => r.number).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const posts = await db().post.findMany({ where: { threadId: t.threadId }, orderBy: { number: "asc" } });
    expect(posts.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const th = await db().thread.findUniqueOrThrow({ where: { id: t.threadId } });
    expect(th.postCount).toBe(11);
    expect(th.lastPostId).toBe(posts[10].id);
    expect(await forumCounts(forum.slug)).toEqual({ threadCount: 1, postCount: 11 });
    const view = await forums().getThread(null, { threadId: t.threadId });
    expect(view.thread.replyCount).toBe(10);
  });

  it("sends /p/:id to the right page and anchor, and page=last to the last page", async () => {
    const forum = await newForum(server, facilitator);
    const writers = await members(6);
    const t = await thread(writers[0], forum.slug, "A long thread of forty-five posts");
    const ids: number[] = [t.firstPostId];
    for (let n = 2; n <= 45; n++) ids.push((await forums().replyToThread(writers[n % 6].caller, { threadId: t.threadId, body: `Post number ${n}` })).postId);
    const reader = writers[1].client;

    for (const [number, suffix] of [
      [1, ""],
      [20, ""],
      [21, "?page=2"],
      [40, "?page=2"],
      [41, "?page=3"],
      [45, "?page=3"],
    ] as const) {
      const res = await reader.get(`/p/${ids[number - 1]}`);
      expect(res.status).toBe(302);
      expect(res.headers.get("location"), `post ${number}`).toBe(`${t.path}${suffix}#post-${ids[number - 1]}`);
    }
    expect((await forums().locatePost(null, { postId: ids[44] })).url).toBe(`${t.path}?page=3#post-${ids[44]}`);

    const page3 = await (await reader.get(`${t.path}?page=3`)).text();
    expect(page3).toContain(`id="post-${ids[44]}"`);
    expect(page3).toContain("Post number 45");
    expect(page3.replaceAll("<!-- -->", "")).toContain("page 3 of 3");
    expect(page3).not.toContain(`id="post-${ids[39]}"`);

    const last = await reader.get(`${t.path}?page=last`);
    expect(last.status).toBe(200);
    const lastHtml = await last.text();
    expect(lastHtml).toContain(`id="post-${ids[44]}"`);
    expect(lastHtml).toContain(`id="post-${ids[40]}"`);
    expect(lastHtml).not.toContain(`id="post-${ids[39]}"`);
    const view = await forums().getThread(null, { threadId: t.threadId, page: "last" });
    expect(view).toMatchObject({ page: 3, pageCount: 3 });
    expect(view.posts.map((p) => p.number)).toEqual([41, 42, 43, 44, 45]);

    // Out-of-range pages are clamped.
    expect((await forums().getThread(null, { threadId: t.threadId, page: 99 })).page).toBe(3);
    expect((await forums().getThread(null, { threadId: t.threadId, page: -4 })).page).toBe(1);
    // "Jump to the latest reply" is the permalink of post 45.
    expect((await db().thread.findUniqueOrThrow({ where: { id: t.threadId } })).lastPostId).toBe(ids[44]);
  });

  it("refuses a quote of a post from another thread", async () => {
    const forum = await newForum(server, facilitator);
    const [author] = await members(1);
    const a = await thread(author, forum.slug, "Thread A for quoting");
    const b = await thread(author, forum.slug, "Thread B for quoting");
    const error = await refused(forums().replyToThread(author.caller, { threadId: a.threadId, body: "Quoting B", quotedPostId: String(b.firstPostId) }));
    expect(error.fieldErrors.body).toBe("The post you quoted is not in this thread");
    const ok = await forums().replyToThread(author.caller, { threadId: a.threadId, body: "Quoting A", quotedPostId: String(a.firstPostId) });
    expect((await db().post.findUniqueOrThrow({ where: { id: ok.postId } })).quotedPostId).toBe(a.firstPostId);
  });
});

describe("roles", () => {
  it("lets only admins change roles, and never their own", async () => {
    const admin = await newMember(server, { role: "admin" });
    const [member, target] = await members(2);

    const byMember = await refused(server.services.members.setRole(member.caller, { handle: target.handle, role: "facilitator" }));
    expect(byMember.status).toBe(403);
    expect(byMember.message).toBe("Only admins can change roles");
    expect((await refused(server.services.members.setRole(facilitator.caller, { handle: target.handle, role: "admin" }))).status).toBe(403);
    expect((await refused(server.services.members.setRole(null, { handle: target.handle, role: "admin" }))).status).toBe(401);
    expect((await db().user.findUniqueOrThrow({ where: { id: target.caller.id } })).role).toBe("member");

    expect(await server.services.members.setRole(admin.caller, { handle: target.handle, role: "facilitator" })).toEqual({ handle: target.handle, role: "facilitator" });
    expect((await db().user.findUniqueOrThrow({ where: { id: target.caller.id } })).role).toBe("facilitator");
    expect(await db().moderationAction.count({ where: { actorId: admin.caller.id, action: "set-role", subject: `user:${target.caller.id}` } })).toBe(1);
    // The promotion applies to the member's existing session at once.
    const facPage = await target.client.get(`/forums`);
    expect(facPage.status).toBe(200);

    const own = await refused(server.services.members.setRole(admin.caller, { handle: admin.handle, role: "member" }));
    expect(own.status).toBe(409);
    expect(own.fieldErrors.role).toBe("You cannot change your own role");
    expect((await refused(server.services.members.setRole(admin.caller, { handle: target.handle, role: "superuser" }))).fieldErrors.role).toBe("Choose a role");
    expect((await refused(server.services.members.setRole(admin.caller, { handle: "nobody-here", role: "member" }))).status).toBe(404);
  });

  it("shows the role form to admins only, and refuses members over HTTP", async () => {
    const admin = await newMember(server, { role: "admin" });
    const [member, target] = await members(2);
    expect(await (await member.client.get(`/members/${target.handle}`)).text()).not.toContain("Change role");
    expect(await (await admin.client.get(`/members/${target.handle}`)).text()).toContain("Change role");
    expect(await (await admin.client.get(`/members/${admin.handle}`)).text()).not.toContain("Change role");

    const denied = await member.client.post(`/members/${target.handle}`, { role: "admin" });
    expect(denied.status).toBe(422);
    expect(await denied.text()).toContain("Only admins can change roles");
    expect((await db().user.findUniqueOrThrow({ where: { id: target.caller.id } })).role).toBe("member");

    const ok = await admin.client.post(`/members/${target.handle}`, { role: "facilitator" });
    expect(ok.status).toBe(200);
    expect((await ok.text()).replaceAll("<!-- -->", "")).toContain("Role changed to facilitator.");
    expect((await db().user.findUniqueOrThrow({ where: { id: target.caller.id } })).role).toBe("facilitator");
  });
});

describe("editing and deleting", () => {
  it("lets members edit only their own posts; facilitators can edit anyone's, with a revision kept", async () => {
    const forum = await newForum(server, facilitator);
    const [author, other] = await members(2);
    const t = await thread(author, forum.slug, "Thread with edits", "Original text of the post");

    const denied = await refused(forums().editPost(other.caller, { postId: t.firstPostId, body: "Vandalised" }));
    expect(denied.status).toBe(403);
    expect((await refused(forums().getPostForEdit(other.caller, { postId: t.firstPostId }))).status).toBe(403);
    expect((await other.client.get(`/posts/${t.firstPostId}/edit`)).status).toBe(403);
    const post = await other.client.post(`/posts/${t.firstPostId}/edit`, { body: "Vandalised over HTTP" });
    expect(post.status).toBe(422);
    expect((await db().post.findUniqueOrThrow({ where: { id: t.firstPostId } })).bodySource).toBe("Original text of the post");
    expect((await forums().getThread(other.caller, { threadId: t.threadId })).posts[0].canEdit).toBe(false);

    await forums().editPost(author.caller, { postId: t.firstPostId, body: "Author's **second** version" });
    await forums().editPost(facilitator.caller, { postId: t.firstPostId, body: "Facilitator's third version" });
    const stored = await db().post.findUniqueOrThrow({ where: { id: t.firstPostId }, include: { revisions: { orderBy: { id: "asc" } } } });
    expect(stored.bodySource).toBe("Facilitator's third version");
    expect(stored.editedAt).not.toBeNull();
    expect(stored.revisions.map((r) => [r.bodySource, r.editorId])).toEqual([
      ["Original text of the post", author.caller.id],
      ["Author's **second** version", facilitator.caller.id],
    ]);
    expect(stored.revisions[1].bodyHtml).toContain("<strong>second</strong>");
    expect((await forums().getRevisions(facilitator.caller, { postId: t.firstPostId })).revisions).toHaveLength(2);
    expect((await refused(forums().getRevisions(author.caller, { postId: t.firstPostId }))).status).toBe(403);

    // An edit that changes nothing keeps no revision.
    await forums().editPost(facilitator.caller, { postId: t.firstPostId, body: "Facilitator's third version" });
    expect(await db().postRevision.count({ where: { postId: t.firstPostId } })).toBe(2);
    // Over HTTP the author's edit goes back to the post.
    const edit = await author.client.post(`/posts/${t.firstPostId}/edit`, { body: "Fourth version, by the author" });
    expect(edit.status).toBe(302);
    expect(edit.headers.get("location")).toBe(`${t.path}#post-${t.firstPostId}`);
    expect(await db().postRevision.count({ where: { postId: t.firstPostId } })).toBe(3);
  });

  it("deletes softly: the row and its text stay, the page says deleted, only the author can do it", async () => {
    const forum = await newForum(server, facilitator);
    const [author, other] = await members(2);
    const t = await thread(author, forum.slug);
    const reply = await forums().replyToThread(author.caller, { threadId: t.threadId, body: "A reply I will regret" });

    expect((await refused(forums().deletePost(other.caller, { postId: reply.postId }))).status).toBe(403);
    expect((await refused(forums().deletePost(facilitator.caller, { postId: reply.postId }))).status).toBe(403);

    const res = await author.client.post(t.path, { intent: "delete", postId: String(reply.postId) });
    expect(res.status).toBe(302);
    const row = await db().post.findUniqueOrThrow({ where: { id: reply.postId } });
    expect(row.deletedAt).not.toBeNull();
    expect(row.bodySource).toBe("A reply I will regret");
    expect(await db().post.count({ where: { threadId: t.threadId } })).toBe(2);
    expect((await db().thread.findUniqueOrThrow({ where: { id: t.threadId } })).postCount).toBe(2);

    const view = await forums().getThread(other.caller, { threadId: t.threadId });
    expect(view.posts[1]).toMatchObject({ removed: "deleted", bodyHtml: null, canEdit: false, canLike: false });
    // Facilitators do not see a deleted post's text either.
    expect((await forums().getThread(facilitator.caller, { threadId: t.threadId })).posts[1].bodyHtml).toBeNull();
    const html = await (await other.client.get(t.path)).text();
    expect(html).toContain("Deleted by author.");
    expect(html).not.toContain("A reply I will regret");
    // Deleting again is harmless; editing a deleted post is refused; the next reply still gets a new number.
    await forums().deletePost(author.caller, { postId: reply.postId });
    expect((await refused(forums().editPost(author.caller, { postId: reply.postId, body: "Undelete?" }))).status).toBe(409);
    expect((await forums().replyToThread(other.caller, { threadId: t.threadId, body: "Next" })).number).toBe(3);
  });

  it("hides a post's text from members but shows it to facilitators", async () => {
    const forum = await newForum(server, facilitator);
    const [author, other] = await members(2);
    const t = await thread(author, forum.slug);
    const reply = await forums().replyToThread(author.caller, { threadId: t.threadId, body: "Something off-topic" });
    expect((await refused(forums().setPostHidden(other.caller, { postId: reply.postId, hidden: true }))).status).toBe(403);
    await forums().setPostHidden(facilitator.caller, { postId: reply.postId, hidden: "true" });
    expect((await forums().getThread(other.caller, { threadId: t.threadId })).posts[1]).toMatchObject({ removed: "hidden", bodyHtml: null });
    expect((await forums().getThread(facilitator.caller, { threadId: t.threadId })).posts[1].bodyHtml).toContain("Something off-topic");
    const html = await (await other.client.get(t.path)).text();
    expect(html).toContain("Hidden by a facilitator.");
    expect(html).not.toContain("Something off-topic");
  });
});

describe("search outbox", () => {
  it("writes one SearchOutbox row for every thread and post change", async () => {
    const forum = await newForum(server, facilitator);
    const target = await newForum(server, facilitator);
    const [author, other] = await members(2);
    const before = await db().searchOutbox.count();

    const t = await thread(author, forum.slug);
    expect(await outbox("thread", t.threadId)).toBe(1);
    const reply = await forums().replyToThread(other.caller, { threadId: t.threadId, body: "A reply to index" });
    expect(await outbox("post", reply.postId)).toBe(1);
    await forums().editPost(other.caller, { postId: reply.postId, body: "An edited reply to index" });
    expect(await outbox("post", reply.postId)).toBe(2);
    await forums().setPostHidden(facilitator.caller, { postId: reply.postId, hidden: true });
    expect(await outbox("post", reply.postId)).toBe(3);
    await forums().deletePost(other.caller, { postId: reply.postId });
    expect(await outbox("post", reply.postId)).toBe(4);
    for (const action of ["pin", "lock", "hide", "unhide"]) await forums().moderateThread(facilitator.caller, { threadId: t.threadId, action });
    await forums().moderateThread(facilitator.caller, { threadId: t.threadId, action: "move", forumSlug: target.slug });
    expect(await outbox("thread", t.threadId)).toBe(6);
    expect(await db().searchOutbox.count()).toBe(before + 10);

    // Refused changes write nothing; likes are not content changes.
    await refused(forums().editPost(author.caller, { postId: reply.postId, body: "x" }));
    await forums().toggleLike(other.caller, { postId: t.firstPostId });
    expect(await db().searchOutbox.count()).toBe(before + 10);
    const rows = await db().searchOutbox.findMany({ where: { id: { gt: 0 } }, orderBy: { id: "desc" }, take: 10 });
    expect(rows.every((r) => r.processedAt === null && r.attempts === 0)).toBe(true);
  });
});

describe("mentions", () => {
  it("links existing members and records Mention rows; unknown handles stay plain text", async () => {
    const forum = await newForum(server, facilitator);
    const amina = await newMember(server, { fullName: "Amina Hussain" });
    const [author, bob] = await members(2);
    const t = await thread(author, forum.slug, "Mentions thread", `Hello @${amina.handle} and @nobody-called-this, and \`@${bob.handle}\` in code`);

    const first = await db().post.findUniqueOrThrow({ where: { id: t.firstPostId }, include: { mentions: true } });
    expect(first.mentions.map((m) => m.userId)).toEqual([amina.caller.id]);
    expect(first.bodyHtml).toContain(`<a href="/members/${amina.handle}" class="govuk-link mention">@${amina.handle}</a>`);
    expect(first.bodyHtml).toContain("@nobody-called-this");
    expect(first.bodyHtml).not.toContain("/members/nobody-called-this");
    expect(first.bodyHtml).not.toContain(`/members/${bob.handle}`);

    const reply = await forums().replyToThread(author.caller, { threadId: t.threadId, body: `@${amina.handle.toUpperCase()} @${bob.handle} @${bob.handle} thanks` });
    const stored = await db().post.findUniqueOrThrow({ where: { id: reply.postId }, include: { mentions: true } });
    expect(stored.mentions.map((m) => m.userId).sort()).toEqual([amina.caller.id, bob.caller.id].sort());

    // Editing replaces the mentions.
    await forums().editPost(author.caller, { postId: reply.postId, body: `Only @${bob.handle} now` });
    expect((await db().mention.findMany({ where: { postId: reply.postId } })).map((m) => m.userId)).toEqual([bob.caller.id]);

    const html = await (await bob.client.get(t.path)).text();
    expect(html).toContain(`href="/members/${amina.handle}"`);
    expect(html).toContain(`href="/members/${bob.handle}"`);
  });
});

describe("sign-up validation", () => {
  let ip = 0;
  const signUp = (overrides: Record<string, string>) =>
    server.services.auth.signUp(
      { fullName: "Priya Patel", handle: "", email: `priya-${Math.random().toString(36).slice(2, 8)}@example.org`, password: "correct horse battery", organisation: "Croydon Council", jobTitle: "Analyst", place: "Croydon", ...overrides },
      { ip: `192.0.2.${++ip}` },
    );

  it("refuses a duplicate email, whatever its case", async () => {
    const existing = await newMember(server);
    const error = await refused(signUp({ email: existing.email.toUpperCase() }));
    expect(error.fieldErrors.email).toBe("An account with that email address already exists – sign in instead");
  });

  it("refuses a taken handle with a free suggestion", async () => {
    const taken = await newMember(server, { handle: `kent-officer-${Math.random().toString(36).slice(2, 6)}` });
    const error = await refused(signUp({ handle: `@${taken.handle.toUpperCase()}` }));
    expect(error.fieldErrors.handle).toBe(`The handle @${taken.handle} is taken – try @${taken.handle}2`);
    await newMember(server, { handle: `${taken.handle}2` });
    expect((await refused(signUp({ handle: taken.handle }))).fieldErrors.handle).toBe(`The handle @${taken.handle} is taken – try @${taken.handle}3`);
  });

  it("refuses short, common, repetitive and email-like passwords", async () => {
    expect((await refused(signUp({ password: "short" }))).fieldErrors.password).toBe("Password must be at least 10 characters");
    expect((await refused(signUp({ password: "Password123" }))).fieldErrors.password).toBe("That password is too common – choose one that is harder to guess");
    expect((await refused(signUp({ password: "abababababab" }))).fieldErrors.password).toBe("Password must use at least 5 different characters");
    expect((await refused(signUp({ email: "same.as.password@example.org", password: "Same.As.Password@example.org" }))).fieldErrors.password).toBe("Password must not be your email address");
  });

  it("refuses a missing or unknown place, and reports every missing field", async () => {
    expect((await refused(signUp({ place: "" }))).fieldErrors.place).toBe("Select your place, or Other");
    expect((await refused(signUp({ place: "Atlantis" }))).fieldErrors.place).toBe("Select your place, or Other");
    const all = await refused(signUp({ fullName: "", email: "not-an-email", organisation: "", jobTitle: "", handle: "x!" }));
    expect(all.fieldErrors).toMatchObject({
      fullName: "Enter your full name",
      email: "Enter an email address in the correct format, like name@example.gov.uk",
      organisation: "Enter your organisation",
      jobTitle: "Enter your job title",
      handle: expect.stringMatching(/^Handle must be 3 to 30 characters/),
    });
  });

  it("suggests a handle from the name when the handle is left empty", async () => {
    const name = `Zoë Ångström ${Math.random().toString(36).slice(2, 6)}`;
    const first = await signUp({ fullName: name });
    const base = first.handle;
    expect(base).toMatch(/^zoe-angstrom-[a-z0-9]{1,4}$/);
    const second = await signUp({ fullName: name });
    expect(second.handle).toBe(`${base}2`);
    expect((await db().user.findUniqueOrThrow({ where: { id: second.userId } })).handle).toBe(`${base}2`);
    expect(await server.services.auth.suggestHandle(name)).toBe(`${base}3`);
  });

  it("shows the messages on the form over HTTP, keeping the values but not the password", async () => {
    const existing = await newMember(server);
    const c = new Browserless(server.url);
    const res = await c.post(
      "/sign-up",
      { fullName: "Harry Holt", handle: existing.handle, email: "harry.holt@example.org", password: "tiny", organisation: "Kent County Council", jobTitle: "Officer", place: "" },
      { "x-forwarded-for": "198.51.100.7" },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Password must be at least 10 characters");
    expect(html).toContain("Select your place, or Other");
    expect(html).toContain('value="Harry Holt"');
    expect(html).not.toContain('value="tiny"');

    const taken = await c.post(
      "/sign-up",
      { fullName: "Harry Holt", handle: existing.handle, email: "harry.holt@example.org", password: "correct horse battery", organisation: "Kent County Council", jobTitle: "Officer", place: "Kent" },
      { "x-forwarded-for": "198.51.100.7" },
    );
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain(`The handle @${existing.handle} is taken – try @`);

    const ok = await c.post(
      "/sign-up",
      { fullName: "Harry Holt", handle: "", email: "harry.holt@example.org", password: "correct horse battery", organisation: "Kent County Council", jobTitle: "Officer", place: "Other" },
      { "x-forwarded-for": "198.51.100.7" },
    );
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toMatch(/^\/members\/harry-holt\d*\?welcome=1$/);
    expect(c.cookies.has("tpc_session")).toBe(true);
  });
});
