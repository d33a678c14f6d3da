import { io, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../fixtures/server.ts";
import { newMember, type Member } from "./_members.ts";

let server: TestServer;
let facilitator: Member;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer({ env: { NOTIFY_SCHEDULER: "off" } });
  facilitator = await newMember(server, { role: "facilitator", fullName: "Helen Facilitator" });
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(async () => server?.stop());

/** Page text without React's <!-- --> markers between adjacent text pieces. */
const text = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");

async function connect(member: Member) {
  const socket = io(server.url, { transports: ["websocket"], extraHeaders: { origin: server.url, cookie: member.cookie }, reconnection: false, forceNew: true });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

function nextEvent<T>(socket: Socket, event: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event}`)), 5_000);
    socket.once(event, (p: T) => {
      clearTimeout(timer);
      resolve(p);
    });
  });
}

const notificationsOf = (m: Member) => server.services.db.notification.findMany({ where: { userId: m.caller.id }, orderBy: { id: "asc" } });

async function write(member: Member, fields: Record<string, string>) {
  const res = await member.client.post("/blogs/write", { body: "Pooling budgets across the partnership.", tags: "", category: "blessay", intent: "publish", ...fields });
  expect(res.status, await res.clone().text().then((t) => t.slice(0, 300))).toBe(302);
  const url = res.headers.get("location")!;
  return { url, postId: Number(url.match(/\/(\d+)-[^/]*$/)![1]) };
}

async function setWatch(member: Member, targetId: string, state: "watch" | "mute") {
  const res = await member.client.post("/watch", { targetType: "blog", targetId, state, next: "/" });
  await res.arrayBuffer();
  expect(res.status).toBe(302);
}

describe("blog notifications", () => {
  it("watchers of a member's blog hear about a new post (row and live count); muted members and the author do not", async () => {
    const author = await newMember(server, { fullName: "Amina Hussain" });
    const watcher = await newMember(server);
    const muter = await newMember(server);

    // The blog page offers the watch buttons (a plain form to /watch) to signed-in readers.
    const page = await text(await watcher.client.get(`/blogs/${author.handle}`));
    expect(page).toContain('action="/watch"');
    expect(page).toContain(`name="targetId" value="${author.caller.id}"`);
    expect(page).toContain("Watch this blog");

    await setWatch(watcher, author.caller.id, "watch");
    await setWatch(muter, author.caller.id, "mute");
    expect(await text(await watcher.client.get(`/blogs/${author.handle}`))).toContain("You are watching this blog.");

    const socket = await connect(watcher);
    const count = nextEvent<{ count: number }>(socket, "notify:count");
    const { url } = await write(author, { title: "What pooling taught us" });
    expect(await count).toEqual({ count: 1 });
    const [n] = await notificationsOf(watcher);
    expect(n).toMatchObject({ kind: "blog_post", subjectType: "blog_post", title: "What pooling taught us", url, actorHandles: [author.handle] });
    expect(await notificationsOf(muter)).toHaveLength(0);
    expect(await notificationsOf(author)).toHaveLength(0);

    // A later edit of the published post is not news again.
    const postId = Number(url.match(/\/(\d+)-/)![1]);
    const edit = await author.client.post(`/blog-posts/${postId}/edit`, { title: "What pooling taught us", body: "Edited.", tags: "", category: "blessay", intent: "publish" });
    await edit.arrayBuffer();
    expect(edit.status).toBe(302);
    expect((await notificationsOf(watcher)).map((x) => x.count)).toEqual([1]);
  });

  it("a scheduled post notifies the blog's watchers when the scheduler publishes it", async () => {
    const author = await newMember(server);
    const watcher = await newMember(server);
    await setWatch(watcher, author.caller.id, "watch");
    const { postId } = await write(author, { title: "Due on Thursday", intent: "schedule", publishAt: "2099-01-01T09:00" });
    expect(await notificationsOf(watcher)).toHaveLength(0);

    const socket = await connect(watcher);
    const count = nextEvent<{ count: number }>(socket, "notify:count");
    await server.services.db.blogPost.update({ where: { id: postId }, data: { publishAt: new Date(Date.now() - 1000) } });
    await server.services.blogs.publishDuePosts();
    expect(await count).toEqual({ count: 1 });
    const notices = await notificationsOf(watcher);
    expect(notices.map((n) => [n.kind, n.subjectId, n.count])).toEqual([["blog_post", String(postId), 1]]);
  });

  it("comments notify the post's author, and a reply also the comment's author, never the commenter", async () => {
    const author = await newMember(server);
    const first = await newMember(server);
    const second = await newMember(server);
    const { postId } = await write(author, { title: "Counting the spend" });

    const socket = await connect(author);
    const count = nextEvent<{ count: number }>(socket, "notify:count");
    const c1 = await server.services.blogs.addComment(first.caller, { postId, body: "Great read." });
    expect(await count).toEqual({ count: 1 });
    const [n] = await notificationsOf(author);
    expect(n).toMatchObject({ kind: "blog_comment", subjectId: String(postId), actorHandles: [first.handle] });
    expect(n.url).toContain(`#comment-${c1.comment.id}`);
    expect(await notificationsOf(first)).toHaveLength(0);

    await server.services.blogs.addComment(second.caller, { postId, body: "Agreed.", parentId: c1.comment.id });
    expect((await notificationsOf(first)).map((x) => [x.kind, x.actorHandles])).toEqual([["blog_comment", [second.handle]]]);
    expect(await notificationsOf(second)).toHaveLength(0);
    // The author's unread notice gathers the burst.
    expect((await notificationsOf(author)).map((x) => x.count)).toEqual([2]);

    // The author replying on their own post tells the commenter, not themselves.
    await server.services.blogs.addComment(author.caller, { postId, body: "Thank you both.", parentId: c1.comment.id });
    expect((await notificationsOf(author)).map((x) => x.count)).toEqual([2]);
    expect((await notificationsOf(first)).map((x) => x.count)).toEqual([2]);
  });

  it("News watchers hear about a weekly update, and the digest leads with it and its highlights", async () => {
    const watcher = await newMember(server);
    const page = await text(await watcher.client.get("/news"));
    expect(page).toContain('name="targetId" value="news"');
    await setWatch(watcher, "news", "watch");

    const { url } = await write(facilitator, {
      blog: "news",
      category: "news",
      issueNumber: "731",
      title: "Weekly update 731",
      highlights: "Bradford publishes its count\nNew pooled budget guidance",
    });
    expect(url).toMatch(/^\/news\/\d+-weekly-update-731$/);
    expect((await notificationsOf(watcher)).map((n) => [n.kind, n.url])).toEqual([["blog_post", url]]);

    const run = await server.services.notifications.runDigest();
    expect(run.queued).toBeGreaterThan(0);
    const mail = await server.services.db.mailOutbox.findFirst({ where: { to: watcher.email, subject: "This week in Total Place" }, orderBy: { id: "desc" } });
    expect(mail).not.toBeNull();
    expect(mail!.text).toContain("The latest weekly update");
    expect(mail!.text).toContain("Weekly update 731");
    expect(mail!.text).toContain("Bradford publishes its count");
    expect(mail!.text).toContain(url);
  });

  it("a member's profile lists their blog posts and library documents", async () => {
    const author = await newMember(server, { fullName: "Priya Profile" });
    const { url } = await write(author, { title: "Notes from the Kent pilot" });
    await write(author, { title: "A draft nobody sees", intent: "draft" });
    const doc = await server.services.library.createDocument(author.caller, {
      title: "Kent pilot evaluation",
      itemType: "report",
      linkUrl: "https://example.org/kent.pdf",
      description: "The evaluation.",
      authors: "Kent County Council",
    });

    const res = await fetch(`${server.url}/members/${author.handle}`);
    expect(res.status).toBe(200);
    const html = await text(res);
    expect(html).toContain("Blog posts");
    expect(html).toContain(`href="${url}"`);
    expect(html).toContain("Notes from the Kent pilot");
    expect(html).not.toContain("A draft nobody sees");
    expect(html).toContain(`href="/blogs/${author.handle}"`);
    expect(html).toContain("Library documents");
    expect(html).toContain("Kent pilot evaluation");
    expect(doc.url).toBeTruthy();
    expect(html).toContain(`href="${doc.url}"`);
  });
});
