import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrated, launchBrowser, newContext, screenshot, shareSession } from "../fixtures/browser.ts";
import { makeForum, startThread } from "../fixtures/forum.ts";
import { Browserless } from "../fixtures/http.ts";
import { startTestServer, type TestServer } from "../fixtures/server.ts";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startTestServer({ env: { NOTIFY_SCHEDULER: "off" } });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Resolves once the page's Socket.IO connection is open (the server's "40" connect packet arrived). */
function socketConnected(page: Page, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("The page opened no Socket.IO connection")), timeoutMs);
    page.on("websocket", (ws) => {
      ws.on("framereceived", (frame) => {
        if (typeof frame.payload === "string" && frame.payload.startsWith("40")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  });
}

describe("notification bell in the browser", () => {
  it("lights up live when another member mentions me", async () => {
    const forumSlug = await makeForum(server);
    const aClient = new Browserless(server.url);
    const bClient = new Browserless(server.url);
    await aClient.signUp({ fullName: "Amina Hussain", handle: "amina-bell" });
    const b = await bClient.signUp({ fullName: "Bob Carter", handle: "bob-bell" });
    const { url } = await startThread(aClient, forumSlug, "Sharing customer insight", "Has anyone mapped customer journeys?");

    const aContext = await newContext(browser, server.url);
    const bContext = await newContext(browser, server.url);
    await shareSession(aContext, aClient);
    await shareSession(bContext, bClient);
    const aPage = await aContext.newPage();
    const bPage = await bContext.newPage();

    // B reads the forums with no unread notices; the bell's socket connects.
    const connected = socketConnected(bPage);
    await bPage.goto("/forums");
    await hydrated(bPage);
    await connected;
    const bell = bPage.getByTestId("notification-bell");
    await expect.poll(() => bell.getAttribute("aria-label")).toBe("Notifications, none unread");
    await bPage.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

    // A mentions B in a reply.
    await aPage.goto(url);
    await hydrated(aPage);
    await aPage.getByLabel("Your reply").fill(`@${b.handle} you ran the Kent pilot – what did you find?`);
    await aPage.getByRole("button", { name: "Post reply" }).click();
    await aPage.getByText("what did you find?").first().waitFor();

    // B's bell shows 1 without a reload.
    await expect.poll(() => bPage.getByTestId("notification-count").textContent(), { timeout: 10_000 }).toBe("1");
    expect(await bell.getAttribute("aria-label")).toBe("Notifications, 1 unread");
    expect(await bPage.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true)).toBe(true);
    await screenshot(bPage, "notification-bell");

    // Following the bell lists the mention; opening it goes to the post and clears the count.
    await bell.click();
    await bPage.getByRole("heading", { name: "Notifications" }).waitFor();
    await bPage.getByRole("button", { name: /^New Amina Hussain mentioned you in/ }).click();
    await bPage.waitForURL(/\/forums\/.+\/t\/\d+-/);
    await expect.poll(() => bPage.getByTestId("notification-count").textContent()).toBe("0");
    await screenshot(bPage, "notification-opened");
    await aContext.close();
    await bContext.close();
  });

  it("the members, notifications and settings pages pass axe with no serious issues, and work without JavaScript", async () => {
    const client = new Browserless(server.url);
    const me = await client.signUp({ fullName: "Nadia Rahman", handle: "nadia-a11y" });
    const context = await newContext(browser, server.url);
    await shareSession(context, client);
    const page = await context.newPage();
    for (const [name, path] of [
      ["members-directory", "/members?place=Kent"],
      ["member-profile", `/members/${me.handle}`],
      ["profile-settings", "/settings/profile"],
      ["notifications-page", "/notifications"],
      ["notification-settings", "/settings/notifications"],
    ]) {
      const res = await page.goto(path);
      expect(res?.status()).toBe(200);
      await screenshot(page, name);
      const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
      const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(blocking.map((v) => `${name}: ${v.id} ${v.help} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    }

    await context.close();

    // Without JavaScript: save preferences and a profile through plain form posts.
    const noJs = await newContext(browser, server.url, { javaScriptEnabled: false });
    await shareSession(noJs, client);
    const plain = await noJs.newPage();
    await plain.goto("/settings/notifications");
    await plain.getByRole("group", { name: "Someone mentions me" }).getByLabel("Off").check();
    await plain.getByRole("button", { name: "Save settings" }).click();
    await plain.getByText("Your notification settings have been saved.").waitFor();
    expect(await plain.getByRole("group", { name: "Someone mentions me" }).getByLabel("Off").isChecked()).toBe(true);

    await plain.goto("/settings/profile");
    await plain.getByLabel("About you").fill("Working on **worklessness** in Kent.");
    await plain.getByLabel("Worklessness").check();
    await plain.getByRole("button", { name: "Save profile" }).click();
    await plain.getByText("Your profile has been updated.").waitFor();
    expect(await plain.locator("strong", { hasText: "worklessness" }).count()).toBe(1);
    await noJs.close();
  });
});
