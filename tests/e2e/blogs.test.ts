import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrated, launchBrowser, newContext, screenshot, shareSession } from "../fixtures/browser.ts";
import { Browserless } from "../fixtures/http.ts";
import { startTestServer, type TestServer } from "../fixtures/server.ts";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startTestServer({ seed: false });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Fails on any serious or critical axe-core violation, naming the rule and the elements. */
async function expectAccessible(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(blocking.map((v) => `${name}: ${v.id} – ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  expect(results.passes.length).toBeGreaterThan(10);
}

let postPath = "";

describe("blogs in the browser", () => {
  it("writes, previews and publishes a post; a comment arrives live for another reader", async () => {
    const authorClient = new Browserless(server.url);
    const author = await authorClient.signUp({ fullName: "Amina Hussain" });
    const readerClient = new Browserless(server.url);
    await readerClient.signUp({ fullName: "Rob Reader" });
    const authorContext = await newContext(browser, server.url);
    const readerContext = await newContext(browser, server.url);
    await shareSession(authorContext, authorClient);
    await shareSession(readerContext, readerClient);
    try {
      const page = await authorContext.newPage();
      await page.goto("/blogs/write");
      await hydrated(page);
      await page.getByLabel("Title").fill("What the count taught us");
      await page.getByLabel("Your post").fill("We found **£7bn** of public money.\n\n- one\n- two");
      await page.getByLabel("Tags (optional)").fill("counting spend, Kent");
      await page.getByRole("button", { name: "Preview" }).click();
      const preview = page.getByRole("region", { name: "Preview" });
      await preview.waitFor();
      await expect.poll(() => preview.locator("strong").textContent()).toBe("£7bn");
      // The form keeps what was typed.
      expect(await page.getByLabel("Title").inputValue()).toBe("What the count taught us");
      await screenshot(page, "blog-preview");

      await page.getByRole("button", { name: "Publish now" }).click();
      await page.waitForURL(new RegExp(`/blogs/${author.handle}/\\d+-what-the-count-taught-us$`));
      await page.getByRole("heading", { level: 1, name: "What the count taught us" }).waitFor();
      const postUrl = new URL(page.url()).pathname;
      postPath = postUrl;

      const reader = await readerContext.newPage();
      await reader.goto(postUrl);
      await hydrated(reader);
      // The page has joined the post's live room.
      await reader.locator('#comments-live[data-joined="yes"]').waitFor({ state: "attached" });
      await reader.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

      await page.getByLabel("Your comment").fill("Thanks for reading – questions welcome");
      await page.getByRole("button", { name: "Post comment" }).click();
      await reader.getByText("Thanks for reading – questions welcome").waitFor();
      await reader.getByText("1 new comment arrived.").waitFor();
      // Updated in place, not reloaded.
      expect(await reader.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true)).toBe(true);
      await screenshot(reader, "blog-live-comment");
    } finally {
      await authorContext.close();
      await readerContext.close();
    }
  });

  it("has no serious accessibility problems on the blog, news, write, post and home pages", async () => {
    const client = new Browserless(server.url);
    await client.signUp({ fullName: "Axe Reader" });
    const context = await newContext(browser, server.url);
    await shareSession(context, client);
    try {
      const page = await context.newPage();
      for (const path of ["/", "/blogs", "/news", postPath, "/blogs/write"]) {
        await page.goto(path);
        await hydrated(page);
        await expectAccessible(page, path);
      }
      // The write form with its error summary and a preview.
      await page.getByRole("button", { name: "Publish now" }).click();
      await page.getByRole("alert").waitFor();
      await expectAccessible(page, "write form with errors");
      await page.getByLabel("Your post").fill("Some **bold** text");
      await page.getByRole("button", { name: "Preview" }).click();
      await page.getByRole("region", { name: "Preview" }).waitFor();
      await expectAccessible(page, "write form with preview");
    } finally {
      await context.close();
    }
  });
});
