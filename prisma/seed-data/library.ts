import { deflateSync } from "node:zlib";
import { strToU8, zipSync } from "fflate";
import { PDFDocument, rgb, StandardFonts, type PDFFont } from "pdf-lib";
import type { PrismaClient } from "../../server/db/generated/client.ts";
import { renderMarkdown } from "../../server/lib/markdown.ts";
import { slugify } from "../../server/lib/slug.ts";
import type { Logger } from "../../server/logger.ts";
import { FILE_KINDS, type FileKind } from "../../server/modules/library/extraction.ts";
import { DISCUSSION_FORUM_SLUG, lastTwelveMonths } from "../../server/modules/library/library.ts";
import type { FileStore } from "../../server/storage/file-store.ts";
import { learningHistory, pilotSummaries, practitionersGuide, slideDeck, type Section } from "./library-texts.ts";

// Demo library: PDFs, a slide deck, a Word guide, notes, a graphic recording and a film link, generated at
// seed time (nothing binary is committed). Text extraction runs through the normal worker after start.

function wrap(text: string, font: PDFFont, size: number, width: number) {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** A report: each section starts a page; long sections flow onto further pages. */
async function reportPdf(title: string, sections: Section[]) {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  for (const section of sections) {
    let page = doc.addPage([595, 842]);
    let y = 780;
    page.drawText(section.heading, { x: 60, y, size: 18, font: bold });
    y -= 36;
    for (const para of section.paragraphs) {
      for (const line of wrap(para, para.startsWith('"') ? bold : font, 11, 475)) {
        if (y < 70) {
          page = doc.addPage([595, 842]);
          y = 780;
        }
        page.drawText(line, { x: 60, y, size: 11, font: para.startsWith('"') ? bold : font, color: para.startsWith('"') ? rgb(0.1, 0.3, 0.5) : rgb(0, 0, 0) });
        y -= 16;
      }
      y -= 10;
    }
  }
  doc.getPages().forEach((p, i) => p.drawText(`${title} – page ${i + 1}`, { x: 60, y: 30, size: 8, font, color: rgb(0.4, 0.4, 0.4) }));
  return doc.save();
}

async function slidesPdf() {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  for (const slide of slideDeck) {
    const page = doc.addPage([842, 595]);
    page.drawRectangle({ x: 0, y: 515, width: 842, height: 80, color: rgb(0.11, 0.44, 0.72) });
    page.drawText(slide.title, { x: 50, y: 545, size: 28, font: bold, color: rgb(1, 1, 1) });
    slide.bullets.forEach((b, i) => page.drawText(`•  ${b}`, { x: 60, y: 440 - i * 44, size: 20, font }));
  }
  return doc.save();
}

function crc32(bytes: Uint8Array) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** A small PNG "graphic recording": coloured boxes and arrows for the summit's big themes. */
function graphicRecordingPng(width = 480, height = 270) {
  const px = new Uint8Array(width * height * 3).fill(250);
  const box = (x0: number, y0: number, w: number, h: number, [r, g, b]: number[]) => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) px.set([r, g, b], (y * width + x) * 3);
  };
  box(20, 20, 130, 90, [29, 112, 184]);
  box(175, 20, 130, 90, [0, 112, 60]);
  box(330, 20, 130, 90, [212, 53, 28]);
  box(95, 150, 290, 90, [255, 221, 0]);
  for (const x of [85, 240, 395]) box(x - 3, 110, 6, 40, [11, 12, 12]);
  const raw = new Uint8Array((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) raw.set(px.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
  };
  const header = new Uint8Array(13);
  new DataView(header.buffer).setUint32(0, width);
  new DataView(header.buffer).setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8);
  const parts = [Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(raw)), chunk("IEND", new Uint8Array(0))];
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

function guideDocx(sections: Section[]) {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const para = (t: string) => `<w:p><w:r><w:t xml:space="preserve">${esc(t)}</w:t></w:r></w:p>`;
  const body = sections.map((s) => [s.heading, ...s.paragraphs].map(para).join("")).join('<w:p><w:r><w:br w:type="page"/></w:r></w:p>');
  return zipSync({
    "[Content_Types].xml": strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'),
    "word/document.xml": strToU8(`<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`),
  });
}

