import { describe, expect, it } from "vitest";
import { BadFile, extractPages, inspectFile } from "../../server/modules/library/extraction.ts";
import { HTML_AS_PDF, makeDocx, makeEncryptedPdf, makeOdt, makePdf, makePptx, makeZipBomb, TINY_PNG } from "../fixtures/library-files.ts";

async function refusal(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(BadFile);
    return (error as Error).message;
  }
  throw new Error("the file was accepted");
}

describe("text extraction on real files", () => {
  it("reads a PDF page by page", async () => {
    const pdf = await makePdf(["Chapter one: the count", "Chapter two: pooled budgets in Barnsley", "Chapter three: voices from Cumbria"]);
    expect(await inspectFile("pdf", pdf)).toEqual({ pages: 3 });
    const pages = await extractPages("pdf", pdf);
    expect(pages).toHaveLength(3);
    expect(pages[1]).toContain("pooled budgets in Barnsley");
    expect(pages[2]).toContain("voices from Cumbria");
  });

  it("reads Word pages split at page breaks, slides one by one, and OpenDocument text", async () => {
    const docx = makeDocx([["Introduction to Total Place"], ["Second page about drug treatment"]]);
    await inspectFile("docx", docx);
    expect(await extractPages("docx", docx)).toEqual(["Introduction to Total Place", "Second page about drug treatment"]);

    const pptx = makePptx([["Slide one title", "A point"], ["Counting the money"]]);
    expect(await inspectFile("pptx", pptx)).toEqual({ pages: 2 });
    expect(await extractPages("pptx", pptx)).toEqual(["Slide one title\nA point", "Counting the money"]);

    const odt = makeOdt(["Worcestershire & the customer journey", "Second paragraph"]);
    await inspectFile("odt", odt);
    const [page] = await extractPages("odt", odt);
    expect(page).toContain("Worcestershire & the customer journey");
    expect(page).toContain("Second paragraph");
  });

  it("reads text and Markdown, and accepts images with nothing to extract", async () => {
    const md = new TextEncoder().encode("# Notes\n\nLewisham early intervention pilot.");
    await inspectFile("md", md);
    expect((await extractPages("md", md))[0]).toContain("Lewisham early intervention");
    await inspectFile("png", TINY_PNG);
    expect(await extractPages("png", TINY_PNG)).toEqual([]);
  });

  it("refuses bad files with a clear message", async () => {
    const pdf = await makePdf(["one", "two"]);
    expect(await refusal(() => inspectFile("pdf", new Uint8Array(0)))).toMatch(/empty/);
    expect(await refusal(() => inspectFile("pdf", pdf.slice(0, Math.floor(pdf.length / 3))))).toMatch(/damaged/);
    expect(await refusal(() => inspectFile("pdf", makeEncryptedPdf()))).toMatch(/password-protected/);
    expect(await refusal(() => inspectFile("pdf", HTML_AS_PDF))).toMatch(/named as a PDF but its contents are not one/);
    expect(await refusal(() => inspectFile("png", pdf))).toMatch(/named as a PNG image/);
    expect(await refusal(() => inspectFile("docx", makeZipBomb()))).toMatch(/zip bomb/);
    const docx = makeDocx([["text"]]);
    expect(await refusal(() => inspectFile("docx", docx.slice(0, docx.length - 30)))).toMatch(/damaged/);
    expect(await refusal(() => inspectFile("pptx", docx))).toMatch(/not one/);
    expect(await refusal(() => inspectFile("txt", new Uint8Array([0xff, 0xfe, 0x41, 0x42])))).toMatch(/UTF-8/);
  });
});
