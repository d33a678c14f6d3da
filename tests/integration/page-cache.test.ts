import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeForum, startThread } from "../fixtures/forum.ts";
import { Browserless } from "../fixtures/http.ts";
import { startTestServer, type TestServer } from "../fixtures/server.ts";

let server: TestServer;
let forum: string;

beforeAll(async () => {
  server = await startTestServer();
  forum = await makeForum(server);
});
afterAll(async () => server?.stop());

describe("anonymous page cache", () => {
  it("serves repeat anonymous views from cache and never a stale page after a reply, edit or like", async () => {
    const member = new Browserless(server.url);
    await member.signUp();
    const { url } = await startThread(member, forum, "Cache freshness thread", "Opening words");
    const path = url.split("#")[0];
    const anon = () => fetch(server.url + path);

    const first = await anon();
    expect(first.headers.get("x-page-cache")).toBe("miss");
    await first.text();
    const second = await anon();
    expect(second.headers.get("x-page-cache")).toBe("hit");
    expect(await second.text()).toContain("Opening words");

    await member.post(path, { intent: "reply", body: "A brand new reply from the field" });
    const afterReply = await anon();
    expect(afterReply.headers.get("x-page-cache")).toBe("miss");
    expect(await afterReply.text()).toContain("A brand new reply from the field");

    // The forum list shows the new activity too.
    const list = await (await fetch(`${server.url}/forums/${forum}`)).text();
    expect(list).toContain("1 reply");

    const liker = new Browserless(server.url);
    await liker.signUp();
    const postId = (await (await anon()).text()).match(/id="post-(\d+)"/)![1];
    await liker.post(path, { intent: "like", postId });
    expect(await (await anon()).text()).toContain("1 like");
  });

  it("never caches signed-in pages", async () => {
    const member = new Browserless(server.url);
    const me = await member.signUp();
    const res = await member.get(`/forums/${forum}`);
    expect(res.headers.get("x-page-cache")).toBeNull();
    expect(await res.text()).toContain(me.fullName);
  });
});
