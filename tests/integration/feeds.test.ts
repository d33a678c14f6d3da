import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, eventForm } from "../fixtures/event.ts";
import { parseFeed } from "../fixtures/feed.ts";
import { startThread } from "../fixtures/forum.ts";
import { startTestServer, type TestServer } from "../fixtures/server.ts";
import { newForum, newMember, type Member } from "./_members.ts";

let server: TestServer;
let author: Member;
let facilitator: Member;
let forumSlug: string;

const HOSTILE = `Spend & "savings" <script>alert('x')</script> ]]> \u0001`;

beforeAll(async () => {
  server = await startTestServer();
  author = await newMember(server, { fullName: `Amina <b>"Hussain"</b> & co` });
  facilitator = await newMember(server, { role: "facilitator" });
  forumSlug = (await newForum(server, facilitator)).slug;
  const write = (m: Member, form: Record<string, string>) => m.client.post("/blogs/write", { body: "Body with a [member link](/members/x) and **bold** & <i>tags</i>.", tags: "housing, a&b", category: "blessay", intent: "publish", ...form });
  expect(await statusOf(write(author, { title: HOSTILE }))).toBe(302);
  expect(await statusOf(write(author, { title: "A quiet second post" }))).toBe(302);
  expect(await statusOf(write(author, { title: "Still a draft, never in feeds", intent: "draft" }))).toBe(302);
  expect(await statusOf(write(facilitator, { title: "Total Place weekly update 41", blog: "news", category: "news", issueNumber: "41", highlights: "One\nTwo" }))).toBe(302);
  await startThread(facilitator.client, forumSlug, `Thread about ${HOSTILE}`, "Opening post with <b>html</b> & ampersands.");
  await createEvent(facilitator.client, eventForm({ title: "Customer insight masterclass & more" }));
  await server.services.library.createDocument(author.caller, { title: `Guide: ${HOSTILE}`, itemType: "guide", authors: "Jane Hargreaves\nTom Price", description: "How the pilots counted & pooled budgets.", themes: ["Housing"], places: ["Cumbria"], linkUrl: "https://example.org/guide" });
});
afterAll(async () => server?.stop());

async function fetchFeed(path: string) {
  const res = await fetch(server.url + path);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/atom+xml");
  const xml = await res.text();
  return { xml, ...(await parseFeed(xml, server.url + path)) };
}

