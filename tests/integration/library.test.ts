import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSearchSource } from "../../server/modules/library/search-source.ts";
import { monthKey } from "../../server/modules/library/library.ts";
import { startTestServer, type TestServer } from "../fixtures/server.ts";
import { HTML_AS_PDF, makeDocx, makePdf, makePptx, makeZipBomb, TINY_PNG } from "../fixtures/library-files.ts";
import { newMember, type Member } from "./_members.ts";

let server: TestServer;
let member: Member;
let other: Member;
let facilitator: Member;

beforeAll(async () => {
  server = await startTestServer();
  member = await newMember(server);
  other = await newMember(server);
  facilitator = await newMember(server, { role: "facilitator" });
});
afterAll(() => server?.stop());

const META = { title: "Total Place learning history: chapter voices", itemType: "learning_history", authors: "Jane Hargreaves", publishedYear: "2010", publisher: "Leadership Centre", themes: "Housing", places: "Cumbria" };

/** Posts the upload form as a browser without JavaScript would (multipart, same origin). */
async function upload(who: Member, url: string, file: { name: string; bytes: Uint8Array; type?: string } | null, fields: Record<string, string> = META, headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.type ?? "application/octet-stream" }), file.name);
  return fetch(server.url + url, { method: "POST", body: form, redirect: "manual", headers: { origin: server.url, cookie: who.cookie, ...headers } });
}

