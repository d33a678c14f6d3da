import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrated, launchBrowser, newContext, shareSession } from "../fixtures/browser.ts";
import { makeForum } from "../fixtures/forum.ts";
import { Browserless } from "../fixtures/http.ts";
import { startTestServer, type TestServer } from "../fixtures/server.ts";

/**
 * Hostile Markdown and HTML, rendered in a real browser. Every payload, if it ever ran, would set
 * `window.__pwned` (or its parent's) or open a dialog; the page is watched for both while it is loaded,
 * hydrated, re-read live, quoted, edited and while every link in the posts is clicked.
 */

const hostileTitle = `Budgets <img src=x onerror="window.__pwned='title'"> <script>window.__pwned='title2'</script>`;
const hostileName = `Eve "><img src=x onerror="window.__pwned='name'">`;

// Markup: tags, handlers, frames, styles, parser-confusion (mXSS) tricks.
const postMarkup = [
  "Opening post with hostile markup.",
  "<script>window.__pwned=1</script>",
  '<img src=x onerror="window.__pwned=2">',
  "<img src=x onerror=alert('img-alert')>",
  '<svg onload="window.__pwned=3"><circle r="10"/></svg>',
  "<svg><script>window.__pwned=4</script></svg>",
  '<iframe src="javascript:parent.__pwned=5"></iframe>',
  '<iframe srcdoc="<script>parent.__pwned=6</script>"></iframe>',
  '<object data="javascript:parent.__pwned=7"></object>',
  '<embed src="javascript:parent.__pwned=8">',
  `<div style="background:url('javascript:window.__pwned=9');position:fixed;inset:0;z-index:9999">styled overlay</div>`,
  "<style>body{display:none}</style>",
  '<details open ontoggle="window.__pwned=10"><summary>toggle</summary>x</details>',
  '<input autofocus onfocus="window.__pwned=11">',
  '<form action="javascript:window.__pwned=12"><button>Submit form</button></form>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=13"></style></mglyph></table></mtext></math>',
  '<noscript><p title="</noscript><img src=x onerror=window.__pwned=14>"></noscript>',
  '<base href="javascript:window.__pwned=15//">',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=16">',
  '<body onload="window.__pwned=17">',
  '<marquee onstart="window.__pwned=18">marquee</marquee>',
  '<p onmouseover="window.__pwned=19" onclick="window.__pwned=19">hover paragraph</p>',
  '<a href="https://example.org/styled" style="position:fixed;top:0;left:0;width:100%;height:100%">full-page link</a>',
].join("\n\n");

// Links: javascript:, data:, vbscript: in every spelling Markdown and HTML allow.
const postLinks = [
  "Links:",
  "[md javascript link](javascript:window.__pwned=20)",
  "[md spaced javascript link](<  javascript:window.__pwned=21>)",
  "[md entity javascript link](&#106;avascript:window.__pwned=22)",
  "[md colon entity link](javascript&colon;window.__pwned=23)",
  "[md data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgyNCk8L3NjcmlwdD4=)",
  "[md vbscript link](vbscript:msgbox(25))",
  '<a href="javascript:window.__pwned=26">html javascript link</a>',
  '<a href="JaVaScRiPt:window.__pwned=27">html mixed case link</a>',
  '<a href="jav&#x09;ascript:window.__pwned=28">html tab entity link</a>',
  '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;window.__pwned=29">html hex entity link</a>',
  '<a href="data:text/html,<script>alert(30)</script>">html data link</a>',
  '<a href="#" onclick="window.__pwned=31;return false">html onclick link</a>',
  '<a href="https://example.org/blank" target="_blank" onmouseover="window.__pwned=32">html target blank link</a>',
  "<javascript:window.__pwned=33>",
  "[md reference javascript link][evil]",
  "",
  "[evil]: javascript:window.__pwned=34",
].join("\n\n");

// Markdown image and escaping tricks, and text that must survive as text.
const postTricks = [
  "Tricks:",
  '![md image onerror](x" onerror="window.__pwned=40)',
  "![md javascript image](javascript:window.__pwned=41)",
  "![md svg data image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDQyKSIvPg==)",
  "[![nested image link](x)](javascript:window.__pwned=43)",
  '[md title attribute link](https://example.org/title "a\\" onmouseover=\\"window.__pwned=44")',
  "Inline code: `<script>window.__pwned=45</script>`",
  "```html\n<script>window.__pwned=46</script>\n```",
  "</textarea><script>window.__pwned=47</script>",
  "</script><script>window.__pwned=48</script>",
  "<!--<img src=x onerror=window.__pwned=49>-->",
  '<a href="https://example.org/ok">a safe link</a>',
].join("\n\n");

