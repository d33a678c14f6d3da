import { PDFParse } from "pdf-parse";
import { imageTypeOf } from "../../storage/image-type.ts";
import { readZipDirectory, readZipText, ZipProblem, type ZipEntry } from "./zip.ts";

/**
 * What the library accepts, how each type is recognised from its bytes (never from the name alone), and
 * how its text is taken out page by page.
 */
export const FILE_KINDS = {
  pdf: { mime: "application/pdf", label: "PDF", inline: true },
  docx: { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", label: "Word document", inline: false },
  pptx: { mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation", label: "PowerPoint presentation", inline: false },
  odt: { mime: "application/vnd.oasis.opendocument.text", label: "OpenDocument text", inline: false },
  txt: { mime: "text/plain; charset=utf-8", label: "Plain text", inline: false },
  md: { mime: "text/markdown; charset=utf-8", label: "Markdown", inline: false },
  png: { mime: "image/png", label: "PNG image", inline: true },
  jpg: { mime: "image/jpeg", label: "JPEG image", inline: true },
  webp: { mime: "image/webp", label: "WebP image", inline: true },
} as const;

export type FileKind = keyof typeof FILE_KINDS;

export const ACCEPTED_EXTENSIONS = [".pdf", ".docx", ".pptx", ".odt", ".txt", ".md", ".png", ".jpg", ".jpeg", ".webp"];

/** A file the library will not keep, with the message the uploader sees. */
export class BadFile extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BadFile";
  }
}

export function kindFromName(name: string): FileKind | null {
  const ext = name.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (!ext) return null;
  if (ext === "jpeg") return "jpg";
  if (ext === "markdown") return "md";
  return ext in FILE_KINDS ? (ext as FileKind) : null;
}

const startsWith = (bytes: Uint8Array, sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** Checks the first bytes match the type the name claims. */
export function checkMagicBytes(kind: FileKind, head: Uint8Array) {
  if (head.length === 0) throw new BadFile("The file is empty.");
  const label = FILE_KINDS[kind].label;
  const wrong = () => new BadFile(`The file is named as a ${label} but its contents are not one. Check you chose the right file.`);
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0]) && (kind === "docx" || kind === "pptx" || kind === "odt")) {
    throw new BadFile("The file is password-protected (or an old .doc/.ppt). Remove the password or save it as .docx/.pptx, then upload it again.");
  }
  switch (kind) {
    case "pdf":
      if (!startsWith(head, ascii("%PDF-"))) throw wrong();
      return;
    case "docx":
    case "pptx":
    case "odt":
      if (!startsWith(head, [0x50, 0x4b, 0x03, 0x04])) throw wrong();
      return;
    case "png":
    case "jpg":
    case "webp":
      if (imageTypeOf(head)?.extension !== kind) throw wrong();
      return;
    case "txt":
    case "md":
      if (head.includes(0)) throw wrong();
      return;
  }
}

function pdfProblem(error: unknown): BadFile {
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") return new BadFile("The PDF is password-protected. Remove the password, then upload it again.");
  return new BadFile("The PDF is damaged and cannot be read. Try saving or exporting it again.");
}