interface SeedDocument {
  title: string;
  itemType: "report" | "guide" | "learning_history" | "presentation" | "graphic_recording" | "case_study" | "video" | "other";
  authors: string;
  publisher: string;
  publishedOn: [number, number, number];
  themes: string[];
  places: string[];
  description: string;
  by: string;
  file?: { name: string; kind: FileKind; bytes: () => Promise<Uint8Array> | Uint8Array };
  linkUrl?: string;
  collections: string[];
  popularity: number;
}

const LICENCE = "Open Government Licence v3.0";

function documents(): SeedDocument[] {
  const summaries: SeedDocument[] = pilotSummaries.map((p, i) => ({
    title: `${p.place} Total Place pilot: summary report`,
    itemType: "report",
    authors: `${p.place} Total Place programme team`,
    publisher: `${p.place} public service partners`,
    publishedOn: [2010, 2, 15 + i],
    themes: [p.theme],
    places: [p.place],
    description: `The ${p.place} pilot's summary for HM Treasury: what the count found, the deep dives, and recommendations.`,
    by: ["amina-hussain", "gareth-pryce", "sola-adeyemi", "dave-kershaw"][i % 4],
    file: { name: `${slugify(p.place)}-pilot-summary.pdf`, kind: "pdf", bytes: () => reportPdf(`${p.place} pilot summary`, p.sections) },
    collections: ["pilot-reports"],
    popularity: 6 - i,
  }));
  return [
    {
      title: "Total Place: a learning history",
      itemType: "learning_history",
      authors: "Leadership Centre for Local Government\nOffice for Public Management",
      publisher: "Leadership Centre for Local Government",
      publishedOn: [2010, 3, 24],
      themes: ["Counting public spend and place-based budgets", "Children's services", "Offender management"],
      places: ["Cumbria", "Worcestershire", "Croydon", "Bradford", "Birmingham", "Leicester and Leicestershire", "Manchester city region", "Kent"],
      description: "The story of the thirteen pilots in the words of the people who did the work: counting the money, the deep dives, leading across boundaries, and what changed.",
      by: "facilitator",
      file: { name: "total-place-learning-history.pdf", kind: "pdf", bytes: () => reportPdf("Total Place: a learning history", learningHistory) },
      collections: ["total-place-learning-history"],
      popularity: 12,
    },
    {
      title: "A practitioner's guide to place-based working",
      itemType: "guide",
      authors: "Total Place central team",
      publisher: "HM Treasury and Communities and Local Government",
      publishedOn: [2010, 4, 12],
      themes: ["Customer insight", "Counting public spend and place-based budgets"],
      places: [],
      description: "Four steps for officers who want to use the Total Place approach: agree the question, count the money, follow the customer, design the change.",
      by: "facilitator",
      file: { name: "practitioners-guide.pdf", kind: "pdf", bytes: () => reportPdf("A practitioner's guide to place-based working", practitionersGuide) },
      collections: ["total-place-learning-history"],
      popularity: 10,
    },
    ...summaries,
    {
      title: "Total Place: what we learned (summit slides)",
      itemType: "presentation",
      authors: "Sir Michael Bichard",
      publisher: "Leadership Centre for Local Government",
      publishedOn: [2010, 3, 10],
      themes: ["Programme news and the Summit"],
      places: [],
      description: "The slide deck from the Total Place summit: the count, following the customer, leadership, early results and next steps.",
      by: "admin",
      file: { name: "summit-slides.pdf", kind: "pdf", bytes: slidesPdf },
      collections: ["total-place-learning-history"],
      popularity: 8,
    },
    {
      title: "Graphic recording of the Total Place summit",
      itemType: "graphic_recording",
      authors: "Summit graphic recorder",
      publisher: "Leadership Centre for Local Government",
      publishedOn: [2010, 3, 10],
      themes: ["Programme news and the Summit"],
      places: [],
      description: "A wall chart drawn live at the summit: the count, the customer, leadership, and the changes to come.",
      by: "admin",
      file: { name: "summit-graphic-recording.png", kind: "png", bytes: () => graphicRecordingPng() },
      collections: [],
      popularity: 4,
    },
    {
      title: "Practitioner's guide: checklist for a deep dive (Word)",
      itemType: "guide",
      authors: "Total Place central team",
      publisher: "Leadership Centre for Local Government",
      publishedOn: [2010, 1, 20],
      themes: ["Customer insight"],
      places: [],
      description: "An editable checklist for teams starting a deep dive.",
      by: "priya-mistry",
      file: { name: "deep-dive-checklist.docx", kind: "docx", bytes: () => guideDocx(practitionersGuide.slice(1)) },
      collections: [],
      popularity: 3,
    },
    {
      title: "Birmingham drug treatment deep dive: case study",
      itemType: "case_study",
      authors: "Birmingham Total Place team",
      publisher: "Be Birmingham",
      publishedOn: [2010, 2, 3],
      themes: ["Drugs and alcohol"],
      places: ["Birmingham"],
      description: "How Birmingham followed the money and the customer through drug treatment, health and criminal justice services.",
      by: "jon-fairley",
      file: {
        name: "birmingham-drugs-case-study.pdf",
        kind: "pdf",
        bytes: () =>
          reportPdf("Birmingham drug treatment deep dive", [
            { heading: "Birmingham: the drug treatment deep dive", paragraphs: ["Birmingham's deep dive traced the spending on drug treatment across the PCT, the police, probation and the council. More than 100 million pounds a year was spent on people with drug problems, most of it on the consequences rather than on treatment.", "\"We found the same forty people in every organisation's top hundred.\" (Drug action team manager, Birmingham)"] },
            { heading: "What Birmingham proposed", paragraphs: ["A single commissioning budget for drug treatment and offender health. Shared case management for the most prolific offenders. Treatment places funded from savings in custody and A&E."] },
          ]),
      },
      collections: ["pilot-reports"],
      popularity: 5,
    },
    {
      title: "Notes from the Lewisham early intervention workshop",
      itemType: "other",
      authors: "Lucy Brennan",
      publisher: "",
      publishedOn: [2010, 1, 28],
      themes: ["Children's services"],
      places: ["Lewisham"],
      description: "Workshop notes, in Markdown, from a session on early intervention for families.",
      by: "lucy-brennan",
      file: { name: "lewisham-workshop-notes.md", kind: "md", bytes: () => new TextEncoder().encode("# Lewisham early intervention workshop\n\nTwenty-two practitioners from health visiting, schools, housing and the police.\n\n## What we heard\n\n- Families tell their story again and again.\n- Health visitors see problems early but have nowhere to refer.\n\n## What we will try\n\nA shared early-help conversation on two estates, starting in April 2010.\n") },
      collections: [],
      popularity: 2,
    },
    {
      title: "Total Place summit film: voices from the pilots",
      itemType: "video",
      authors: "Leadership Centre for Local Government",
      publisher: "Leadership Centre for Local Government",
      publishedOn: [2010, 3, 12],
      themes: ["Programme news and the Summit"],
      places: [],
      description: "A twelve-minute film of pilot leaders and front-line staff talking about what Total Place meant to them.",
      by: "admin",
      linkUrl: "https://video.example.org/total-place-summit-voices",
      collections: ["total-place-learning-history"],
      popularity: 0,
    },
  ];
}