async function waitForExtraction(versionId: number) {
  for (let i = 0; i < 600; i++) {
    const v = await server.services.db.documentVersion.findUniqueOrThrow({ where: { id: versionId } });
    if (v.extractionStatus !== "pending") return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("extraction did not finish");
}

const storedFiles = () => {
  const dir = path.join(server.dataDir, "uploads", "library");
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

describe("library over HTTP", () => {
  let documentId: number;
  let docPath: string;
  let firstVersionId: number;

  it("uploads a PDF, extracts its text page by page in the background, and shows the status", async () => {
    const pdf = await makePdf(["Chapter one: the count in Cumbria", "Chapter two: \"We had never sat in one room\"", "Chapter three: what changed in the pilots"]);
    const res = await upload(member, "/library/new", { name: "learning-history.pdf", bytes: pdf, type: "application/pdf" });
    expect(res.status).toBe(302);
    docPath = res.headers.get("location")!;
    expect(docPath).toMatch(/^\/library\/\d+-total-place-learning-history-chapter-voices$/);
    documentId = Number(/\/library\/(\d+)/.exec(docPath)![1]);
    const doc = await server.services.db.libraryDocument.findUniqueOrThrow({ where: { id: documentId } });
    firstVersionId = doc.currentVersionId!;
    const version = await waitForExtraction(firstVersionId);
    expect(version.extractionStatus).toBe("done");
    expect(version.pageCount).toBe(3);
    const pages = await server.services.db.documentPage.findMany({ where: { versionId: firstVersionId }, orderBy: { number: "asc" } });
    expect(pages[1].text).toContain("We had never sat in one room");

    const html = await (await member.client.get(docPath)).text();
    expect(html).toContain("Text extracted: 3 pages");
    expect(html).toMatch(/<iframe[^>]+src="\/library\/\d+\/files\/\d+\?inline=1"/);

    const outbox = await server.services.db.searchOutbox.count({ where: { entityType: "document", entityId: String(documentId) } });
    expect(outbox).toBeGreaterThanOrEqual(2); // the upload and the finished extraction
    const records = await documentSearchSource.records(server.services.db, String(documentId));
    expect(records.map((r) => r.id)).toEqual([`document:${documentId}`, ...[1, 2, 3].map((n) => `document:${documentId}:page:${n}`)]);
    expect(records[2]).toMatchObject({ page: 2, entity: `document:${documentId}`, type: "document", url: `${docPath}/file#page=2`, places: ["Cumbria"] });
  });

  it("serves downloads with the stored type, attachment, nosniff and ranges, counting one per month", async () => {
    const url = `/library/${documentId}/files/${firstVersionId}`;
    const res = await fetch(server.url + url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="learning-history.pdf"/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new TextDecoder().decode((await res.arrayBuffer()).slice(0, 5))).toBe("%PDF-");

    const inline = await fetch(`${server.url}${url}?inline=1`);
    expect(inline.headers.get("content-disposition")).toMatch(/^inline;/);
    expect(inline.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    await inline.arrayBuffer();

    const ranged = await fetch(server.url + url, { headers: { range: "bytes=5-9" } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toMatch(/^bytes 5-9\/\d+$/);
    expect((await ranged.arrayBuffer()).byteLength).toBe(5);

    const current = await fetch(`${server.url}${docPath}/file`);
    expect(current.headers.get("content-disposition")).toMatch(/^inline;/);
    await current.arrayBuffer();

    const row = await server.services.db.documentDownload.findUniqueOrThrow({ where: { documentId_month: { documentId, month: monthKey(new Date()) } } });
    // Counted: the download and the opening of /file. Not counted: the preview frame's inline request, and the
    // range request from byte 5 (part of a download already counted).
    expect(row.count).toBe(2);
    expect(await server.services.db.documentDownload.count({ where: { documentId } })).toBe(1);
    expect(await (await member.client.get(docPath)).text()).toContain("2 downloads in all");
  });

  it("keeps old versions downloadable after a new upload; only the owner or a facilitator may upload one", async () => {
    const refused = await upload(other, `${docPath}/versions/new`, { name: "v2.pdf", bytes: await makePdf(["intruder"]) }, {});
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Only the person who added this document");

    const res = await upload(member, `${docPath}/versions/new`, { name: "learning-history-v2.pdf", bytes: await makePdf(["Revised chapter one", "Revised chapter two"]) }, {});
    expect(res.status).toBe(302);
    const versions = await server.services.db.documentVersion.findMany({ where: { documentId }, orderBy: { number: "asc" } });
    expect(versions.map((v) => v.number)).toEqual([1, 2]);
    expect((await waitForExtraction(versions[1].id)).pageCount).toBe(2);
    const old = await fetch(`${server.url}/library/${documentId}/files/${firstVersionId}`);
    expect(old.status).toBe(200);
    expect(old.headers.get("content-disposition")).toContain("learning-history.pdf");
    await old.arrayBuffer();
    const records = await documentSearchSource.records(server.services.db, String(documentId));
    expect(records).toHaveLength(3);
    expect(records[1].body).toContain("Revised chapter one");
  });

  it("refuses bad files with a clear message and keeps nothing", async () => {
    const before = storedFiles().length;
    const documents = await server.services.db.libraryDocument.count();
    const cases: [string, Uint8Array, RegExp][] = [
      ["report.pdf", HTML_AS_PDF, /named as a PDF but its contents are not one/],
      ["empty.pdf", new Uint8Array(0), /empty/],
      ["bomb.docx", makeZipBomb(), /zip bomb/],
      ["damaged.pdf", (await makePdf(["a", "b"])).slice(0, 300), /damaged/],
      ["page.html", new TextEncoder().encode("<p>hi</p>"), /must be a PDF, Word/],
    ];
    for (const [name, bytes, message] of cases) {
      const res = await upload(member, "/library/new", { name, bytes });
      expect(res.status, name).toBe(422);
      expect((await res.text()).replace(/&#x27;/g, "'"), name).toMatch(message);
    }
    // The same through the page's XMLHttpRequest path, which answers in JSON.
    const xhr = await upload(member, "/library/new?_data=routes%2Flibrary.new", { name: "report.pdf", bytes: HTML_AS_PDF }, META, { "X-Upload-Progress": "1" });
    expect(xhr.status).toBe(422);
    expect(((await xhr.json()) as { fieldErrors: Record<string, string> }).fieldErrors.file).toMatch(/not one/);

    expect(storedFiles().length).toBe(before);
    expect(fs.readdirSync(path.join(server.dataDir, "uploads", ".incoming"))).toEqual([]);
    expect(await server.services.db.libraryDocument.count()).toBe(documents);
  });

  it("refuses a file over 50 MB and keeps nothing", async () => {
    const before = storedFiles().length;
    const big = new Uint8Array(50 * 1024 * 1024 + 10);
    big.set(new TextEncoder().encode("%PDF-1.4\n"));
    const res = await upload(member, "/library/new", { name: "huge.pdf", bytes: big });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("The file must be smaller than 50 MB");
    expect(storedFiles().length).toBe(before);
  });

  it("never serves an uploaded text file inline, even when asked", async () => {
    const res = await upload(member, "/library/new", { name: "notes.txt", bytes: new TextEncoder().encode("<script>alert(1)</script> notes from Croydon") }, { ...META, title: "Croydon notes", itemType: "other" });
    expect(res.status).toBe(302);
    const id = Number(/\/library\/(\d+)/.exec(res.headers.get("location")!)![1]);
    const doc = await server.services.db.libraryDocument.findUniqueOrThrow({ where: { id } });
    const file = await fetch(`${server.url}/library/${id}/files/${doc.currentVersionId}?inline=1`);
    expect(file.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(file.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    await file.arrayBuffer();
  });

  it("shows slides as a text preview and images inline; nothing to extract from an image", async () => {
    const deck = await upload(member, "/library/new", { name: "summit.pptx", bytes: makePptx([["Total Place summit", "March 2010"], ["The count"]]) }, { title: "Summit deck", itemType: "presentation" });
    expect(deck.status).toBe(302);
    const deckId = Number(/\/library\/(\d+)/.exec(deck.headers.get("location")!)![1]);
    const deckDoc = await server.services.db.libraryDocument.findUniqueOrThrow({ where: { id: deckId } });
    expect((await waitForExtraction(deckDoc.currentVersionId!)).pageCount).toBe(2);
    const deckPage = await (await member.client.get(deck.headers.get("location")!)).text();
    expect(deckPage).toContain("Text extracted: 2 pages");
    expect(deckPage).toContain("Slide 2</h3>");
    expect(deckPage).toContain("The count");

    const image = await upload(member, "/library/new", { name: "recording.png", bytes: TINY_PNG }, { title: "Graphic recording", itemType: "graphic_recording" });
    const imageId = Number(/\/library\/(\d+)/.exec(image.headers.get("location")!)![1]);
    const imageDoc = await server.services.db.libraryDocument.findUniqueOrThrow({ where: { id: imageId }, include: { currentVersion: true } });
    expect(imageDoc.currentVersion!.extractionStatus).toBe("none");
    const file = await fetch(`${server.url}/library/${imageId}/files/${imageDoc.currentVersionId}?inline=1`);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(file.headers.get("content-disposition")).toMatch(/^inline;/);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(TINY_PNG);
    expect(await (await member.client.get(image.headers.get("location")!)).text()).toContain("No text to extract (image)");
  });

  it("adds links and Word files; browses with facet counts", async () => {
    const link = await upload(member, "/library/new", null, { title: "Total Place summit film", itemType: "video", linkUrl: "https://video.example.org/summit", publishedYear: "2010", places: "Kent" });
    expect(link.status).toBe(302);
    const word = await upload(member, "/library/new", { name: "guide.docx", bytes: makeDocx([["Practitioner guide page one"], ["Page two"]]) }, { title: "Practitioner's guide", itemType: "guide", publishedYear: "2009", themes: "Housing" });
    expect(word.status).toBe(302);
    const neither = await upload(member, "/library/new", null, { title: "Nothing attached", itemType: "other" });
    expect(neither.status).toBe(422);

    const browse = await server.services.library.browseDocuments(null, {});
    const count = (facet: keyof typeof browse.facets, value: string) => browse.facets[facet].find((f) => f.value === value)?.count;
    expect(count("type", "video")).toBe(1);
    expect(count("type", "guide")).toBe(1);
    expect(count("year", "2010")).toBe(3);
    expect(count("theme", "Housing")).toBe(3);
    expect(browse.documents[0].title).toBe("Practitioner's guide"); // newest first

    const filtered = await server.services.library.browseDocuments(null, { year: 2010, place: "Kent" });
    expect(filtered.documents.map((d) => d.title)).toEqual(["Total Place summit film"]);
    const page = await (await fetch(`${server.url}/library?type=guide`)).text();
    expect(page).toContain("Practitioner&#x27;s guide");
    expect(page).not.toContain("Total Place summit film");
  });

  it("lets facilitators curate collections, and opens one discussion thread per document", async () => {
    await expect(server.services.library.createCollection(member.caller, { name: "Total Place learning history" })).rejects.toThrow(/facilitators/);
    const c = await server.services.library.createCollection(facilitator.caller, { name: "Total Place learning history", description: "The story of the pilots." });
    await server.services.library.setCollectionMembership(facilitator.caller, { documentId, collectionSlug: c.slug, member: true });
    const browse = await server.services.library.browseDocuments(null, { collection: c.slug });
    expect(browse.documents.map((d) => d.id)).toEqual([documentId]);
    expect(browse.facets.collection).toEqual([{ value: c.slug, label: "Total Place learning history", count: 1 }]);
    // Renaming a collection reindexes its documents: search results show collection names.
    const queued = await server.services.db.searchOutbox.count({ where: { entityType: "document", entityId: String(documentId) } });
    await server.services.library.updateCollection(facilitator.caller, { slug: c.slug, name: "Learning histories", description: "The story of the pilots." });
    expect(await server.services.db.searchOutbox.count({ where: { entityType: "document", entityId: String(documentId) } })).toBe(queued + 1);
    expect((await documentSearchSource.records(server.services.db, String(documentId)))[0].context).toContain("Learning histories");

    const first = await server.services.library.startDiscussion(other.caller, { documentId });
    const again = await server.services.library.startDiscussion(member.caller, { documentId });
    expect(again.url).toBe(first.url);
    expect(first.url).toMatch(/^\/forums\/library-discussions\/t\/\d+-discussion-total-place/);
    expect(await (await member.client.get(docPath)).text()).toContain("Join the discussion about this document");
  });
});

describe("editing details", () => {
  it("lets the owner or a facilitator edit; the address stays; the search outbox hears of it", async () => {
    const res = await upload(member, "/library/new", { name: "kent.pdf", bytes: await makePdf(["Kent"]) }, { title: "Kent pilot notes", itemType: "report" });
    const url = res.headers.get("location")!;
    const id = Number(/\/library\/(\d+)/.exec(url)![1]);
    const fields = { title: "Kent pilot: final notes", itemType: "case_study", publishedDay: "31", publishedMonth: "2", publishedYear: "2010" };
    const invalid = await member.client.post(`${url}/edit`, fields);
    expect(invalid.status).toBe(422);
    expect(await invalid.text()).toContain("Date published must be a real date");
    const refused = await other.client.post(`${url}/edit`, { ...fields, publishedDay: "1" });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Only the person who added this document, or a facilitator, can change it");
    const before = await server.services.db.searchOutbox.count({ where: { entityType: "document", entityId: String(id) } });
    const saved = await facilitator.client.post(`${url}/edit`, { ...fields, publishedDay: "1", places: "Kent" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(url);
    const doc = await server.services.db.libraryDocument.findUniqueOrThrow({ where: { id } });
    expect(doc).toMatchObject({ title: "Kent pilot: final notes", itemType: "case_study", publishedYear: 2010, places: ["Kent"] });
    expect(doc.publishedOn?.toISOString()).toBe("2010-02-01T00:00:00.000Z");
    expect(await server.services.db.searchOutbox.count({ where: { entityType: "document", entityId: String(id) } })).toBe(before + 1);
  });
});

describe("background extraction", () => {
  it("retries a failed extraction later with backoff, then succeeds", async () => {
    const res = await upload(member, "/library/new", { name: "retry.pdf", bytes: await makePdf(["Gateshead page one", "Gateshead page two"]) }, { title: "Gateshead retry test", itemType: "report" });
    expect(res.status).toBe(302);
    const id = Number(/\/library\/(\d+)/.exec(res.headers.get("location")!)![1]);
    const doc = await server.services.db.libraryDocument.findUniqueOrThrow({ where: { id } });
    const version = await server.services.db.documentVersion.findUniqueOrThrow({ where: { id: doc.currentVersionId! } });
    await waitForExtraction(version.id);
    // Run it again with the file briefly unreadable, as after a storage hiccup.
    const file = server.services.files.pathOf(version.fileKey);
    fs.renameSync(file, `${file}.away`);
    await server.services.db.documentVersion.update({ where: { id: version.id }, data: { extractionStatus: "pending" } });
    await server.services.db.extractionJob.update({ where: { versionId: version.id }, data: { finishedAt: null, attempts: 0, nextTryAt: new Date(), lockedUntil: null } });
    await server.services.library.extractionWorker.stop();
    try {
      expect(await server.services.library.extractionWorker.runOnce()).toBe(true);
      const job = await server.services.db.extractionJob.findUniqueOrThrow({ where: { versionId: version.id } });
      expect(job).toMatchObject({ attempts: 1, finishedAt: null });
      expect(job.lastError).toMatch(/ENOENT/);
      expect(job.nextTryAt.getTime()).toBeGreaterThan(Date.now());
      expect((await server.services.db.documentVersion.findUniqueOrThrow({ where: { id: version.id } })).extractionStatus).toBe("pending");
      expect(await server.services.library.extractionWorker.runOnce()).toBe(false); // not due yet

      fs.renameSync(`${file}.away`, file);
      await server.services.db.extractionJob.update({ where: { versionId: version.id }, data: { nextTryAt: new Date() } });
      expect(await server.services.library.extractionWorker.runOnce()).toBe(true);
      const done = await server.services.db.documentVersion.findUniqueOrThrow({ where: { id: version.id } });
      expect(done).toMatchObject({ extractionStatus: "done", pageCount: 2 });
    } finally {
      server.services.library.extractionWorker.start();
    }
  });

  it("removes a document with its files (owner or facilitator only)", async () => {
    const res = await upload(member, "/library/new", { name: "gone.pdf", bytes: await makePdf(["to be removed"]) }, { title: "To be removed", itemType: "other" });
    const id = Number(/\/library\/(\d+)/.exec(res.headers.get("location")!)![1]);
    const doc = await server.services.db.libraryDocument.findUniqueOrThrow({ where: { id }, include: { currentVersion: true } });
    const file = server.services.files.pathOf(doc.currentVersion!.fileKey);
    await waitForExtraction(doc.currentVersion!.id);
    await expect(server.services.library.removeDocument(other.caller, { documentId: id })).rejects.toThrow(/Only the person who added/);
    const removed = await other.client.post(`/library/${id}-to-be-removed`, { intent: "remove" });
    expect(removed.status).toBe(422);
    // Read the page to its end: a response left unread holds the connection (and the server's shutdown) open.
    expect(await removed.text()).toContain("Only the person who added this document");
    expect(fs.existsSync(file)).toBe(true);
    const ok = await facilitator.client.post(`/library/${id}-to-be-removed`, { intent: "remove" });
    expect(ok.status).toBe(302);
    expect(fs.existsSync(file)).toBe(false);
    expect(await server.services.db.libraryDocument.findUnique({ where: { id } })).toBeNull();
    expect(await documentSearchSource.records(server.services.db, String(id))).toEqual([]);
    const gone = await fetch(`${server.url}/library/${id}/files/${doc.currentVersionId}`);
    expect(gone.status).toBe(404);
    await gone.text();
  });
});

// ── Wiring: search, notifications, digest, home ──
describe("library wired into search, notifications, the digest and the home page", () => {
  const PAGE_THREE = "Wirral hydrotherapy pathway";
  let docPath: string;
  let documentId: number;

  it("finds a phrase from page 3 on /search once extraction and the search outbox have run, linking to that page", async () => {
    const pdf = await makePdf(["Pooled budgets in the opening chapter", "Customer insight work in the middle", `The ${PAGE_THREE} changed how carers were supported`, "Closing reflections"]);
    const res = await upload(member, "/library/new", { name: "wirral-pathways.pdf", bytes: pdf, type: "application/pdf" }, { ...META, title: "Wirral pathways: a learning history" });
    expect(res.status).toBe(302);
    docPath = res.headers.get("location")!;
    documentId = Number(/\/library\/(\d+)/.exec(docPath)![1]);
    const doc = await server.services.db.libraryDocument.findUniqueOrThrow({ where: { id: documentId } });
    // Run extraction here (the background worker may have claimed it already: then wait for it).
    while (await server.services.library.extractionWorker.runOnce());
    expect((await waitForExtraction(doc.currentVersionId!)).pageCount).toBe(4);
    // The finished extraction wrote its own outbox row; draining it indexes the pages.
    expect(await server.services.db.searchOutbox.count({ where: { entityType: "document", entityId: String(documentId) } })).toBeGreaterThanOrEqual(2);
    await server.services.searchIndexer.worker.drain();

    const html = (await (await other.client.get(`/search?q=${encodeURIComponent(PAGE_THREE)}`)).text()).replace(/<!-- -->/g, "");
    const hit = new RegExp(`<a class="govuk-link" href="${docPath}/file#page=(\\d+)" data-result="">Wirral pathways: a learning history<span class="tpc-search-result__page"> – page (\\d+)</span></a>`).exec(html);
    expect(hit, "the page-3 hit on /search").not.toBeNull();
    expect(hit![1]).toBe("3");
    expect(hit![2]).toBe("3");
    // Only page 3 holds the phrase: no other page of the document is a hit.
    expect(html).not.toContain(`${docPath}/file#page=1"`);

    // The hit's address opens the current PDF inline (the fragment never reaches the server).
    const file = await fetch(`${server.url}${docPath}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(file.headers.get("content-disposition")).toMatch(/^inline;/);
    await file.arrayBuffer();
  });

  it("the uploader watches their document; a new version notifies its watchers but never the uploader", async () => {
    expect(await server.services.notifications.watchState(member.caller, { targetType: "document", targetId: documentId })).toBe("watching");
    const ownPage = await (await member.client.get(docPath)).text();
    expect(ownPage).toContain("You are watching this document.");
    const otherPage = await (await other.client.get(docPath)).text();
    expect(otherPage).toContain("Watch this document");

    // The watch buttons post to /watch, which now accepts documents (and refuses ones that do not exist).
    expect((await other.client.post("/watch", { targetType: "document", targetId: String(documentId), state: "watch", next: docPath })).status).toBe(302);
    expect(await server.services.notifications.watchState(other.caller, { targetType: "document", targetId: documentId })).toBe("watching");
    const missing = await other.client.post("/watch", { targetType: "document", targetId: "999999", state: "watch", next: "/" });
    expect(missing.status).not.toBe(302);
    await missing.arrayBuffer();

    const noticesOf = (m: Member) => server.services.db.notification.findMany({ where: { userId: m.caller.id, kind: "document_version" } });
    const res = await upload(member, `${docPath}/versions/new`, { name: "wirral-pathways-v2.pdf", bytes: await makePdf(["Second edition"]) }, {});
    expect(res.status).toBe(302);
    const [notice] = await noticesOf(other);
    expect(notice).toMatchObject({ kind: "document_version", url: docPath });
    expect(await noticesOf(member)).toHaveLength(0);

    // A facilitator's new version tells the owner (auto-watching), not the facilitator.
    const byFacilitator = await upload(facilitator, `${docPath}/versions/new`, { name: "wirral-pathways-v3.pdf", bytes: await makePdf(["Third edition"]) }, {});
    expect(byFacilitator.status).toBe(302);
    expect(await noticesOf(member)).toHaveLength(1);
    expect(await noticesOf(facilitator)).toHaveLength(0);
  });

  it("lists new documents in the weekly digest and in the home page's activity stream", async () => {
    const before = await server.services.db.mailOutbox.count();
    await server.services.notifications.runDigest({ now: new Date() });
    const mails = await server.services.db.mailOutbox.findMany({ where: { to: other.email }, orderBy: { id: "desc" } });
    expect(await server.services.db.mailOutbox.count()).toBeGreaterThan(before);
    const digest = mails.find((m) => m.subject === "This week in Total Place");
    expect(digest?.text).toContain("New in the library");
    const library = digest!.text.split("\n\n").find((section) => section.startsWith("New in the library"));
    expect(library).toContain("- Wirral pathways: a learning history (Learning history, Leadership Centre)");
    expect(library).toContain(`${docPath}\n`);

    const home = await server.services.home.getHome(other.caller);
    expect(home.activity).toContainEqual(expect.objectContaining({ kind: "document", title: "Wirral pathways: a learning history", url: docPath, where: "Library" }));
    const html = (await (await other.client.get("/")).text()).replace(/<!-- -->/g, "");
    expect(html).toContain(`href="${docPath}"`);
  });
});