async function readPdf<T>(bytes: Uint8Array, run: (parser: PDFParse) => Promise<T>): Promise<T> {
  // pdf.js may take ownership of the buffer it is given: give it a copy.
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0 });
  try {
    return await run(parser);
  } catch (error) {
    throw pdfProblem(error);
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

function officeEntries(bytes: Uint8Array): ZipEntry[] {
  try {
    return readZipDirectory(bytes);
  } catch (error) {
    if (error instanceof ZipProblem) throw new BadFile(error.message);
    throw new BadFile("The file is damaged and cannot be read.");
  }
}

function zipText(bytes: Uint8Array, entries: ZipEntry[], name: string) {
  try {
    return readZipText(bytes, entries, name);
  } catch (error) {
    if (error instanceof ZipProblem) throw new BadFile(error.message);
    throw error;
  }
}

const slideNumber = (name: string) => Number(name.match(/slide(\d+)\.xml$/)?.[1] ?? 0);

/**
 * Thorough checks at upload time, so a bad file is refused with a clear message before anything is kept:
 * PDFs must open (not damaged, not encrypted), office files must be sound zips with their main part.
 * Returns the page count when it is known cheaply.
 */
export async function inspectFile(kind: FileKind, bytes: Uint8Array): Promise<{ pages: number | null }> {
  if (bytes.length === 0) throw new BadFile("The file is empty.");
  checkMagicBytes(kind, bytes.subarray(0, 16));
  switch (kind) {
    case "pdf": {
      const info = await readPdf(bytes, (p) => p.getInfo());
      if (!info.total) throw new BadFile("The PDF has no pages.");
      return { pages: info.total };
    }
    case "docx":
    case "pptx":
    case "odt": {
      const entries = officeEntries(bytes);
      const main = { docx: "word/document.xml", pptx: "ppt/presentation.xml", odt: "content.xml" }[kind];
      if (!entries.some((e) => e.name === main)) throw new BadFile(`The file is named as a ${FILE_KINDS[kind].label} but its contents are not one.`);
      if (kind === "odt" && zipText(bytes, entries, "mimetype")?.trim() !== "application/vnd.oasis.opendocument.text") {
        throw new BadFile("The file is named as OpenDocument text but its contents are not one.");
      }
      // Decompress the main part now: damage and bombs are caught before the file is kept.
      zipText(bytes, entries, main);
      return { pages: kind === "pptx" ? entries.filter((e) => /^ppt\/slides\/slide\d+\.xml$/.test(e.name)).length : null };
    }
    case "txt":
    case "md":
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        throw new BadFile("The text file is not UTF-8 text. Save it as UTF-8, then upload it again.");
      }
      return { pages: null };
    default:
      return { pages: null };
  }
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
function xmlText(xml: string) {
  return xml
    .replace(/<[^>]+>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === "#") {
        const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : "";
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t]+/g, " ")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Splits long running text into pages of about `size` characters at paragraph breaks. */
function chunk(text: string, size = 6_000): string[] {
  const pages: string[] = [];
  let current = "";
  for (const para of text.split(/\n{2,}/)) {
    if (current && current.length + para.length > size) {
      pages.push(current);
      current = "";
    }
    current = current ? `${current}\n\n${para}` : para;
    while (current.length > size * 2) {
      pages.push(current.slice(0, size));
      current = current.slice(size);
    }
  }
  if (current.trim()) pages.push(current);
  return pages.length ? pages : [""];
}

/** The text of each page: PDF pages, slides, Word page breaks; other text in sections of ~6,000 characters. */
export async function extractPages(kind: FileKind, bytes: Uint8Array): Promise<string[]> {
  switch (kind) {
    case "pdf": {
      const result = await readPdf(bytes, (p) => p.getText({ pageJoiner: "" }));
      return result.pages.sort((a, b) => a.num - b.num).map((p) => p.text.trim());
    }
    case "docx": {
      const entries = officeEntries(bytes);
      const xml = zipText(bytes, entries, "word/document.xml") ?? "";
      const body = xml.replace(/<w:tab\/>/g, "\t").replace(/<\/w:p>/g, "\n\n");
      return body.split(/<w:br [^>]*w:type="page"[^>]*\/>/).map(xmlText).flatMap((t) => chunk(t));
    }
    case "pptx": {
      const entries = officeEntries(bytes);
      const slides = entries.filter((e) => /^ppt\/slides\/slide\d+\.xml$/.test(e.name)).sort((a, b) => slideNumber(a.name) - slideNumber(b.name));
      return slides.map((s) => xmlText((zipText(bytes, entries, s.name) ?? "").replace(/<\/a:p>/g, "\n")));
    }
    case "odt": {
      const entries = officeEntries(bytes);
      const xml = zipText(bytes, entries, "content.xml") ?? "";
      const body = xml.replace(/<text:tab\/>/g, "\t").replace(/<text:line-break\/>/g, "\n").replace(/<\/text:(p|h)>/g, "\n\n");
      return chunk(xmlText(body.replace(/^[\s\S]*?<office:body>/, "")));
    }
    case "txt":
    case "md":
      return chunk(new TextDecoder("utf-8").decode(bytes).replace(/\r\n/g, "\n"));
    default:
      return [];
  }
}

export const hasText = (kind: FileKind) => kind !== "png" && kind !== "jpg" && kind !== "webp";
