import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blogSearchSource } from "../../server/modules/blogs/search-source.ts";
import { startTestServer, type TestServer } from "../fixtures/server.ts";
import { newMember, type Member } from "./_members.ts";

let server: TestServer;
let author: Member;
let reader: Member;
let facilitator: Member;

beforeAll(async () => {
  server = await startTestServer();
  author = await newMember(server, { fullName: "Amina Hussain" });
  reader = await newMember(server, { fullName: "Rob Reader" });
  facilitator = await newMember(server, { role: "facilitator", fullName: "Helen Facilitator" });
});
afterAll(async () => server?.stop());

/** Page text without React's <!-- --> markers between adjacent text pieces. */
const text = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");

const postForm = (overrides: Record<string, string> = {}) => ({
  title: "What the Bradford count taught us",
  body: "We found **£7bn** of public money in one place.\n\n## Next steps\n\nPool it.",
  tags: "Counting spend, Bradford",
  category: "blessay",
  intent: "publish",
  ...overrides,
});

async function write(member: Member, overrides: Record<string, string> = {}) {
  const res = await member.client.post("/blogs/write", postForm(overrides));
  expect(res.status, await res.clone().text().then((t) => t.slice(0, 300))).toBe(302);
  const url = res.headers.get("location")!;
  return { url, postId: Number(url.match(/\/(\d+)-[^/]*$/)![1]) };
}

/** The status of a response, with its body read so the connection is free when the server closes. */
async function statusOf(res: Promise<Response>) {
  const r = await res;
  await r.arrayBuffer();
  return r.status;
}

