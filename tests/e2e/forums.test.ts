import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrated, launchBrowser, newContext, screenshot, shareSession, threadJoined } from "../fixtures/browser.ts";
import { makeForum } from "../fixtures/forum.ts";
import { Browserless } from "../fixtures/http.ts";
import { startTestServer, type TestServer } from "../fixtures/server.ts";

let server: TestServer;
let browser: Browser;
let forumSlug: string;
let forumName: string;

// Shared across the tests below, which build on each other in order (Vitest runs a file's tests serially).
let amina: { context: BrowserContext; page: Page; handle: string; fullName: string };
let bob: { context: BrowserContext; page: Page; fullName: string };
let threadUrl = "";
const threadTitle = "Counting public spend across Kent";
// A long opening post, so the page is taller than the window and a reader at the top is "scrolled up".
const openingPost = [
  "We counted **£7bn** of public spend across the county's agencies.",
  ...Array.from({ length: 14 }, (_, i) => `Paragraph ${i + 1}: how each agency's budget lines mapped onto the Total Place themes.`),
].join("\n\n");

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startTestServer({ seed: false });
  forumName = `Housing ${Math.random().toString(36).slice(2, 7)}`;
  forumSlug = await makeForum(server, forumName);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Marks the document so a later check can prove the page was updated in place, not reloaded. */
async function markDocument(page: Page) {
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
}
async function isSameDocument(page: Page) {
  return page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
}

