import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrated, launchBrowser, newContext, SCREENSHOT_DIR, screenshot, shareSession } from "../fixtures/browser.ts";
import { createEvent, eventForm } from "../fixtures/event.ts";
import { makeFacilitator, startThread } from "../fixtures/forum.ts";
import { Browserless } from "../fixtures/http.ts";
import { startTestServer, type TestServer } from "../fixtures/server.ts";

/**
 * Accessibility: axe-core on every main page (signed in and out, with form errors shown), failing on any
 * "serious" or "critical" violation, and a keyboard walk through a thread page. Each page is also saved
 * as a full-page screenshot in tests/e2e/screenshots/ for people to look at.
 */

let server: TestServer;
let browser: Browser;
let anon: BrowserContext;
let member: BrowserContext;
let facilitator: BrowserContext;
let forumSlug: string;
let threadPath: string;
let alice: { handle: string; client: Browserless };
let firstPostId: number;
let eventPath: string;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startTestServer({ seed: false });

  const fac = await makeFacilitator(server);
  const created = await fac.client.post("/forums/new", { name: "Children's services", description: "Early help, troubled families and joined-up commissioning across each place.", kind: "theme" });
  expect(created.status).toBe(302);
  forumSlug = created.headers.get("location")!.replace("/forums/", "");
  await fac.client.post("/forums/new", { name: "Kent", description: "The Kent Total Place pilot: counting spend and redesigning services with partners.", kind: "place" });

  const a = new Browserless(server.url);
  const me = await a.signUp({ fullName: "Alice Ward", organisation: "Kent County Council" });
  alice = { handle: me.handle, client: a };
  const thread = await startThread(
    a,
    forumSlug,
    "Pooled budgets for troubled families",
    "How have you pooled budgets across agencies?\n\n- Which partners joined?\n- Who held the money?\n\nSee the [practitioner's guide](https://example.org/guide).",
  );
  threadPath = thread.url.split("#")[0];
  firstPostId = (await server.services.db.post.findFirstOrThrow({ where: { threadId: thread.threadId, number: 1 }, select: { id: true } })).id;

  // Enough replies from several members for a second page, with quotes, code, tables and a like.
  const bob = new Browserless(server.url);
  await bob.signUp({ fullName: "Bob Singh", organisation: "Bradford Council" });
  const carol = new Browserless(server.url);
  await carol.signUp({ fullName: "Carol Jones", organisation: "NHS Croydon" });
  const bodies = [
    `> **@${me.handle}** [wrote](/p/${firstPostId}):\n> How have you pooled budgets across agencies?\n\nWe used a section 75 agreement with the PCT.`,
    "| Agency | Share |\n| --- | --- |\n| Council | 60% |\n| PCT | 30% |\n| Police | 10% |",
    "The spreadsheet formula we used:\n\n```\n=SUMIF(A:A, \"Kent\", C:C)\n```",
  ];
  const dave = new Browserless(server.url);
  await dave.signUp({ fullName: "Dev Patel", organisation: "Lewisham Council" });
  // Three writers, seven replies each: under the 8-posts-a-minute limit per member.
  const writers = [bob, carol, dave];
  for (let i = 0; i < 21; i++) {
    const res = await writers[i % 3].post(threadPath, { intent: "reply", body: bodies[i] ?? `Reply ${i + 1}: what worked for us was a shared outcomes framework and **one** budget holder.` });
    expect(res.status).toBe(302);
  }
  const secondPostId = (await server.services.db.post.findFirstOrThrow({ where: { threadId: thread.threadId, number: 2 }, select: { id: true } })).id;
  expect((await a.post(threadPath, { intent: "like", postId: String(secondPostId) })).status).toBe(200);
  // An edited post, so "edited" and the facilitator's history link show.
  expect((await a.post(`/posts/${firstPostId}/edit`, { body: "How have you pooled budgets across agencies?\n\n- Which partners joined?\n- Who held the money?" })).status).toBe(302);

  eventPath = (await createEvent(fac.client, eventForm({ title: "National members' event", capacity: "40" }))).url;
  expect((await a.post(eventPath, { status: "going" })).status).toBe(200);

  anon = await newContext(browser, server.url);
  member = await newContext(browser, server.url);
  await shareSession(member, a);
  facilitator = await newContext(browser, server.url);
  await shareSession(facilitator, fac.client);
});

afterAll(async () => {
  await anon?.close();
  await member?.close();
  await facilitator?.close();
  await browser?.close();
  await server?.stop();
});