describe("blogs", () => {
  it("previews Markdown without saving, then publishes; the post, its tags and the author's blog show it", async () => {
    const before = await server.services.db.blogPost.count();
    const preview = await author.client.post("/blogs/write", postForm({ intent: "preview" }));
    expect(preview.status).toBe(200);
    const previewHtml = await preview.text();
    expect(previewHtml).toContain("Preview");
    expect(previewHtml).toContain("<strong>£7bn</strong>");
    expect(previewHtml).toContain("<h3>Next steps</h3>");
    // The typed text is kept in the form.
    expect(previewHtml).toContain("What the Bradford count taught us");
    expect(await server.services.db.blogPost.count()).toBe(before);

    const { url } = await write(author);
    expect(url).toMatch(new RegExp(`^/blogs/${author.handle}/\\d+-what-the-bradford-count-taught-us$`));
    const page = await (await fetch(server.url + url)).text();
    expect(page).toContain("<strong>£7bn</strong>");
    expect(page).toContain("counting spend");
    expect((await (await fetch(`${server.url}/blogs/${author.handle}`)).text())).toContain("What the Bradford count taught us");
    const tagged = await (await fetch(`${server.url}/blogs?tag=bradford`)).text();
    expect(tagged).toContain("What the Bradford count taught us");
    const otherTag = await (await fetch(`${server.url}/blogs?tag=housing`)).text();
    expect(otherTag).not.toContain("What the Bradford count taught us");
  });

  it("keeps drafts to their author, explains form problems, and refuses other members' edits", async () => {
    const bad = await author.client.post("/blogs/write", postForm({ title: "", body: "" }));
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Enter a title of at least 5 characters");
    expect(badHtml).toContain("Enter the text of your post");

    const { url, postId } = await write(author, { title: "Draft thoughts on pooled budgets", intent: "draft" });
    expect(await statusOf(author.client.get(url))).toBe(200);
    expect(await statusOf(reader.client.get(url))).toBe(404);
    expect(await statusOf(fetch(server.url + url))).toBe(404);
    expect(await (await fetch(`${server.url}/blogs/${author.handle}`)).text()).not.toContain("Draft thoughts on pooled budgets");
    expect(await (await author.client.get(`/blogs/${author.handle}`)).text()).toContain("Draft thoughts on pooled budgets");

    // Another member cannot edit, even once it is published.
    await author.client.post(`/blog-posts/${postId}/edit`, postForm({ title: "Draft thoughts on pooled budgets", intent: "publish" }));
    const hijack = await reader.client.post(`/blog-posts/${postId}/edit`, postForm({ title: "Hijacked title here" }));
    expect(hijack.status).toBe(422);
    expect(await hijack.text()).toContain("Only the author can edit this post");
    expect((await server.services.db.blogPost.findUniqueOrThrow({ where: { id: postId } })).title).toBe("Draft thoughts on pooled budgets");
  });

  it("keeps every version in the history when the author edits", async () => {
    const { postId } = await write(author, { title: "First title for history", body: "Version one text." });
    const edit = await author.client.post(`/blog-posts/${postId}/edit`, postForm({ title: "Second title for history", body: "Version two text." }));
    expect(edit.status).toBe(302);
    const history = await text(await author.client.get(`/blog-posts/${postId}/history`));
    expect(history).toContain("Version one text.");
    expect(history).toContain("Version two text.");
    expect(history).toContain("Version 2 (current)");
    const post = await server.services.db.blogPost.findUniqueOrThrow({ where: { id: postId } });
    expect(post.title).toBe("Second title for history");
    expect(post.publishedAt).not.toBeNull();
    expect(await statusOf(reader.client.get(`/blog-posts/${postId}/history`))).toBe(403);
  });

  it("schedules a post, hides it until due, and the scheduler publishes it exactly once", async () => {
    const soon = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).format(new Date(Date.now() + 2 * 86_400_000)).replace(" ", "T");
    const past = await author.client.post("/blogs/write", postForm({ title: "Scheduled into the past", intent: "schedule", publishAt: "2010-03-30T09:00" }));
    expect(await past.text()).toContain("The publishing time must be in the future");

    const { url, postId } = await write(author, { title: "A post for Thursday morning", intent: "schedule", publishAt: soon });
    const stored = await server.services.db.blogPost.findUniqueOrThrow({ where: { id: postId } });
    expect(stored.status).toBe("scheduled");
    expect(await statusOf(fetch(server.url + url))).toBe(404);
    expect(await server.services.blogs.publishDuePosts()).not.toContain(postId);

    // Time passes: move the due time into the past, then run the scheduler twice at once.
    await server.services.db.blogPost.update({ where: { id: postId }, data: { publishAt: new Date(Date.now() - 1000) } });
    expect(await statusOf(fetch(server.url + url))).toBe(404);
    const outboxBefore = await server.services.db.searchOutbox.count({ where: { entityType: "blog_post", entityId: String(postId) } });
    const [a, b] = await Promise.all([server.services.blogs.publishDuePosts(), server.services.blogs.publishDuePosts()]);
    expect([...a, ...b].filter((id) => id === postId)).toHaveLength(1);
    expect(await server.services.blogs.publishDuePosts()).not.toContain(postId);
    const outboxAfter = await server.services.db.searchOutbox.count({ where: { entityType: "blog_post", entityId: String(postId) } });
    expect(outboxAfter - outboxBefore).toBe(1);
    expect(await statusOf(fetch(server.url + url))).toBe(200);
    const published = await server.services.db.blogPost.findUniqueOrThrow({ where: { id: postId } });
    expect(published.status).toBe("published");
    expect(published.publishedAt).not.toBeNull();
  });

  it("threads comments one level deep: a reply to a reply joins the top comment", async () => {
    const { url, postId } = await write(author, { title: "Comments one level deep" });
    const first = await reader.client.post(url, { intent: "comment", body: "Top comment from the reader" });
    expect(first.status).toBe(302);
    const top = await server.services.db.blogComment.findFirstOrThrow({ where: { postId }, orderBy: { id: "desc" } });
    await author.client.post(url, { intent: "comment", body: "Reply from the author", parentId: String(top.id) });
    const reply = await server.services.db.blogComment.findFirstOrThrow({ where: { postId }, orderBy: { id: "desc" } });
    expect(reply.parentId).toBe(top.id);
    await reader.client.post(url, { intent: "comment", body: "Reply to the reply", parentId: String(reply.id) });
    const replyToReply = await server.services.db.blogComment.findFirstOrThrow({ where: { postId }, orderBy: { id: "desc" } });
    expect(replyToReply.parentId).toBe(top.id);
    const html = await text(await fetch(server.url + url));
    expect(html).toContain("Comments (3)");
    expect(html.indexOf("Top comment from the reader")).toBeLessThan(html.indexOf("Reply from the author"));
    // Anonymous readers cannot comment.
    const anon = await fetch(server.url + url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url }, body: "intent=comment&body=spam", redirect: "manual" });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toContain("/sign-in");
    const empty = await reader.client.post(url, { intent: "comment", body: "   " });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("Enter your comment");

    // Only the comment's author, the post's author or a facilitator may remove a comment.
    const refused = await reader.client.post(url, { intent: "delete-comment", commentId: String(reply.id) });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("Only the comment");
    expect(await statusOf(author.client.post(url, { intent: "delete-comment", commentId: String(top.id) }))).toBe(302);
    // The top comment goes with its replies.
    expect(await server.services.db.blogComment.count({ where: { postId } })).toBe(0);
    expect((await server.services.db.blogPost.findUniqueOrThrow({ where: { id: postId } })).commentCount).toBe(0);
  });

  it("counts likes once per member and never the author's own", async () => {
    const { url, postId } = await write(author, { title: "Likes are counted once" });
    expect(await statusOf(reader.client.post(url, { intent: "like" }))).toBe(302);
    expect((await server.services.db.blogPost.findUniqueOrThrow({ where: { id: postId } })).likeCount).toBe(1);
    const own = await author.client.post(url, { intent: "like" });
    expect(own.status).toBe(409);
    await reader.client.post(url, { intent: "like" });
    expect((await server.services.db.blogPost.findUniqueOrThrow({ where: { id: postId } })).likeCount).toBe(0);
  });

  it("sends new comments live to readers of the post over Socket.IO", async () => {
    const { url, postId } = await write(author, { title: "Live comments arrive" });
    const socket: Socket = io(server.url, { transports: ["websocket"], extraHeaders: { origin: server.url }, reconnection: false, forceNew: true });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      const joined = (await socket.timeout(5_000).emitWithAck("blog:join", { postId })) as { ok: boolean };
      expect(joined.ok).toBe(true);
      const arrived = new Promise<{ postId: number; bodyHtml: string; author: { handle: string } }>((resolve) => socket.once("blog:comment", resolve));
      await reader.client.post(url, { intent: "comment", body: "Arrives **live**" });
      const comment = await arrived;
      expect(comment.postId).toBe(postId);
      expect(comment.bodyHtml).toContain("<strong>live</strong>");
      expect(comment.author.handle).toBe(reader.handle);
      // A draft's room cannot be joined by an anonymous reader.
      const draft = await write(author, { title: "Draft room is closed", intent: "draft" });
      const refused = (await socket.timeout(5_000).emitWithAck("blog:join", { postId: draft.postId })) as { ok: boolean };
      expect(refused.ok).toBe(false);
    } finally {
      socket.disconnect();
    }
  });

  it("lets only facilitators write on the News blog, with numbered issues and previous/next links", async () => {
    const refused = await reader.client.post("/blogs/write", postForm({ blog: "news", title: "Fake weekly update" }));
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Only facilitators can write on the News blog");
    const issue = (n: number) => facilitator.client.post("/blogs/write", postForm({ blog: "news", category: "news", title: `Total Place weekly update ${n}`, issueNumber: String(n), highlights: `Highlight A of ${n}\nHighlight B of ${n}` }));
    const r41 = await issue(41);
    const r42 = await issue(42);
    // The write form suggests the next issue number, and a number already used is refused.
    expect(await text(await facilitator.client.get("/blogs/write?blog=news"))).toMatch(/id="issueNumber"[^>]*value="43"/);
    const again = await issue(42);
    expect(again.status).toBe(422);
    expect(await again.text()).toContain("Weekly update 42 already exists");
    const preview = await text(await facilitator.client.post("/blogs/write", postForm({ blog: "news", intent: "preview", title: "Weekly update preview", highlights: "- First highlight\nSecond highlight" })));
    expect(preview).toMatch(/highlights<\/h4><ul[^>]*><li>First highlight<\/li><li>Second highlight<\/li>/);
    const url41 = r41.headers.get("location")!;
    const url42 = r42.headers.get("location")!;
    expect(url41).toMatch(/^\/news\/\d+-total-place-weekly-update-41$/);
    const page41 = await text(await fetch(server.url + url41));
    expect(page41).toContain("Weekly update 41");
    expect(page41).toContain("Highlight A of 41");
    expect(page41).toContain("Next issue");
    expect(page41).toContain(url42);
    const page42 = await (await fetch(server.url + url42)).text();
    expect(page42).toContain("Previous issue");
    expect(page42).toContain(url41);
    const news = await (await fetch(`${server.url}/news`)).text();
    expect(news).toContain("Total Place weekly update 42");
    // The home page shows the latest weekly update with its highlights.
    const home = await (await fetch(`${server.url}/`)).text();
    expect(home).toContain("Total Place weekly update 42");
    expect(home).toContain("Highlight B of 42");
  });

  it("accepts cover images by their bytes, not their names, and serves them with their type", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
    const upload = async (bytes: Uint8Array, name: string, type: string) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(postForm({ title: `Cover image test ${name}` }))) form.set(k, v);
      form.set("cover", new Blob([new Uint8Array(bytes)], { type }), name);
      return fetch(`${server.url}/blogs/write`, { method: "POST", body: form, redirect: "manual", headers: { origin: server.url, cookie: author.cookie } });
    };
    const fake = await upload(new TextEncoder().encode("<script>alert(1)</script>"), "evil.png", "image/png");
    expect(fake.status).toBe(422);
    expect(await fake.text()).toContain("must be a PNG, JPEG or WebP picture");
    const huge = new Uint8Array(5 * 1024 * 1024 + 10);
    huge.set(png);
    const tooLarge = await upload(huge, "huge.png", "image/png");
    expect(tooLarge.status).toBe(422);
    const tooLargeHtml = await tooLarge.text();
    expect(tooLargeHtml).toContain("The cover image must be 5 MB or smaller");
    // What the member typed is kept.
    expect(tooLargeHtml).toContain("Cover image test huge.png");
    const ok = await upload(png, "cover.txt", "text/plain");
    expect(ok.status).toBe(302);
    const postId = Number(ok.headers.get("location")!.match(/\/(\d+)-/)![1]);
    const img = await fetch(`${server.url}/blog-posts/${postId}/cover`);
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/png");
    expect(img.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await img.arrayBuffer()).equals(png)).toBe(true);
  });

  it("shows signed-in members what is new since their last visit", async () => {
    const member = await newMember(server, { fullName: "Returning Member" });
    const writer = await newMember(server, { fullName: "Away Writer" });
    // A visit that ended two hours ago.
    await server.services.db.user.update({ where: { id: member.caller.id }, data: { lastVisitAt: new Date(Date.now() - 2 * 3_600_000) } });
    await write(writer, { title: "Written while they were away" });
    const home = await (await member.client.get("/")).text();
    expect(home).toContain("Since your last visit");
    expect(home).toContain("Written while they were away");
    const stored = await server.services.db.user.findUniqueOrThrow({ where: { id: member.caller.id } });
    expect(stored.previousVisitAt!.getTime()).toBeLessThan(Date.now() - 3_600_000);
    expect(stored.lastVisitAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("indexes published posts only, and lets the author delete a post", async () => {
    const live = await write(author, { title: "Indexed for search", body: "Searchable **text** about NEET young people." });
    const draft = await write(author, { title: "Not indexed while a draft", intent: "draft" });
    const [record] = await blogSearchSource.records(server.services.db, String(live.postId));
    expect(record).toMatchObject({ id: `blog_post:${live.postId}`, entity: `blog_post:${live.postId}`, type: "blog", title: "Indexed for search", url: live.url, visibility: "public" });
    expect(record.body).toContain("Searchable text about NEET young people.");
    expect(record.body).not.toContain("**");
    expect(await blogSearchSource.records(server.services.db, String(draft.postId))).toEqual([]);
    const ids: string[] = [];
    for await (const batch of blogSearchSource.allIds(server.services.db)) ids.push(...batch);
    expect(ids).toContain(String(live.postId));
    expect(ids).not.toContain(String(draft.postId));

    expect(await statusOf(reader.client.post(live.url, { intent: "delete" }))).toBe(409);
    const deleted = await author.client.post(live.url, { intent: "delete" });
    expect(deleted.status).toBe(302);
    expect(deleted.headers.get("location")).toBe(`/blogs/${author.handle}`);
    expect(await statusOf(fetch(server.url + live.url))).toBe(404);
    expect(await blogSearchSource.records(server.services.db, String(live.postId))).toEqual([]);
  });
});