const COLLECTIONS = [
  { slug: "total-place-learning-history", name: "Total Place learning history", description: "The learning history, the practitioner's guide and the summit materials: the story of the programme in one place." },
  { slug: "pilot-reports", name: "Pilot reports", description: "The summary reports each pilot sent to HM Treasury, and case studies from the deep dives." },
];

export async function seedLibrary(db: PrismaClient, log: Logger, files: FileStore, userIds: Map<string, string>) {
  const started = Date.now();
  const collectionIds = new Map<string, number>();
  for (const c of COLLECTIONS) collectionIds.set(c.slug, (await db.libraryCollection.create({ data: c })).id);
  const months = lastTwelveMonths();
  const list = documents();
  // Oldest first, so the newest (by publication) appear first in the library.
  list.sort((a, b) => Date.UTC(...a.publishedOn) - Date.UTC(...b.publishedOn));
  for (const [n, d] of list.entries()) {
    const userId = userIds.get(d.by) ?? [...userIds.values()][0];
    const [y, m, day] = d.publishedOn;
    const doc = await db.libraryDocument.create({
      data: {
        slug: slugify(d.title),
        title: d.title,
        authors: d.authors,
        itemType: d.itemType,
        themes: d.themes,
        places: d.places,
        publishedYear: y,
        publishedOn: new Date(Date.UTC(y, m - 1, day)),
        publisher: d.publisher,
        description: d.description,
        licence: LICENCE,
        linkUrl: d.linkUrl ?? null,
        createdById: userId,
        // Spread over the past month, so the home page's activity stream mixes them with the forums.
        createdAt: new Date(Date.now() - (list.length - n) * 60 * 3_600_000),
        collections: { create: d.collections.map((slug) => ({ collectionId: collectionIds.get(slug)! })) },
        downloads: { create: d.popularity ? months.map((month, i) => ({ month, count: Math.max(0, Math.round(d.popularity * (1 + Math.sin(i + n)) + i)) })) : [] },
      },
    });
    if (d.file) {
      const bytes = await d.file.bytes();
      const stored = await files.put("library", bytes, { extension: d.file.kind });
      const hasText = d.file.kind !== "png";
      const version = await db.documentVersion.create({
        data: { documentId: doc.id, number: 1, fileKey: stored.key, size: stored.size, sha256: stored.sha256, mime: FILE_KINDS[d.file.kind].mime, originalName: d.file.name, uploadedById: userId, extractionStatus: hasText ? "pending" : "none" },
      });
      await db.libraryDocument.update({ where: { id: doc.id }, data: { currentVersionId: version.id } });
      if (hasText) await db.extractionJob.create({ data: { versionId: version.id } });
    }
    await db.searchOutbox.create({ data: { entityType: "document", entityId: String(doc.id) } });
    // As in the app: whoever adds a document watches it (hears about new versions).
    await db.watch.createMany({ data: [{ userId, targetType: "document", targetId: String(doc.id) }], skipDuplicates: true });
  }
  await seedDiscussion(db, userIds);
  log.info({ documents: list.length, collections: COLLECTIONS.length, ms: Date.now() - started }, "demo library added");
}