type Violation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

function describeViolations(violations: Violation[]) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `    - ${n.target.join(" ")}\n      ${n.failureSummary?.replace(/\n/g, "\n      ")}`)
        .join("\n");
      return `[${v.impact}] ${v.id}: ${v.help}\n  ${v.helpUrl}\n${nodes}${v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : ""}`;
    })
    .join("\n\n");
}

/** Runs axe on the page, saves a screenshot, and fails on serious or critical violations. */
async function audit(page: Page, name: string) {
  await screenshot(page, name);
  // Legacy mode runs axe in the page itself instead of finishing in a fresh blank page: half the time, and
  // our pages have no cross-origin frames for the newer mode to reach.
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const minor = results.violations.filter((v) => !blocking.includes(v));
  if (minor.length) console.info(`axe: minor/moderate issues on ${name} (not failing):\n${describeViolations(minor)}`);
  if (blocking.length) throw new Error(`axe found ${blocking.length} serious/critical violation(s) on ${name} (${page.url()}):\n\n${describeViolations(blocking)}`);
  expect(results.passes.length).toBeGreaterThan(10);
}

async function open(context: BrowserContext, path: string, expectStatus = 200) {
  const page = await context.newPage();
  const res = await page.goto(path);
  expect(res?.status()).toBe(expectStatus);
  await hydrated(page);
  return page;
}

type Step = { name: string; prepare: (page: Page) => Promise<void> };
/** Each entry is one page load; `then` audits a further state of the same page (errors shown, say). */
const pages: { name: string; context: () => BrowserContext; path: () => string; status?: number; prepare?: (page: Page) => Promise<void>; then?: Step }[] = [
  { name: "home", context: () => anon, path: () => "/" },
  { name: "forums", context: () => anon, path: () => "/forums" },
  { name: "forum", context: () => member, path: () => `/forums/${forumSlug}` },
  { name: "thread-signed-out", context: () => anon, path: () => threadPath },
  {
    name: "thread-signed-in",
    context: () => member,
    path: () => `${threadPath}?page=2`,
    then: {
      name: "thread-reply-error",
      prepare: async (page) => {
        await page.getByRole("button", { name: "Post reply" }).click();
        await page.getByRole("alert").filter({ hasText: "There is a problem" }).waitFor();
      },
    },
  },
  {
    name: "thread-facilitator-tools-open",
    context: () => facilitator,
    path: () => threadPath,
    prepare: async (page) => {
      await page.getByText("Facilitator tools").click();
      await page.getByLabel("Move thread to").waitFor();
    },
  },
  {
    name: "sign-in",
    context: () => anon,
    path: () => "/sign-in",
    then: {
      name: "sign-in-errors",
      prepare: async (page) => {
        await page.getByLabel("Email address").fill("nobody@example.org");
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.getByRole("alert").filter({ hasText: "There is a problem" }).waitFor();
      },
    },
  },
  {
    name: "sign-up",
    context: () => anon,
    path: () => "/sign-up",
    then: {
      name: "sign-up-errors",
      prepare: async (page) => {
        await page.getByLabel("Full name").fill("Priya Shah");
        await page.getByLabel("Email address").fill("not-an-email");
        await page.getByLabel("Password").fill("short");
        await page.getByRole("button", { name: "Create account" }).click();
        await page.getByRole("alert").filter({ hasText: "There is a problem" }).waitFor();
      },
    },
  },
  { name: "new-thread", context: () => member, path: () => `/forums/${forumSlug}/new` },
  { name: "edit-post", context: () => member, path: () => `/posts/${firstPostId}/edit` },
  { name: "post-history", context: () => facilitator, path: () => `/posts/${firstPostId}/history` },
  // Seen by a facilitator, the profile also has the role form.
  { name: "member-profile", context: () => facilitator, path: () => `/members/${alice.handle}` },
  { name: "member-profile-welcome", context: () => member, path: () => `/members/${alice.handle}?welcome=1` },
  { name: "events", context: () => anon, path: () => "/events" },
  { name: "event-member", context: () => member, path: () => eventPath },
  { name: "event-live-thread", context: () => facilitator, path: () => `${eventPath}/live` },
  { name: "event-live-thread-member", context: () => member, path: () => `${eventPath}/live` },
  { name: "event-live-panel-view", context: () => facilitator, path: () => `${eventPath}/live/panel` },
  {
    name: "new-event",
    context: () => facilitator,
    path: () => "/events/new",
    then: {
      name: "new-event-errors",
      prepare: async (page) => {
        await page.getByLabel("Event title").fill("Workshop");
        await page.getByRole("button", { name: "Create event" }).click();
        await page.getByRole("alert").filter({ hasText: "There is a problem" }).waitFor();
      },
    },
  },
  {
    name: "not-found",
    context: () => anon,
    path: () => "/no-such-page",
    status: 404,
    prepare: async (page) => {
      await page.getByRole("heading", { name: "Page not found", level: 1 }).waitFor();
      // Readers get advice, not the router's internal message.
      expect(await page.getByText("No route matches").count()).toBe(0);
      await page.getByText("If you typed the web address, check it is correct.").waitFor();
    },
  },
];

