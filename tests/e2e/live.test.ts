import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrated, launchBrowser, newContext, screenshot, shareSession } from "../fixtures/browser.ts";
import { createEvent, onlineNow } from "../fixtures/event.ts";
import { makeFacilitator } from "../fixtures/forum.ts";
import { Browserless } from "../fixtures/http.ts";
import { startTestServer, type TestServer } from "../fixtures/server.ts";

/** Two participants and a facilitator in one live event thread, in real browsers. */
let server: TestServer;
let browser: Browser;
let alice: BrowserContext;
let bob: BrowserContext;
let facilitator: BrowserContext;
let livePath: string;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startTestServer();
  const fac = await makeFacilitator(server);
  const { url } = await createEvent(fac.client, onlineNow({ title: "Learning workshop on NEET young people" }));
  livePath = `${url}/live`;
  const a = new Browserless(server.url);
  await a.signUp({ fullName: "Alice Ward" });
  const b = new Browserless(server.url);
  await b.signUp({ fullName: "Bob Singh" });
  alice = await newContext(browser, server.url);
  await shareSession(alice, a);
  bob = await newContext(browser, server.url);
  await shareSession(bob, b);
  facilitator = await newContext(browser, server.url);
  await shareSession(facilitator, fac.client);
});

afterAll(async () => {
  await alice?.close();
  await bob?.close();
  await facilitator?.close();
  await browser?.close();
  await server?.stop();
});

describe("live event thread in the browser", () => {
  it("shows a participant's comment and the facilitator's highlight to everyone watching, without reloading", async () => {
    const [pa, pb, pf] = await Promise.all([alice.newPage(), bob.newPage(), facilitator.newPage()]);
    for (const p of [pa, pb, pf]) {
      await p.goto(livePath);
      await hydrated(p);
      await p.getByText("updating live").waitFor();
    }
    await pa.getByLabel("Your comment").fill("The journey maps show **seven** agencies touching one family.");
    await pa.getByRole("button", { name: "Post comment" }).click();
    await pb.getByText("agencies touching one family").waitFor({ timeout: 5_000 });
    await expect.poll(() => pa.getByLabel("Your comment").inputValue()).toBe("");

    await pf.getByLabel("Your comment").fill("Key point: one lead professional per family.");
    await pf.getByRole("button", { name: "Post as highlight" }).click();
    const highlights = pb.getByRole("region", { name: "Highlights" });
    await highlights.getByText("one lead professional per family").waitFor({ timeout: 5_000 });
    await screenshot(pb, "live-thread");

    // Moderation is live too: the facilitator hides Alice's comment and it goes from Bob's page at once.
    await pf.getByRole("button", { name: "Hide message from Alice Ward" }).click();
    await pb.getByText("agencies touching one family").waitFor({ state: "detached", timeout: 5_000 });
    await pf.getByRole("button", { name: "Unhide message from Alice Ward" }).waitFor();
  });

  it("keeps the text and says why when a comment is too long", async () => {
    const page = await bob.newPage();
    await page.goto(livePath);
    await hydrated(page);
    await page.getByText("updating live").waitFor();
    await page.getByLabel("Your comment").fill("x".repeat(1001));
    await page.getByRole("button", { name: "Post comment" }).click();
    await page.getByText("Comments must be 1,000 characters or fewer").waitFor();
    expect((await page.getByLabel("Your comment").inputValue()).length).toBe(1001);
  });

  it("runs the panel Q&A: ask anonymously, upvote, ask now and mark answered, with the panel view following live", async () => {
    const [pa, pb, pf, panel] = await Promise.all([alice.newPage(), bob.newPage(), facilitator.newPage(), facilitator.newPage()]);
    for (const p of [pa, pb, pf]) {
      await p.goto(livePath);
      await hydrated(p);
      await p.getByText("updating live").waitFor();
    }
    await panel.goto(`${livePath}/panel`);
    await hydrated(panel);
    await panel.getByText("The next question will appear here.").waitFor();

    await pa.getByLabel("Your question").fill("How do small charities take part in the count?");
    await pa.getByLabel("Ask anonymously").check();
    await pa.getByRole("button", { name: "Ask question" }).click();
    const bobsQuestion = pb.locator("#questions li", { hasText: "How do small charities take part" });
    await bobsQuestion.waitFor({ timeout: 5_000 });
    // Bob sees no name; the facilitator does; Alice sees it is hers.
    await expect.poll(() => bobsQuestion.innerText()).toContain("Anonymous");
    expect(await bobsQuestion.innerText()).not.toContain("Alice Ward");
    await pf.locator("#questions li", { hasText: "Alice Ward (anonymous to members)" }).waitFor({ timeout: 5_000 });
    await pa.locator("#questions li", { hasText: "You (anonymous to other members)" }).waitFor();
    await panel.getByText("How do small charities take part in the count?").waitFor({ timeout: 5_000 });

    // Bob's vote reaches everyone; Alice cannot vote for her own question.
    await bobsQuestion.getByRole("button", { name: /^Vote/ }).click();
    await bobsQuestion.getByRole("button", { name: /^Voted/ }).waitFor();
    await expect.poll(() => pa.locator("#questions li", { hasText: "How do small charities" }).locator(".tpc-question__count").innerText(), { timeout: 5_000 }).toBe("1");
    expect(await pa.locator("#questions li", { hasText: "How do small charities" }).getByRole("button", { name: /^Vote/ }).count()).toBe(0);

    // The facilitator puts it to the panel: the projector shows it as the question now.
    await pf.locator("#questions li", { hasText: "How do small charities" }).getByRole("button", { name: "Ask now" }).click();
    await panel.getByRole("region", { name: "Now" }).getByText("How do small charities take part in the count?").waitFor({ timeout: 5_000 });
    expect(await panel.getByRole("region", { name: "Now" }).innerText()).toContain("Anonymous");
    await pb.locator("#questions li", { hasText: "How do small charities" }).getByText("Being asked now").waitFor({ timeout: 5_000 });
    await screenshot(panel, "live-panel-view");

    await pf.locator("#questions li", { hasText: "How do small charities" }).getByRole("button", { name: "Mark answered" }).click();
    await pb.locator("#questions li", { hasText: "How do small charities" }).getByText("Answered").waitFor({ timeout: 5_000 });
    await panel.getByText("The next question will appear here.").waitFor({ timeout: 5_000 });
    await screenshot(pb, "live-questions");
  });
});