describe("forums in the browser", () => {
  it("signs up through the form, keeping the text and explaining a too-short password", async () => {
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    await page.goto("/sign-up");
    await hydrated(page);

    await page.getByLabel("Full name").fill("Amina Hussain");
    // The handle is suggested from the name as the member types.
    await expect.poll(() => page.getByLabel("Handle").inputValue()).toBe("amina-hussain");
    await page.getByLabel("Email address").fill("amina.hussain@kent.gov.uk");
    await page.getByLabel("Password").fill("short");
    await page.getByLabel("Organisation").fill("Kent County Council");
    await page.getByLabel("Job title").fill("Head of policy");
    await page.getByLabel("Place").selectOption("Kent");
    await page.getByRole("button", { name: "Create account" }).click();

    const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
    await summary.waitFor();
    await expect.poll(() => summary.getByRole("link", { name: "Password must be at least 10 characters" }).count()).toBe(1);
    // The summary takes focus so screen readers announce it.
    await expect.poll(() => summary.evaluate((el) => el === document.activeElement)).toBe(true);
    // The field shows its own error, and everything typed (but the password) is kept.
    expect(await page.getByLabel("Password").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Full name").inputValue()).toBe("Amina Hussain");
    expect(await page.getByLabel("Handle").inputValue()).toBe("amina-hussain");
    expect(await page.getByLabel("Email address").inputValue()).toBe("amina.hussain@kent.gov.uk");
    expect(await page.getByLabel("Organisation").inputValue()).toBe("Kent County Council");
    expect(await page.getByLabel("Job title").inputValue()).toBe("Head of policy");
    expect(await page.getByLabel("Place").inputValue()).toBe("Kent");

    await page.getByLabel("Password").fill("correct horse battery staple");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/members\/amina-hussain\?welcome=1$/);
    await page.getByRole("heading", { name: "Welcome" }).waitFor();
    await page.getByRole("banner").getByRole("link", { name: "Amina Hussain" }).waitFor();
    amina = { context, page, handle: "amina-hussain", fullName: "Amina Hussain" };
  });

  it("starts a thread in a forum", async () => {
    const { page } = amina;
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Forums" }).click();
    await page.getByRole("heading", { name: "Forums", level: 1 }).waitFor();
    await page.getByRole("link", { name: forumName }).click();
    await page.waitForURL(`**/forums/${forumSlug}`);
    await page.getByRole("heading", { name: forumName, level: 1 }).waitFor();
    await page.getByRole("link", { name: "Start a new thread" }).click();
    await page.getByLabel("Title").fill(threadTitle);
    await page.getByLabel("Message").fill(openingPost);
    await page.getByRole("button", { name: "Post thread" }).click();
    await page.waitForURL(/\/t\/\d+-/);
    await page.getByRole("heading", { name: threadTitle, level: 1 }).waitFor();
    await page.getByText("We counted £7bn").waitFor();
    expect(await page.locator("strong", { hasText: "£7bn" }).count()).toBe(1);
    threadUrl = new URL(page.url()).pathname;
  });

  it("shows a reply to another reader live, without reloading, with a polite '1 new reply' notice", async () => {
    const client = new Browserless(server.url);
    const me = await client.signUp({ fullName: "Bob Singh", organisation: "Bradford Council" });
    const context = await newContext(browser, server.url);
    await shareSession(context, client);
    const page = await context.newPage();
    bob = { context, page, fullName: me.fullName };

    // Both readers load the thread and join its live room.
    const aminaJoined = threadJoined(amina.page);
    await amina.page.goto(threadUrl);
    await aminaJoined;
    const bobJoined = threadJoined(page);
    await page.goto(threadUrl);
    await bobJoined;
    await markDocument(page);
    // Bob stays at the top of a long page, so the new reply is below what he can see.
    expect(await page.evaluate(() => window.scrollY)).toBe(0);

    await amina.page.getByLabel("Your reply").fill("Bob – the PCT figures came from the **NHS Kent** returns.");
    await amina.page.getByRole("button", { name: "Post reply" }).click();
    await amina.page.waitForURL(/#post-\d+$/);
    await amina.page.getByRole("article", { name: "Amina Hussain" }).nth(1).waitFor();

    // Bob's page gets the reply over Socket.IO and re-reads its data: no reload, no click.
    await page.getByText("the PCT figures came from the NHS Kent returns").waitFor();
    const notice = page.getByRole("status").filter({ hasText: "1 new reply" });
    await notice.waitFor();
    expect(await notice.getByRole("link", { name: "Show the latest" }).count()).toBe(1);
    await page.getByText("1 reply · page 1 of 1").waitFor();
    expect(await isSameDocument(page)).toBe(true);
    await screenshot(page, "live-new-reply-notice");

    // Scrolling to the end of the last page counts as having seen it.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expect.poll(() => page.getByText("1 new reply").count()).toBe(0);
  });

  it("shows a like from another member live", async () => {
    await markDocument(amina.page);
    const like = bob.page.getByRole("button", { name: "Like post 2 by Amina Hussain" });
    await like.click();
    // The liker sees the pressed state; the author sees the count arrive without reloading.
    await bob.page.getByRole("button", { name: "Unlike post 2 by Amina Hussain" }).waitFor();
    expect(await bob.page.getByRole("button", { name: "Unlike post 2 by Amina Hussain" }).getAttribute("aria-pressed")).toBe("true");
    await amina.page.getByText("1 like on post 2").waitFor();
    expect(await isSameDocument(amina.page)).toBe(true);
    // Own posts cannot be liked.
    expect(await amina.page.getByRole("button", { name: /^Like post 2/ }).count()).toBe(0);
  });

  it("quote-replies: Quote fills the reply box with the quoted Markdown, and the post shows a blockquote", async () => {
    const { page } = bob;
    await page.getByRole("link", { name: "Quote post 1 by Amina Hussain" }).click();
    const box = page.getByLabel("Your reply");
    await expect.poll(() => box.inputValue()).toMatch(/^> \*\*@amina-hussain\*\* \[wrote\]\(\/p\/\d+\):\n> We counted \*\*£7bn\*\*/);
    // The quote lands at the cursor, ready for the reply underneath.
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await box.press("End");
    await box.pressSequentially("Did that include police and fire?");
    await page.getByRole("button", { name: "Post reply" }).click();

    const post3 = page.getByRole("article", { name: "Bob Singh" });
    await post3.getByText("Did that include police and fire?").waitFor();
    const quote = post3.getByRole("blockquote");
    await quote.getByText("We counted £7bn").waitFor();
    await quote.getByRole("link", { name: "@amina-hussain" }).or(quote.getByText("@amina-hussain")).first().waitFor();
    await quote.getByRole("link", { name: "wrote" }).waitFor();
    // …and the author sees it live too.
    await amina.page.getByRole("article", { name: "Bob Singh" }).getByRole("blockquote").waitFor();
  });

  it("edits own post and shows it as edited (live for other readers)", async () => {
    const { page } = amina;
    await markDocument(bob.page);
    await page.getByRole("link", { name: "Edit post 2" }).click();
    await page.getByRole("heading", { name: "Edit post 2" }).waitFor();
    await hydrated(page);
    const message = page.getByLabel("Message");
    expect(await message.inputValue()).toContain("the PCT figures came from the **NHS Kent** returns");
    await message.fill("Bob – the PCT figures came from the **NHS Kent** and **NHS West Kent** returns.");
    await expect.poll(() => message.inputValue()).toContain("NHS West Kent");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.waitForURL(/\/t\/\d+-[^#]*#post-\d+$/);
    const post2 = page.getByRole("article", { name: "Amina Hussain" }).nth(1);
    await post2.getByText("NHS Kent and NHS West Kent returns").waitFor();
    await post2.getByText("edited", { exact: true }).waitFor();

    await bob.page.getByText("NHS Kent and NHS West Kent returns").waitFor();
    await bob.page.getByRole("article", { name: "Amina Hussain" }).nth(1).getByText("edited", { exact: true }).waitFor();
    expect(await isSameDocument(bob.page)).toBe(true);
  });

  it("reads and replies with JavaScript disabled", async () => {
    const client = new Browserless(server.url);
    await client.signUp({ fullName: "Carys Evans" });
    const context = await newContext(browser, server.url, { javaScriptEnabled: false });
    await shareSession(context, client);
    const page = await context.newPage();
    try {
      await page.goto(threadUrl);
      await page.getByRole("heading", { name: threadTitle, level: 1 }).waitFor();
      await page.getByRole("article", { name: "Amina Hussain" }).first().getByText("We counted £7bn").waitFor();

      // Quote works as a plain link: the server puts the quote in the reply box.
      await page.getByRole("link", { name: "Quote post 2 by Amina Hussain" }).click();
      await page.waitForURL(/quote=\d+#reply$/);
      expect(await page.getByLabel("Your reply").inputValue()).toMatch(/^> \*\*@amina-hussain\*\* \[wrote\]\(\/p\/\d+\):/);

      await page.getByLabel("Your reply").fill("Posting from a locked-down council laptop with scripts turned off.");
      await page.getByRole("button", { name: "Post reply" }).click();
      await page.waitForURL(/#post-\d+$/);
      await page.getByRole("article", { name: "Carys Evans" }).getByText("Posting from a locked-down council laptop").waitFor();
      await page.getByText("3 replies").waitFor();
    } finally {
      await context.close();
    }
  });

  afterAll(async () => {
    await amina?.context.close();
    await bob?.context.close();
  });
});