describe("accessibility (axe-core: no serious or critical violations)", () => {
  for (const p of pages) {
    it(p.then ? `${p.name}, then ${p.then.name}` : p.name, async () => {
      const page = await open(p.context(), p.path(), p.status);
      try {
        await p.prepare?.(page);
        await audit(page, p.name);
        if (p.then) {
          await p.then.prepare(page);
          await audit(page, p.then.name);
        }
      } finally {
        await page.close();
      }
    });
  }
});

describe("keyboard", () => {
  /** The focused element's look, and its look once blurred: a visible focus indicator must differ. */
  async function focusLook(page: Page) {
    return page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const look = () => {
        const cs = getComputedStyle(el);
        return { outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`, boxShadow: cs.boxShadow, background: cs.backgroundColor, color: cs.color };
      };
      const focused = look();
      el.blur();
      const blurred = look();
      el.focus();
      const visibleOutline = focused.outline.split(" ")[0] !== "none" && !/^none|\s0px\s/.test(focused.outline) && !/rgba\(\d+, \d+, \d+, 0\)|transparent/.test(focused.outline);
      const r = el.getBoundingClientRect();
      return {
        tag: el.tagName.toLowerCase(),
        text: (el.textContent ?? "").trim(),
        indicator: visibleOutline || focused.boxShadow !== "none" ? "outline or shadow" : focused.background !== blurred.background ? "background" : "none",
        changes: JSON.stringify(focused) !== JSON.stringify(blurred),
        onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight,
      };
    });
  }

  it("tabs from the top of a thread page to the skip link, the reply box and the Post reply button, with visible focus", async () => {
    const page = await open(member, `${threadPath}?page=2`);
    try {
      // From the top of the page, the first Tab reaches the skip link, which becomes visible.
      await page.keyboard.press("Tab");
      const skip = page.getByRole("link", { name: "Skip to main content" });
      await expect.poll(() => skip.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await focusLook(page)).toMatchObject({ indicator: expect.not.stringMatching(/^none$/), changes: true, onScreen: true });
      await page.screenshot({ path: `${SCREENSHOT_DIR}/keyboard-skip-link.png` });

      // Following it moves focus to the main content.
      await page.keyboard.press("Enter");
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("main-content");

      // Tabbing on through the posts reaches the reply box, then the button; every stop shows focus.
      const box = page.getByLabel("Your reply");
      const stops: string[] = [];
      for (let i = 0; i < 120 && !(await box.evaluate((el) => el === document.activeElement)); i++) {
        await page.keyboard.press("Tab");
        const look = await focusLook(page);
        stops.push(`${look.tag} "${look.text.slice(0, 40)}" → ${look.indicator}`);
        if (look.indicator === "none" || !look.changes) throw new Error(`No visible focus on ${look.tag} "${look.text}". Tab stops so far:\n${stops.join("\n")}`);
      }
      expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await focusLook(page)).toMatchObject({ changes: true, onScreen: true });
      await page.keyboard.type("Typed with the keyboard only.");
      await page.screenshot({ path: `${SCREENSHOT_DIR}/keyboard-reply-box.png` });

      await page.keyboard.press("Tab");
      const button = page.getByRole("button", { name: "Post reply" });
      await expect.poll(() => button.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await focusLook(page)).toMatchObject({ indicator: expect.not.stringMatching(/^none$/), changes: true, onScreen: true });
      await page.screenshot({ path: `${SCREENSHOT_DIR}/keyboard-post-reply.png` });

      // And Enter on the button posts the reply.
      await page.keyboard.press("Enter");
      await page.getByRole("article", { name: "Alice Ward" }).getByText("Typed with the keyboard only.").waitFor();
    } finally {
      await page.close();
    }
  });
});
