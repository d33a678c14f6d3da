import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrated, launchBrowser, newContext, screenshot } from "../fixtures/browser.ts";
import { startTestServer, type TestServer } from "../fixtures/server.ts";
import { newForum, newMember } from "../integration/_members.ts";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startTestServer();
  const facilitator = await newMember(server, { role: "facilitator" });
  const member = await newMember(server, { fullName: "Amina Hussain" });
  const forum = await newForum(server, facilitator, "Worklessness");
  const first = await server.services.forums.createThread(member.caller, { forumSlug: forum.slug, title: "Pooled budgets for worklessness in Bradford", body: "We pooled **budgets** across the council, the PCT and Jobcentre Plus." });
  await server.services.forums.replyToThread(member.caller, { threadId: first.threadId, body: "Our pooled budget paid for one key worker per family." });
  await server.services.forums.createThread(member.caller, { forumSlug: forum.slug, title: "Young people not in education, employment or training", body: "How did Kent reduce the number of young people out of work and learning?" });
  // Wait until the outbox worker has indexed all three.
  await server.services.searchIndexer.worker.drain();
  const indexed = await server.services.search.search(null, { q: "pooled" });
  if (indexed.total !== 2) throw new Error(`expected both pooled-budget posts indexed, found ${indexed.total}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("search page in the browser", () => {
  it("shows results as you type, moves through them with the keyboard, and opens one", async () => {
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    await page.goto("/search");
    await hydrated(page);
    await expect.poll(() => page.getByText("Type a few words").count()).toBe(1);
    await page.evaluate(() => ((window as unknown as { __same: boolean }).__same = true));

    const box = page.getByLabel("Search discussions, events, live threads and the library");
    await box.pressSequentially("poole", { delay: 40 });
    const results = page.locator("#search-results a[data-result]");
    await expect.poll(() => results.count(), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => page.getByRole("status").textContent()).toContain("2 results");
    expect(await page.locator("#search-results mark").first().textContent()).toMatch(/pooled/i);
    // Instant results came without a page load.
    expect(await page.evaluate(() => (window as unknown as { __same?: boolean }).__same)).toBe(true);

    // A typo in the acronym's expansion still finds it; the acronym itself finds the expansion.
    await box.fill("");
    await box.pressSequentially("NEET ", { delay: 40 });
    await expect.poll(() => page.locator("#search-results a[data-result]").first().textContent(), { timeout: 10_000 }).toContain("not in education");

    await box.fill("");
    await box.pressSequentially("pooled", { delay: 40 });
    await expect.poll(() => results.count(), { timeout: 10_000 }).toBe(2);
    await box.press("ArrowDown");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-result"))).toBe("");
    const firstTitle = await page.evaluate(() => document.activeElement?.textContent);
    await page.keyboard.press("ArrowDown");
    const secondTitle = await page.evaluate(() => document.activeElement?.textContent);
    expect(secondTitle).not.toBe(firstTitle);
    await page.keyboard.press("ArrowUp");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(firstTitle);
    await page.keyboard.press("ArrowUp");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("search-q");
    await screenshot(page, "search-instant");

    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/(forums\/[^/]+\/t\/|p\/)\d+/);
    await context.close();
  });

  it("works as a plain GET form without JavaScript, with facets, filters and did-you-mean", async () => {
    const context = await newContext(browser, server.url, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/");
    await page.getByRole("search").first().getByRole("searchbox").fill("budgets");
    await page.getByRole("search").first().getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/\/search\?q=budgets/);
    expect(await page.getByRole("status").textContent()).toContain("2 results");

    // Facet: only replies.
    await page.getByRole("navigation", { name: "Filter by type" }).getByRole("link", { name: "Reply" }).click();
    await page.waitForURL(/type=post/);
    expect(await page.getByRole("status").textContent()).toContain("1 result");
    await page.locator(".tpc-search-selected").getByRole("link", { name: /Remove filter.*Reply/ }).click();
    await page.waitForURL((url) => !url.search.includes("type="));

    // Sort by date through the form.
    await page.getByLabel("Sort by").selectOption("date");
    await page.getByRole("button", { name: "Search", exact: true }).last().click();
    await page.waitForURL(/sort=date/);

    // A misspelling beyond the typo allowance gets a suggestion.
    await page.goto("/search?q=budgxtz+frodford");
    expect(await page.getByText("No results").count()).toBe(1);
    const suggestion = page.getByRole("link", { name: /^budgets? bradford$/ });
    expect(await suggestion.count()).toBe(1);
    await screenshot(page, "search-no-results");
    await context.close();
  });
});
