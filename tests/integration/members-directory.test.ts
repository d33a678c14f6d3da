import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../fixtures/server.ts";
import { newMember, type Member } from "./_members.ts";

let server: TestServer;
let ada: Member;
let ben: Member;
let cara: Member;

const profileForm = (overrides: Record<string, string | string[]> = {}) => ({
  fullName: "Ada Lovelace",
  jobTitle: "Head of customer insight",
  organisation: "Bradford Metropolitan District Council",
  place: "Bradford",
  bio: "I lead **customer insight**.",
  ...overrides,
});

/** Posts a form that may repeat a field (checkboxes), as a browser does. */
async function postForm(member: Member, path: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return fetch(server.url + path, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url, cookie: member.cookie }, body });
}

async function uploadAvatar(member: Member, bytes: Uint8Array, type = "image/png") {
  const form = new FormData();
  form.append("intent", "upload-avatar");
  form.append("avatar", new Blob([Buffer.from(bytes)], { type }), "me.png");
  return fetch(`${server.url}/settings/profile`, { method: "POST", redirect: "manual", headers: { origin: server.url, cookie: member.cookie }, body: form });
}

beforeAll(async () => {
  server = await startTestServer({ env: { NOTIFY_SCHEDULER: "off" } });
  ada = await newMember(server, { fullName: "Ada Lovelace" });
  ben = await newMember(server, { fullName: "Ben Okafor", role: "facilitator" });
  cara = await newMember(server, { fullName: "Cara Jones" });
});
afterAll(async () => server?.stop());

describe("members directory and profiles", () => {
  it("edits a profile: bio Markdown is sanitized, place comes from the list, themes are kept", async () => {
    const saved = await postForm(ada, "/settings/profile", profileForm({ bio: "I lead **customer insight**.<script>alert(1)</script><img src=x onerror=alert(1)>", themeInterests: ["Customer insight", "Housing"] }));
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`/members/${ada.handle}?saved=1`);
    const page = await (await fetch(`${server.url}/members/${ada.handle}`)).text();
    expect(page).toContain("<strong>customer insight</strong>");
    expect(page).not.toContain("<script>alert");
    expect(page).not.toContain("onerror");
    expect(page).toContain("Customer insight, Housing");
    expect(page).toContain("Bradford Metropolitan District Council");

    const bad = await postForm(ada, "/settings/profile", profileForm({ place: "Atlantis", themeInterests: ["Knitting"] }));
    expect(bad.status).toBe(422);
    const text = await bad.text();
    expect(text).toContain("Select your place, or Other");
    expect(text).toContain("Choose themes from the list");
  });

  it("searches by name, organisation and job title, and filters by organisation, place, role and theme", async () => {
    await postForm(cara, "/settings/profile", profileForm({ fullName: "Cara Jones", jobTitle: "Housing strategy lead", organisation: "Kent County Council", place: "Kent", bio: "", themeInterests: ["Housing"] }));
    const list = async (query: string) => {
      const res = await fetch(`${server.url}/members?${query}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      return { html, names: [ada, ben, cara].filter((m) => html.includes(`href="/members/${m.handle}"`)).map((m) => m.caller.fullName) };
    };
    expect((await list("")).names).toEqual(["Ada Lovelace", "Ben Okafor", "Cara Jones"]);
    expect((await list("q=lovelace")).names).toEqual(["Ada Lovelace"]);
    expect((await list("q=bradford")).names).toEqual(["Ada Lovelace"]);
    expect((await list("q=strategy+lead")).names).toEqual(["Cara Jones"]);
    expect((await list("organisation=Kent+County+Council")).names).toEqual(["Ben Okafor", "Cara Jones"]);
    expect((await list("place=Bradford")).names).toEqual(["Ada Lovelace"]);
    expect((await list("role=facilitator")).names).toEqual(["Ben Okafor"]);
    expect((await list("theme=Housing")).names).toEqual(["Ada Lovelace", "Cara Jones"]);
    expect((await list("theme=Housing&place=Kent")).names).toEqual(["Cara Jones"]);
    const none = await list("q=nobody-by-this-name");
    expect(none.names).toEqual([]);
    expect(none.html).toContain("No members match");
    expect((await list("theme=Housing")).html).toContain("2 members found");
  });

  it("pages through a long directory", async () => {
    await server.services.db.user.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({ id: `bulk-${i}`, handle: `zz-bulk-${String(i).padStart(2, "0")}`, fullName: `Zed Bulk ${String(i).padStart(2, "0")}`, email: `bulk${i}@example.org`, passwordHash: "x", organisation: "Lewisham Council", jobTitle: "Analyst" })),
    });
    const first = await (await fetch(`${server.url}/members?organisation=Lewisham+Council`)).text();
    const second = await (await fetch(`${server.url}/members?organisation=Lewisham+Council&page=2`)).text();
    expect(first).toContain("30 members found");
    expect(first).toContain("Zed Bulk 00");
    expect(first).not.toContain("Zed Bulk 29");
    expect(second).toContain("Zed Bulk 29");
    expect(second).not.toContain("Zed Bulk 00");
    expect(await server.services.members.memberCount(null)).toBe(33);
  });

  it("uploads an avatar: resized to a square WebP, served with its type and nosniff; non-images refused", async () => {
    const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 29, g: 112, b: 184 } } }).png().toBuffer();
    const ok = await uploadAvatar(ada, png);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("Your picture has been updated");
    const profile = await (await fetch(`${server.url}/members/${ada.handle}`)).text();
    const src = /<img src="(\/members\/[^"]+\/avatar\?v=[^"]+)"/.exec(profile)?.[1];
    expect(src).toBeTruthy();
    const img = await fetch(server.url + src!.replace(/&amp;/g, "&"));
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/webp");
    expect(img.headers.get("x-content-type-options")).toBe("nosniff");
    const meta = await sharp(Buffer.from(await img.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 256, height: 256 });

    // An HTML file claiming to be a PNG is refused by its first bytes.
    const html = new TextEncoder().encode("<html><script>alert(1)</script></html>");
    const refused = await uploadAvatar(ben, html, "image/png");
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("must be a PNG, JPEG, GIF or WebP image");
    // A truncated PNG passes the magic-byte check but cannot be decoded.
    const broken = await uploadAvatar(ben, png.subarray(0, 40));
    expect(broken.status).toBe(422);
    await broken.text();
    const missing = await fetch(`${server.url}/members/${ben.handle}/avatar`);
    expect(missing.status).toBe(404);
    await missing.text();
  });
});
