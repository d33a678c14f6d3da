import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrated, launchBrowser, newContext, screenshot, shareSession } from "../fixtures/browser.ts";
import { startTestServer, type TestServer } from "../fixtures/server.ts";
import { newMember } from "../integration/_members.ts";

let server: TestServer;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startTestServer({ seed: false });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tpc-library-e2e-"));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Words printed only on page 3 of the pilot report, for finding that page through search. */
const PAGE_THREE_PHRASE = "Thornton Heath kinship carers";

/** A five-page PDF padded with an attachment of random bytes, so its upload takes a moment to watch. */
async function pilotReportPdf() {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= 5; i++) {
    const page = doc.addPage();
    page.drawText(`Croydon Family Power report, page ${i}: early help for families.`, { x: 50, y: 700, size: 12, font });
    if (i === 3) page.drawText(`What worked for ${PAGE_THREE_PHRASE}.`, { x: 50, y: 680, size: 12, font });
  }
  await doc.attach(new Uint8Array(randomBytes(1_500_000)), "survey-data.bin", { mimeType: "application/octet-stream" });
  return doc.save();
}

describe("library in the browser", () => {
  it("uploads a PDF with a progress bar, shows the extracted page count, and search opens the PDF at the page that matched", async () => {
    const member = await newMember(server);
    const context = await newContext(browser, server.url);
    await shareSession(context, member.client);
    const page = await context.newPage();
    const file = path.join(dir, "croydon-family-power.pdf");
    fs.writeFileSync(file, await pilotReportPdf());

    await page.goto("/library/new");
    await hydrated(page);
    await page.getByLabel("Upload a file").setInputFiles(file);
    await page.getByLabel("Title", { exact: true }).fill("Croydon Family Power: final report");
    await page.getByLabel("Report", { exact: true }).check();
    await page.getByLabel("Year").fill("2010");
    await page.getByLabel("Croydon").check();

    // Slow the upload so the progress can be watched (Chromium's own network emulation).
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 400 * 1024 });
    await page.getByRole("button", { name: "Add to the library" }).click();
    const progress = page.locator("progress#upload-progress");
    await expect.poll(() => progress.count()).toBe(1);
    await expect.poll(async () => Number(await progress.getAttribute("value"))).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(/Uploading: \d+%|Upload complete/).count()).toBe(1);
    await screenshot(page, "library-upload-progress");

    await page.waitForURL(/\/library\/\d+-croydon-family-power-final-report$/, { timeout: 30_000 });
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Croydon Family Power: final report");
    // The page looks again while extraction runs, without a reload.
    await expect.poll(() => page.locator("#extraction-status").textContent(), { timeout: 40_000 }).toContain("Text extracted: 5 pages");
    expect(await page.locator("iframe[title$='(PDF)']").getAttribute("src")).toMatch(/^\/library\/\d+\/files\/\d+\?inline=1$/);
    await screenshot(page, "library-document");
    const documentPath = new URL(page.url()).pathname;

    // Search for words only on page 3: the hit names the page (the index catches up in the background).
    await page.goto("/search");
    await hydrated(page);
    const hit = page.locator("#search-results a[data-result]", { hasText: "Croydon Family Power: final report" });
    await expect
      .poll(
        async () => {
          await page.getByLabel("Search discussions, events, live threads and the library").fill(PAGE_THREE_PHRASE);
          await page.getByRole("search", { name: "Search the community" }).getByRole("button", { name: "Search" }).click();
          await page.waitForURL(/\/search\?q=/);
          return hit.count();
        },
        { timeout: 30_000 },
      )
      .toBe(1);
    expect(await hit.textContent()).toBe("Croydon Family Power: final report – page 3");
    expect(await hit.getAttribute("href")).toBe(`${documentPath}/file#page=3`);
    await screenshot(page, "library-search-page-hit");

    // Following it opens the current file inline (Chromium's own PDF viewer takes it from there).
    const opened = page.waitForResponse((r) => new URL(r.url()).pathname === `${documentPath}/file`);
    await hit.click();
    const response = await opened;
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("application/pdf");
    expect(response.headers()["content-disposition"]).toMatch(/^inline;/);
    await expect.poll(() => page.url()).toBe(`${server.url}${documentPath}/file#page=3`);
    await context.close();
  });

  it("works without JavaScript: the plain form posts and refuses a bad file with a message", async () => {
    const member = await newMember(server);
    const context = await newContext(browser, server.url, { javaScriptEnabled: false });
    await shareSession(context, member.client);
    const page = await context.newPage();
    const file = path.join(dir, "not-really.pdf");
    fs.writeFileSync(file, "<html><body>not a pdf</body></html>");
    await page.goto("/library/new");
    await page.getByLabel("Upload a file").setInputFiles(file);
    await page.getByLabel("Title", { exact: true }).fill("A page pretending to be a PDF");
    await page.getByLabel("Other", { exact: true }).check();
    await page.getByRole("button", { name: "Add to the library" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").textContent()).toContain("named as a PDF but its contents are not one");
    // The rest of the form is kept.
    expect(await page.getByLabel("Title", { exact: true }).inputValue()).toBe("A page pretending to be a PDF");
    await context.close();
  });
});