const FORBIDDEN_TAGS = ["script", "iframe", "frame", "object", "embed", "svg", "math", "img", "style", "form", "input", "button", "textarea", "base", "meta", "link", "details", "marquee", "noscript", "body", "video", "audio", "source"];

// A string, not a function: transpilers may wrap functions in helpers the page does not have.
const TRAP = `
  Object.defineProperty(window, "__pwned", {
    configurable: true,
    get() { return window.__pwnedValue; },
    set(v) { window.__pwnedValue = v; if (window.__reportPwned) window.__reportPwned(String(v)); },
  });
`;

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let forumSlug: string;
let threadUrl = "";
const hits: string[] = [];
const dialogs: string[] = [];

function watch(page: Page) {
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => {});
  });
}

/** Reads the flag in every frame of the page too (payloads in frames write to `parent`). */
async function flagsIn(page: Page) {
  const found: unknown[] = [];
  for (const frame of page.frames()) {
    const v = await frame.evaluate(() => (window as unknown as { __pwnedValue?: unknown }).__pwnedValue).catch(() => undefined);
    if (v !== undefined) found.push(v);
  }
  return found;
}

async function expectNothingRan(page: Page, where: string) {
  expect({ where, hits, dialogs, flags: await flagsIn(page) }).toEqual({ where, hits: [], dialogs: [], flags: [] });
}

