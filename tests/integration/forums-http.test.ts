import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browserless } from "../fixtures/http.ts";
import { makeForum, startThread } from "../fixtures/forum.ts";
import { startTestServer, type TestServer } from "../fixtures/server.ts";

let server: TestServer;
let forum: string;

beforeAll(async () => {
  server = await startTestServer();
  forum = await makeForum(server);
});
afterAll(async () => server?.stop());

describe("forums over HTTP, without JavaScript", () => {
  it("serves health with the database checked", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe("ok");
  });

  it("lets a member start a thread and another reply, and renders both", async () => {
    const alice = new Browserless(server.url);
    const a = await alice.signUp({ fullName: "Alice Ward" });
    const { url } = await startThread(alice, forum, "Counting public spend in Kent", "We counted **£7bn** across agencies.");
    const bob = new Browserless(server.url);
    await bob.signUp({ fullName: "Bob Singh" });
    const threadId = url.match(/\/t\/(\d+)-/)![1];
    const reply = await bob.post(url.split("#")[0], { intent: "reply", body: `Thanks @${a.handle} – how did you count PCT spend?` });
    expect(reply.status).toBe(302);
    expect(reply.headers.get("location")).toMatch(/#post-\d+$/);
    const page = await (await alice.get(url)).text();
    expect(page).toContain("Counting public spend in Kent");
    expect(page).toContain("<strong>£7bn</strong>");
    expect(page).toContain(`href="/members/${a.handle}"`);
    expect(page).toContain("how did you count PCT spend?");
    expect(threadId).toBeTruthy();
  });

  it("keeps the text and explains the problem when a reply is empty or the title too short", async () => {
    const c = new Browserless(server.url);
    await c.signUp();
    const res = await c.post(`/forums/${forum}/new`, { title: "Hi", body: "My useful body text" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Enter a title of at least 5 characters");
    expect(html).toContain("My useful body text");
  });

  it("refuses cross-origin posts", async () => {
    const c = new Browserless(server.url);
    await c.signUp();
    const res = await c.post(`/forums/${forum}/new`, { title: "Cross-site attempt", body: "x" }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
  });

  it("never lets script, handlers, javascript: URLs, styles or iframes through", async () => {
    const c = new Browserless(server.url);
    await c.signUp();
    const hostile = [
      "<script>alert(1)</script>",
      '<img src=x onerror="alert(2)">',
      "[click](javascript:alert(3))",
      '<a href="javascript:alert(4)">x</a>',
      '<iframe src="https://evil.example"></iframe>',
      '<div style="position:fixed;top:0">overlay</div>',
      '<svg onload="alert(5)"></svg>',
      "<style>body{display:none}</style>",
      '<a href="https://example.org">ok link</a>',
    ].join("\n\n");
    const { url } = await startThread(c, forum, "Hostile markdown test", hostile);
    const html = await (await c.get(url)).text();
    const body = html.slice(html.indexOf('class="tpc-post__body'), html.indexOf("</article>"));
    expect(body).not.toMatch(/<script|onerror|onload|javascript:|<iframe|style=|<style|<svg/i);
    expect(body).toContain('rel="nofollow ugc noopener"');
  });

  it("rate limits sign-in per account with a clear message", async () => {
    const c = new Browserless(server.url);
    const me = await c.signUp();
    const other = new Browserless(server.url);
    let last: Response | null = null;
    for (let i = 0; i < 6; i++) last = await other.post("/sign-in", { email: me.email, password: "wrong password here" });
    const html = await last!.text();
    expect(html).toMatch(/Too many sign-in attempts\. Try again in \d+ minutes?/);
  });

  it("edits keep history for facilitators and show 'edited'; delete shows 'deleted by author'", async () => {
    const author = new Browserless(server.url);
    await author.signUp();
    const { url } = await startThread(author, forum, "Edit history check", "First version of the text");
    const postId = (await (await author.get(url)).text()).match(/id="post-(\d+)"/)![1];
    const edit = await author.post(`/posts/${postId}/edit`, { body: "Second version of the text" });
    expect(edit.status).toBe(302);
    const page = await (await author.get(url)).text();
    expect(page).toContain("Second version of the text");
    expect(page).toContain(">edited<");
    // Members cannot read history; facilitators can.
    expect((await author.get(`/posts/${postId}/history`)).status).toBe(403);
    const fac = new Browserless(server.url);
    const f = await fac.signUp();
    await server.services.db.user.update({ where: { handle: f.handle }, data: { role: "facilitator" } });
    const history = await (await fac.get(`/posts/${postId}/history`)).text();
    expect(history).toContain("First version of the text");
    const del = await author.post(url.split("#")[0], { intent: "delete", postId });
    expect(del.status).toBe(302);
    const after = await (await author.get(url)).text();
    expect(after).toContain("Deleted by author.");
    expect(after).not.toContain("Second version of the text");
  });
});