const DISCUSSION = [
  { by: "facilitator", body: "A thread to discuss the [learning history](LINK). Which chapter rang truest for your place?" },
  { by: "amina-hussain", body: "Chapter one. The moment everyone put their budgets on the table was exactly how it felt in Bradford – uncomfortable for a week, then the most useful thing we did." },
  { by: "gareth-pryce", body: "For me it was chapter three. Trust between the chief executives came first; the programme only made it visible." },
];

/** The learning history's discussion thread, in the forum the library opens discussions in. */
async function seedDiscussion(db: PrismaClient, userIds: Map<string, string>) {
  const doc = await db.libraryDocument.findFirst({ where: { itemType: "learning_history" } });
  if (!doc) return;
  const user = (h: string) => userIds.get(h) ?? [...userIds.values()][0];
  const forum = await db.forum.create({ data: { slug: DISCUSSION_FORUM_SLUG, name: "Library discussions", description: "Conversations about the documents in the learning library.", kind: "theme", position: 100 } });
  const start = Date.now() - 20 * 24 * 3_600_000;
  const title = `Discussion: ${doc.title}`;
  await db.$transaction(async (tx) => {
    const thread = await tx.thread.create({ data: { forumId: forum.id, authorId: user(DISCUSSION[0].by), title, slug: slugify(title), postCount: DISCUSSION.length, createdAt: new Date(start), lastPostAt: new Date(start + (DISCUSSION.length - 1) * 7 * 3_600_000) } });
    let lastId = 0;
    for (const [i, p] of DISCUSSION.entries()) {
      const source = p.body.replace("LINK", `/library/${doc.id}-${doc.slug}`);
      const post = await tx.post.create({ data: { threadId: thread.id, authorId: user(p.by), number: i + 1, bodySource: source, bodyHtml: renderMarkdown(source), createdAt: new Date(start + i * 7 * 3_600_000) } });
      lastId = post.id;
    }
    await tx.thread.update({ where: { id: thread.id }, data: { lastPostId: lastId } });
    await tx.forum.update({ where: { id: forum.id }, data: { threadCount: 1, postCount: DISCUSSION.length, lastPostAt: new Date(start + (DISCUSSION.length - 1) * 7 * 3_600_000) } });
    await tx.libraryDocument.update({ where: { id: doc.id }, data: { discussionThreadId: thread.id } });
    await tx.searchOutbox.create({ data: { entityType: "thread", entityId: String(thread.id) } });
  });
}