async function trapContext(ctx: BrowserContext) {
  // Any write to window.__pwned, in any frame, is reported to the test at once — even if the page then navigates.
  await ctx.exposeFunction("__reportPwned", (value: unknown) => void hits.push(String(value)));
  await ctx.addInitScript(TRAP);
  // Nothing leaves the machine: off-site links get a stub page.
  await ctx.route(
    (url) => url.origin !== new URL(server.url).origin,
    (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Off-site</title><p>Off-site stub</p>" }),
  );
  ctx.on("page", watch);
}

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startTestServer({ seed: false });
  forumSlug = await makeForum(server, "Community safety");
  context = await newContext(browser, server.url);
  await trapContext(context);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

describe("hostile Markdown and HTML in posts", () => {
  it("the trap itself notices a payload that runs (self-test of this harness)", async () => {
    const page = await context.newPage();
    await page.goto("/");
    await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", `<img src="data:," onerror="window.__pwned='self-test'; alert('self-test')">`));
    await expect.poll(() => [...hits, ...dialogs]).toEqual(["self-test", "alert: self-test"]);
    await page.close();
    hits.length = 0;
    dialogs.length = 0;
  });

  it("stores hostile posts written through the UI and over HTTP", async () => {
    const author = new Browserless(server.url);
    await author.signUp({ fullName: "Mallory Hacker" });
    await shareSession(context, author);
    const page = await context.newPage();
    await page.goto(`/forums/${forumSlug}`);
    await hydrated(page);
    await page.getByRole("link", { name: "Start a new thread" }).click();
    await page.getByLabel("Title").fill(hostileTitle);
    await page.getByLabel("Message").fill(postMarkup);
    await page.getByRole("button", { name: "Post thread" }).click();
    await page.waitForURL(/\/t\/\d+-/);
    threadUrl = new URL(page.url()).pathname;
    await page.getByRole("heading", { level: 1, name: hostileTitle }).waitFor();

    const eve = new Browserless(server.url);
    await eve.signUp({ fullName: hostileName });
    for (const body of [postLinks, postTricks]) {
      const res = await eve.post(threadUrl, { intent: "reply", body });
      expect(res.status).toBe(302);
    }
    await expectNothingRan(page, "posting");
    await page.close();
  });

  it("renders the thread with nothing executed, only text and safe markup in the posts", async () => {
    const page = await context.newPage();
    await page.goto(threadUrl);
    await hydrated(page);
    // The posts are there, as text.
    await page.getByText("styled overlay").waitFor();
    await page.getByText("html javascript link").waitFor();
    await page.getByRole("link", { name: "a safe link" }).waitFor();
    expect(await page.getByRole("link", { name: "a safe link" }).getAttribute("rel")).toBe("nofollow ugc noopener");
    // Hostile text shows as text: the title, the member's name, code samples.
    await page.getByRole("heading", { level: 1, name: hostileTitle }).waitFor();
    await page.getByRole("heading", { name: hostileName }).first().waitFor();
    await page.locator("code", { hasText: "<script>window.__pwned=45</script>" }).waitFor();
    await page.locator("pre code", { hasText: "<script>window.__pwned=46</script>" }).waitFor();
    expect(await page.title()).toContain("<script>window.__pwned='title2'</script>");

    const offences = await page.evaluate((forbidden) => {
      const found: string[] = [];
      for (const body of document.querySelectorAll(".tpc-post__body")) {
        for (const el of body.querySelectorAll("*")) {
          const tag = el.tagName.toLowerCase();
          if (forbidden.includes(tag)) found.push(`<${tag}>`);
          for (const attr of el.attributes) {
            if (/^on/i.test(attr.name) || ["style", "src", "srcdoc", "srcset", "target", "formaction", "action", "data", "xlink:href"].includes(attr.name)) found.push(`<${tag} ${attr.name}="${attr.value}">`);
            // Relative hrefs are fine (they stay on this site); what matters is the scheme the browser resolves.
            if (attr.name === "href" && !["http:", "https:", "mailto:"].includes(new URL(attr.value, location.href).protocol)) found.push(`<${tag} href="${attr.value}">`);
          }
        }
      }
      return found;
    }, FORBIDDEN_TAGS);
    expect(offences).toEqual([]);

    // Nothing covers the page: the header link is still the top element where it sits.
    const covered = await page.evaluate(() => {
      const link = document.querySelector(".tpc-header__service")!;
      const r = link.getBoundingClientRect();
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return top === link || link.contains(top);
    });
    expect(covered).toBe(true);

    // A live re-read (another reply arrives) re-renders the posts; still nothing runs.
    const late = new Browserless(server.url);
    await late.signUp({ fullName: "Late Reader" });
    await late.post(threadUrl, { intent: "reply", body: "A late, harmless reply." });
    await page.getByText("A late, harmless reply.").waitFor();
    await expectNothingRan(page, "thread page");
    await page.close();
  });

  it("clicking every link in the posts runs nothing", async () => {
    const page = await context.newPage();
    await page.goto(threadUrl);
    await hydrated(page);
    const links = page.locator(".tpc-post__body a");
    const count = await links.count();
    expect(count).toBeGreaterThan(10);
    const clicked: string[] = [];
    for (let i = 0; i < count; i++) {
      if (new URL(page.url()).pathname !== threadUrl) {
        await page.goto(threadUrl);
        await hydrated(page);
      }
      const link = links.nth(i);
      // A link left empty (its image stripped) cannot be clicked by a person either; its href is checked above.
      if (!(await link.isVisible())) continue;
      clicked.push(`${(await link.textContent())?.trim()} -> ${(await link.getAttribute("href")) ?? "(no href)"}`);
      await link.click();
      await page.waitForLoadState();
      await expectNothingRan(page, `after clicking ${clicked.at(-1)}`);
    }
    expect(clicked.length).toBeGreaterThan(10);
    // Off-site links were followed to the stub, internal ones stayed internal; no javascript: or data: page opened.
    for (const p of context.pages()) expect(p.url()).toMatch(/^(http:\/\/localhost:\d+\/|https:\/\/example\.org\/|about:blank)/);
    await page.close();
  });

  it("quoting and editing a hostile post keeps the source as text", async () => {
    const page = await context.newPage();
    await page.goto(threadUrl);
    await hydrated(page);
    const eve = page.getByRole("heading", { name: hostileName }).first();
    await eve.waitFor();
    // Quote post 3 (the escaping tricks) with JavaScript…
    await page.getByRole("link", { name: /^Quote post 3 by/ }).click();
    await expect.poll(() => page.getByLabel("Your reply").inputValue()).toContain("</textarea><script>window.__pwned=47</script>");
    // …and without: the server renders the quote into the reply box.
    await page.goto(`${threadUrl}?quote=${await postId(page, 3)}#reply`);
    await hydrated(page);
    expect(await page.getByLabel("Your reply").inputValue()).toContain("</script><script>window.__pwned=48</script>");
    await expectNothingRan(page, "quoting");

    // The author's edit page shows the hostile source in the textarea, as text.
    await page.goto(threadUrl);
    await page.getByRole("link", { name: "Edit post 1" }).click();
    await page.getByRole("heading", { name: "Edit post 1" }).waitFor();
    expect(await page.getByLabel("Message").inputValue()).toBe(postMarkup);
    await expectNothingRan(page, "edit page");

    // The forum list, the member's profile and the permalink show the title and name as text.
    await page.goto(`/forums/${forumSlug}`);
    await page.getByRole("link", { name: hostileTitle, exact: true }).click();
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.getByRole("link", { name: hostileName }).first().click();
    await page.getByRole("heading", { name: hostileName, level: 1 }).waitFor();
    await expectNothingRan(page, "forum, profile and thread pages");
    await page.close();
  });
});

async function postId(page: Page, number: number) {
  const id = await page.locator(".tpc-posts > li").nth(number - 1).getAttribute("id");
  return Number(id!.replace("post-", ""));
}