function expectAbsolute(url: string) {
  expect(url).toMatch(/^http:\/\/(localhost|127\.0\.0\.1):\d+\//);
}

/** The status of a response, with its body read so the connection is free when the server closes. */
async function statusOf(res: Promise<Response>) {
  const r = await res;
  await r.arrayBuffer();
  return r.status;
}

describe("feeds", () => {
  it("publishes each member's blog as valid Atom with absolute links, escaping hostile titles and leaving out drafts", async () => {
    const { meta, items, xml } = await fetchFeed(`/blogs/${author.handle}/feed.xml`);
    expect(meta["#type"]).toBe("atom");
    expectAbsolute(meta.link);
    expectAbsolute(meta.xmlurl);
    expect(items.map((i) => i.title)).toContain("A quiet second post");
    // The title arrives as text: ampersands, quotes and "]]>" intact (feedparser itself strips tag-like
    // text from titles, so the escaped <script> shows in the raw XML instead); the control character is dropped.
    const hostile = items.find((i) => i.title.startsWith("Spend &"));
    expect(hostile?.title).toContain(`Spend & "savings"`);
    expect(hostile?.title).toContain("alert('x')");
    expect(hostile?.title).toContain("]]>");
    expect(xml).toContain("Spend &amp; &quot;savings&quot; &lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; ]]&gt; </title>");
    expect(items.map((i) => i.title)).not.toContain("Still a draft, never in feeds");
    for (const item of items) {
      expectAbsolute(item.link);
      expect(item.link).toContain(`/blogs/${author.handle}/`);
      expect(item.author).toContain(`Amina <b>"Hussain"</b> & co`);
      expect(item.categories).toContain("a&b");
      // Links inside the content are absolute too.
      expect(item.description).toContain(`href="${server.url}/members/x"`);
    }
    expect(xml).not.toContain("<script>");
  });

  it("publishes the News blog, every forum and upcoming events", async () => {
    const news = await fetchFeed("/news/feed.xml");
    expect(news.items.map((i) => i.title)).toEqual(["Total Place weekly update 41"]);
    expect(news.items[0].link).toMatch(/\/news\/\d+-total-place-weekly-update-41$/);
    expectAbsolute(news.items[0].link);

    const forum = await fetchFeed(`/forums/${forumSlug}/feed.xml`);
    expect(forum.items[0].title).toContain(`Thread about Spend & "savings"`);
    expect(forum.xml).toContain("Thread about Spend &amp; &quot;savings&quot; &lt;script&gt;");
    expectAbsolute(forum.items[0].link);
    expect(forum.items[0].description).toContain("Opening post with html &amp; ampersands.");

    // A thread hidden by a facilitator leaves the forum's feed.
    const hiddenThread = await startThread(facilitator.client, forumSlug, "A thread the facilitator hides", "Spam, spam and more spam here.");
    expect((await fetchFeed(`/forums/${forumSlug}/feed.xml`)).items.map((i) => i.title)).toContain("A thread the facilitator hides");
    const hide = await facilitator.client.post(hiddenThread.url, { intent: "moderate", action: "hide" });
    expect(hide.status).toBe(302);
    await hide.arrayBuffer();
    expect((await fetchFeed(`/forums/${forumSlug}/feed.xml`)).items.map((i) => i.title)).not.toContain("A thread the facilitator hides");

    const events = await fetchFeed("/events/feed.xml");
    expect(events.items.map((i) => i.title)).toContain("Customer insight masterclass & more");
    for (const item of events.items) expectAbsolute(item.link);
  });

  it("publishes new library documents", async () => {
    const library = await fetchFeed("/library/feed.xml");
    expect(library.meta["#type"]).toBe("atom");
    expectAbsolute(library.meta.link);
    expect(library.meta.link).toMatch(/\/library$/);
    const [guide] = library.items;
    expect(guide.title).toContain(`Guide: Spend & "savings"`);
    expect(library.xml).toContain("Guide: Spend &amp; &quot;savings&quot; &lt;script&gt;");
    expect(guide.link).toMatch(/\/library\/\d+-guide-spend-and-savings-script-alert-x-script$/);
    expectAbsolute(guide.link);
    expect(guide.author).toContain("Jane Hargreaves, Tom Price");
    expect(guide.summary).toBe("How the pilots counted & pooled budgets.");
    expect(guide.categories).toEqual(expect.arrayContaining(["Guide", "Housing", "Cumbria"]));
    expect(library.xml).not.toContain("<script>");
  });

  it("announces each feed on its page for feed readers (autodiscovery)", async () => {
    for (const [page, feed] of [[`/blogs/${author.handle}`, `/blogs/${author.handle}/feed.xml`], ["/news", "/news/feed.xml"], [`/forums/${forumSlug}`, `/forums/${forumSlug}/feed.xml`], ["/events", "/events/feed.xml"], ["/library", "/library/feed.xml"]]) {
      const html = await (await fetch(server.url + page)).text();
      expect(html, page).toMatch(new RegExp(`<link rel="alternate" type="application/atom\\+xml" title="[^"]*" href="${feed.replace(/[.]/g, "\\.")}"`));
    }
  });

  it("answers 404 for feeds of blogs and forums that do not exist", async () => {
    for (const path of ["/blogs/nobody-here/feed.xml", "/forums/no-such-forum/feed.xml"]) {
      const res = await fetch(server.url + path);
      expect(res.status).toBe(404);
      await res.text();
    }
  });
});
