import { Readable } from "node:stream";
import { open } from "node:fs/promises";
import type { Prisma } from "../../db/generated/client.ts";
import { Forbidden, NotFound, SignInRequired, TooManyRequests, UserError, ValidationError, validate } from "../../lib/errors.ts";
import { RateLimiter } from "../../lib/rate-limit.ts";
import { existingId } from "../../lib/ids.ts";
import { slugify } from "../../lib/slug.ts";
import { FileTooLarge, type StoredFile } from "../../storage/file-store.ts";
import { isFacilitator, type Caller, type ModuleDeps } from "../deps.ts";
import type { ForumsService } from "../forums/forums.ts";
import type { NotificationsService } from "../notifications/notifications.ts";
import { buildAtom } from "../../lib/atom.ts";
import { BadFile, checkMagicBytes, FILE_KINDS, hasText, kindFromName, type FileKind } from "./extraction.ts";
import { runInThread } from "./extraction-runner.ts";
import { createExtractionWorker } from "./extraction-worker.ts";
import { browseSchema, collectionSchema, DISCUSSION_FORUM_SLUG, documentSchema, DOCUMENTS_PER_PAGE, ITEM_TYPES, MAX_UPLOAD_BYTES, MAX_UPLOAD_LABEL, type BrowseInput, type ItemType } from "./library.schema.ts";

type Tx = Prisma.TransactionClient;

/** A file received and checked, not yet attached to a document. */
export interface StagedUpload extends StoredFile {
  kind: FileKind;
  mime: string;
  originalName: string;
}

export { DISCUSSION_FORUM_SLUG };

export const documentUrl = (d: { id: number; slug: string }) => `/library/${d.id}-${d.slug}`;
export const fileUrl = (documentId: number, versionId: number) => `/library/${documentId}/files/${versionId}`;

/** "2026-11" for the month an instant falls in (UTC). */
export const monthKey = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;

/** The last 12 month keys, oldest first, ending with the current month. */
export function lastTwelveMonths(now = new Date()) {
  return Array.from({ length: 12 }, (_, i) => monthKey(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11 + i, 1))));
}

/** The first bytes of a stored file, for the cheap type check before the thorough one. */
async function readHead(filePath: string) {
  const handle = await open(filePath, "r");
  try {
    const head = new Uint8Array(16);
    const { bytesRead } = await handle.read(head, 0, 16, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function safeOriginalName(name: string) {
  const base = name.split(/[\\/]/).pop() ?? "file";
  const printable = [...base].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f && c !== '"').join("");
  return printable.slice(0, 200) || "file";
}

export function createLibrary(deps: ModuleDeps & { forums?: ForumsService; notifications?: NotificationsService; publicUrl?: string }) {
  const { db, log, files, changes, notifications } = deps;
  // Thirty files an hour is plenty for a person sharing their work, and a wall for a bot filling the disk.
  const uploadLimiter = new RateLimiter(30, 60 * 60_000);

  function requireMember(caller: Caller) {
    if (!caller) throw new SignInRequired();
    return caller;
  }
  function requireFacilitator(caller: Caller) {
    const c = requireMember(caller);
    if (!isFacilitator(c)) throw new Forbidden("Only facilitators can curate the library");
    return c;
  }
  const canEdit = (caller: Caller, doc: { createdById: string }) => !!caller && (caller.id === doc.createdById || isFacilitator(caller));

  async function enqueueIndex(tx: Tx, documentId: number) {
    await tx.searchOutbox.create({ data: { entityType: "document", entityId: String(documentId) } });
  }

  // ── Uploads ─────────────────────────────────────────────────────────────────────────

  /**
   * Streams an uploaded file into the file store (never holding 50 MB in memory while it arrives), then
   * checks it: the type from its name must be accepted, its first bytes must match that type, and it must
   * open (not damaged, encrypted or a zip bomb). Anything refused is removed before the error is thrown.
   */
  async function stageUpload(caller: Caller, input: { fileName: string; data: AsyncIterable<Uint8Array> | Uint8Array }): Promise<StagedUpload> {
    const member = requireMember(caller);
    const originalName = safeOriginalName(input.fileName);
    const kind = kindFromName(originalName);
    const refuse = async (error: Error) => {
      if (!(input.data instanceof Uint8Array)) for await (const _ of input.data) void _; // drain the refused part
      throw error;
    };
    const wait = uploadLimiter.hit(member.id);
    if (wait) await refuse(new TooManyRequests(`You have uploaded a lot of files in the last hour. Wait ${Math.ceil(wait / 60)} minutes, then try again.`, wait));
    if (!kind) return refuse(new ValidationError({ file: "The file must be a PDF, Word (.docx), OpenDocument text (.odt), PowerPoint (.pptx), text (.txt, .md) or image (PNG, JPEG, WebP)" }));
    let stored: StoredFile;
    try {
      stored = await files.put("library", input.data instanceof Uint8Array ? input.data : Readable.from(input.data), { extension: kind, maxBytes: MAX_UPLOAD_BYTES });
    } catch (error) {
      if (error instanceof FileTooLarge) throw new ValidationError({ file: `The file must be smaller than ${MAX_UPLOAD_LABEL}` });
      throw error;
    }
    try {
      if (stored.size === 0) throw new BadFile("The selected file is empty.");
      checkMagicBytes(kind, await readHead(files.pathOf(stored.key)));
      await runInThread("inspect", kind, files.pathOf(stored.key));
    } catch (error) {
      await files.remove(stored.key);
      if (error instanceof BadFile) throw new ValidationError({ file: error.message });
      throw error;
    }
    return { ...stored, kind, mime: FILE_KINDS[kind].mime, originalName };
  }

  /** Removes a staged file that will not be used (the rest of the form was refused). */
  async function discardUpload(upload: StagedUpload | null | undefined) {
    if (upload) await files.remove(upload.key);
  }

  function versionData(upload: StagedUpload, uploadedById: string) {
    return {
      fileKey: upload.key,
      size: upload.size,
      sha256: upload.sha256,
      mime: upload.mime,
      originalName: upload.originalName,
      uploadedById,
      extractionStatus: hasText(upload.kind) ? ("pending" as const) : ("none" as const),
    };
  }

  function fieldsFrom(input: unknown) {
    const data = validate(documentSchema, input);
    const publishedOn = data.publishedYear && data.publishedMonth ? new Date(Date.UTC(data.publishedYear, data.publishedMonth - 1, data.publishedDay ?? 1)) : null;
    if (publishedOn && data.publishedDay && publishedOn.getUTCDate() !== data.publishedDay) throw new ValidationError({ publishedDay: "Date published must be a real date" });
    return {
      title: data.title,
      slug: slugify(data.title),
      authors: data.authors,
      itemType: data.itemType,
      themes: [...new Set(data.themes.filter(Boolean))],
      places: [...new Set(data.places.filter(Boolean))],
      publishedYear: data.publishedYear,
      publishedOn,
      publisher: data.publisher,
      description: data.description,
      licence: data.licence,
      linkUrl: data.linkUrl ?? null,
    };
  }

  // ── Documents ───────────────────────────────────────────────────────────────────────

  /** Adds a document: an uploaded file (staged first) or a link. Any member may add. */
  async function createDocument(caller: Caller, input: { upload?: StagedUpload | null } & Record<string, unknown>) {
    const author = requireMember(caller);
    const { upload, ...rest } = input;
    let fields;
    try {
      fields = fieldsFrom(rest);
      if (!upload && !fields.linkUrl) throw new ValidationError({ file: "Choose a file to upload, or enter a link" });
      if (upload && fields.linkUrl) throw new ValidationError({ linkUrl: "Upload a file or enter a link, not both" });
    } catch (error) {
      await discardUpload(upload);
      throw error;
    }
    const doc = await db.$transaction(async (tx) => {
      const d = await tx.libraryDocument.create({ data: { ...fields, createdById: author.id } });
      if (upload) {
        const v = await tx.documentVersion.create({ data: { ...versionData(upload, author.id), documentId: d.id, number: 1 } });
        await tx.libraryDocument.update({ where: { id: d.id }, data: { currentVersionId: v.id } });
        if (v.extractionStatus === "pending") await tx.extractionJob.create({ data: { versionId: v.id } });
      }
      // The person who added it hears about new versions others upload.
      await notifications?.watch(tx, author.id, { targetType: "document", targetId: d.id });
      await enqueueIndex(tx, d.id);
      return d;
    });
    log.info({ documentId: doc.id, by: author.handle }, "library document added");
    changes.changed(["lists"]);
    worker.wake();
    return { documentId: doc.id, url: documentUrl(doc) };
  }

  async function documentFor(caller: Caller, documentId: unknown, forEdit = false) {
    const id = existingId(documentId, "Document");
    const doc = await db.libraryDocument.findUnique({ where: { id } });
    if (!doc) throw new NotFound("Document");
    if (forEdit) {
      requireMember(caller);
      if (!canEdit(caller, doc)) throw new Forbidden("Only the person who added this document, or a facilitator, can change it");
    }
    return doc;
  }

  async function updateDocument(caller: Caller, input: { documentId: unknown } & Record<string, unknown>) {
    const doc = await documentFor(caller, input.documentId, true);
    const fields = fieldsFrom(input);
    if (!doc.currentVersionId && !fields.linkUrl) throw new ValidationError({ linkUrl: "Enter the link" });
    if (doc.currentVersionId) fields.linkUrl = null;
    // The slug stays stable so links keep working after a rename.
    const { slug: _slug, ...data } = fields;
    await db.$transaction(async (tx) => {
      await tx.libraryDocument.update({ where: { id: doc.id }, data });
      await enqueueIndex(tx, doc.id);
    });
    changes.changed([`document:${doc.id}`, "lists"]);
    return { url: documentUrl(doc) };
  }

  /** Uploads a new file for a document; earlier versions stay downloadable. */
  async function addVersion(caller: Caller, input: { documentId: unknown; upload: StagedUpload | null }) {
    let doc;
    try {
      doc = await documentFor(caller, input.documentId, true);
      if (!input.upload) throw new ValidationError({ file: "Choose a file to upload" });
      if (doc.linkUrl) throw new UserError("This item is a link: it has no files", 409);
    } catch (error) {
      await discardUpload(input.upload);
      throw error;
    }
    const upload = input.upload;
    const actor = caller!;
    const { version, notified } = await db.$transaction(async (tx) => {
      const last = await tx.documentVersion.findFirst({ where: { documentId: doc.id }, orderBy: { number: "desc" }, select: { number: true } });
      const v = await tx.documentVersion.create({ data: { ...versionData(upload, actor.id), documentId: doc.id, number: (last?.number ?? 0) + 1 } });
      await tx.libraryDocument.update({ where: { id: doc.id }, data: { currentVersionId: v.id } });
      if (v.extractionStatus === "pending") await tx.extractionJob.create({ data: { versionId: v.id } });
      await enqueueIndex(tx, doc.id);
      const told = await notifications?.notify(tx, {
        kind: "document_version",
        watchersOf: { targetType: "document", targetId: doc.id },
        actorId: actor.id,
        subject: { type: "document", id: doc.id, title: doc.title, url: documentUrl(doc) },
        excerpt: `Version ${v.number} (${upload.originalName}) was uploaded by ${actor.fullName}.`,
      });
      return { version: v, notified: told };
    });
    if (notified) notifications?.deliver(notified);
    log.info({ documentId: doc.id, version: version.number, by: actor.handle }, "library version added");
    changes.changed([`document:${doc.id}`, "lists"]);
    worker.wake();
    return { versionId: version.id, number: version.number, url: documentUrl(doc) };
  }

  /** Removes a document and all its versions (the owner or a facilitator). Its discussion thread stays. */
  async function removeDocument(caller: Caller, input: { documentId: unknown }) {
    const doc = await documentFor(caller, input.documentId, true);
    const versions = await db.documentVersion.findMany({ where: { documentId: doc.id }, select: { fileKey: true } });
    await db.$transaction(async (tx) => {
      await tx.libraryDocument.update({ where: { id: doc.id }, data: { currentVersionId: null } });
      await tx.libraryDocument.delete({ where: { id: doc.id } });
      await enqueueIndex(tx, doc.id);
    });
    // Files go only after the rows are gone, so a failed delete never leaves a document without its file.
    for (const v of versions) await files.remove(v.fileKey);
    log.info({ documentId: doc.id, by: caller!.handle }, "library document removed");
    changes.changed([`document:${doc.id}`, "lists"]);
    return { url: "/library" };
  }

  async function getDocument(caller: Caller, input: { documentId: unknown }) {
    const doc = await documentFor(caller, input.documentId);
    const watch = notifications ? await notifications.watchState(caller, { targetType: "document", targetId: doc.id }) : ("none" as const);
    const [versions, collections, downloads, createdBy] = await Promise.all([
      db.documentVersion.findMany({ where: { documentId: doc.id }, orderBy: { number: "desc" }, include: { uploadedBy: { select: { handle: true, fullName: true } } } }),
      db.collectionDocument.findMany({ where: { documentId: doc.id }, include: { collection: { select: { slug: true, name: true } } } }),
      db.documentDownload.findMany({ where: { documentId: doc.id, month: { in: lastTwelveMonths() } } }),
      db.user.findUnique({ where: { id: doc.createdById }, select: { handle: true, fullName: true } }),
    ]);
    const current = versions.find((v) => v.id === doc.currentVersionId) ?? null;
    const kind = current ? kindFromName(current.fileKey) : null;
    // Text preview for files the browser cannot show inline (Word, slides, text).
    const previewPages = current && kind && !FILE_KINDS[kind].inline && current.extractionStatus === "done" ? await db.documentPage.findMany({ where: { versionId: current.id }, orderBy: { number: "asc" }, take: 5 }) : [];
    const counts = new Map(downloads.map((d) => [d.month, d.count]));
    let discussionUrl: string | null = null;
    if (doc.discussionThreadId) {
      const t = await db.thread.findUnique({ where: { id: doc.discussionThreadId }, select: { id: true, slug: true, hidden: true, postCount: true, forum: { select: { slug: true } } } });
      if (t && !t.hidden) discussionUrl = `/forums/${t.forum.slug}/t/${t.id}-${t.slug}`;
    }
    return {
      document: { ...doc, itemTypeLabel: ITEM_TYPES[doc.itemType as ItemType], url: documentUrl(doc) },
      createdBy,
      current: current ? { ...current, kind, inline: kind ? FILE_KINDS[kind].inline : false, url: fileUrl(doc.id, current.id) } : null,
      versions: versions.map((v) => ({ id: v.id, number: v.number, originalName: v.originalName, size: v.size, mime: v.mime, createdAt: v.createdAt, uploadedBy: v.uploadedBy, extractionStatus: v.extractionStatus, pageCount: v.pageCount, url: fileUrl(doc.id, v.id) })),
      previewPages: previewPages.map((p) => ({ number: p.number, text: p.text.slice(0, 4_000) })),
      collections: collections.map((c) => c.collection),
      downloadsByMonth: lastTwelveMonths().map((month) => ({ month, count: counts.get(month) ?? 0 })),
      discussionUrl,
      canEdit: canEdit(caller, doc),
      canCurate: isFacilitator(caller),
      watch,
    };
  }

  /** Everything a download needs; counts the download in its month (one row per document-month). */
  async function openFile(_caller: Caller, input: { documentId: unknown; versionId?: unknown; inline?: boolean; count?: boolean }) {
    const documentId = existingId(input.documentId, "Document");
    const doc = await db.libraryDocument.findUnique({ where: { id: documentId }, select: { id: true, currentVersionId: true } });
    if (!doc) throw new NotFound("Document");
    const versionId = input.versionId == null ? doc.currentVersionId : existingId(input.versionId, "File");
    if (!versionId) throw new NotFound("File");
    const version = await db.documentVersion.findFirst({ where: { id: versionId, documentId } });
    if (!version) throw new NotFound("File");
    const kind = kindFromName(version.fileKey);
    // Only PDFs and raster images are ever shown inline; everything else is an attachment.
    const inline = !!input.inline && !!kind && FILE_KINDS[kind].inline;
    if (input.count !== false) {
      const month = monthKey(new Date());
      await db.documentDownload.upsert({ where: { documentId_month: { documentId, month } }, create: { documentId, month, count: 1 }, update: { count: { increment: 1 } } });
    }
    return { path: files.pathOf(version.fileKey), size: version.size, mime: version.mime, fileName: version.originalName, inline, isPdf: kind === "pdf" };
  }

  /** Opens (or finds) the document's discussion thread in the "Library discussions" forum. */
  async function startDiscussion(caller: Caller, input: { documentId: unknown }) {
    const member = requireMember(caller);
    const doc = await documentFor(caller, input.documentId);
    if (doc.discussionThreadId) {
      const existing = await db.thread.findUnique({ where: { id: doc.discussionThreadId }, select: { id: true, slug: true, forum: { select: { slug: true } } } });
      if (existing) return { url: `/forums/${existing.forum.slug}/t/${existing.id}-${existing.slug}` };
    }
    if (!deps.forums) throw new UserError("Discussions are not available", 409);
    if (!(await db.forum.findUnique({ where: { slug: DISCUSSION_FORUM_SLUG } }))) {
      // The forum is created on first use; the forums module owns everything else about it.
      await db.forum.upsert({ where: { slug: DISCUSSION_FORUM_SLUG }, create: { slug: DISCUSSION_FORUM_SLUG, name: "Library discussions", description: "Conversations about the documents in the learning library.", kind: "theme", position: 100 }, update: {} });
    }
    const thread = await deps.forums.createThread(member, {
      forumSlug: DISCUSSION_FORUM_SLUG,
      title: `Discussion: ${doc.title}`.slice(0, 150),
      body: `A thread to discuss [${doc.title.replace(/[[\]]/g, "")}](${documentUrl(doc)}) from the library.`,
    });
    // Two people starting it at once: the first link wins, the other thread stays as an ordinary thread.
    await db.libraryDocument.updateMany({ where: { id: doc.id, discussionThreadId: null }, data: { discussionThreadId: thread.threadId } });
    changes.changed([`document:${doc.id}`]);
    const linked = await db.libraryDocument.findUnique({ where: { id: doc.id }, select: { discussionThreadId: true } });
    if (linked?.discussionThreadId !== thread.threadId) return startDiscussion(caller, input);
    return { url: thread.url };
  }

  // ── Browsing ────────────────────────────────────────────────────────────────────────

  /**
   * Documents newest first with facet counts (type, theme, place, year, collection). The facet fields of
   * all documents are read once and counted in memory: fine for a library of a few thousand items.
   */
  async function browseDocuments(_caller: Caller, input: BrowseInput = {}) {
    const q = browseSchema.parse(input);
    const all = await db.libraryDocument.findMany({
      select: { id: true, itemType: true, themes: true, places: true, publishedYear: true, createdAt: true, collections: { select: { collection: { select: { slug: true, name: true } } } } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    const collectionNames = new Map<string, string>();
    for (const d of all) for (const c of d.collections) collectionNames.set(c.collection.slug, c.collection.name);
    const matches = (d: (typeof all)[number], skip?: string) =>
      (skip === "type" || !q.type || d.itemType === q.type) &&
      (skip === "theme" || !q.theme || d.themes.includes(q.theme)) &&
      (skip === "place" || !q.place || d.places.includes(q.place)) &&
      (skip === "year" || !q.year || d.publishedYear === q.year) &&
      (skip === "collection" || !q.collection || d.collections.some((c) => c.collection.slug === q.collection));
    const count = (facet: string, values: (d: (typeof all)[number]) => (string | number | null)[]) => {
      const counts = new Map<string, number>();
      for (const d of all) if (matches(d, facet)) for (const v of new Set(values(d))) if (v != null) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
      return [...counts.entries()].map(([value, n]) => ({ value, count: n }));
    };
    const byCount = (a: { value: string; count: number }, b: { value: string; count: number }) => b.count - a.count || a.value.localeCompare(b.value);
    const facets = {
      type: count("type", (d) => [d.itemType]).map((f) => ({ ...f, label: ITEM_TYPES[f.value as ItemType] ?? f.value })).sort(byCount),
      theme: count("theme", (d) => d.themes).map((f) => ({ ...f, label: f.value })).sort(byCount),
      place: count("place", (d) => d.places).map((f) => ({ ...f, label: f.value })).sort(byCount),
      year: count("year", (d) => [d.publishedYear]).map((f) => ({ ...f, label: f.value })).sort((a, b) => Number(b.value) - Number(a.value)),
      collection: count("collection", (d) => d.collections.map((c) => c.collection.slug)).map((f) => ({ ...f, label: collectionNames.get(f.value) ?? f.value })).sort(byCount),
    };
    const ids = all.filter((d) => matches(d)).map((d) => d.id);
    const total = ids.length;
    const pageCount = Math.max(1, Math.ceil(total / DOCUMENTS_PER_PAGE));
    const page = Math.min(q.page ?? 1, pageCount);
    const pageIds = ids.slice((page - 1) * DOCUMENTS_PER_PAGE, page * DOCUMENTS_PER_PAGE);
    const docs = await listCards(pageIds);
    return { filters: { type: q.type ?? null, theme: q.theme ?? null, place: q.place ?? null, year: q.year ?? null, collection: q.collection ?? null }, facets, documents: docs, total, page, pageCount };
  }

  async function listCards(ids: number[]) {
    const rows = await db.libraryDocument.findMany({
      where: { id: { in: ids } },
      include: { currentVersion: { select: { mime: true, size: true, pageCount: true, extractionStatus: true, fileKey: true } } },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const d = byId.get(id);
      if (!d) return [];
      const kind = d.currentVersion ? kindFromName(d.currentVersion.fileKey) : null;
      return [
        {
          id: d.id,
          title: d.title,
          url: documentUrl(d),
          itemType: d.itemType,
          itemTypeLabel: ITEM_TYPES[d.itemType as ItemType],
          authors: d.authors,
          publisher: d.publisher,
          publishedYear: d.publishedYear,
          description: d.description.slice(0, 300),
          format: d.linkUrl ? "Link" : kind ? FILE_KINDS[kind].label : null,
          size: d.currentVersion?.size ?? null,
          pageCount: d.currentVersion?.pageCount ?? null,
          createdAt: d.createdAt,
        },
      ];
    });
  }

  /** The newest library items, for feeds and the home page. */
  async function listRecentDocuments(_caller: Caller, input: { limit?: number } = {}) {
    const rows = await db.libraryDocument.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: Math.min(Math.max(1, input.limit ?? 5), 50), select: { id: true } });
    return listCards(rows.map((r) => r.id));
  }

  /** One member's library documents, newest first, for their profile (by user id or handle). */
  async function listDocumentsBy(_caller: Caller, input: { userId?: string; handle?: string; limit?: number }) {
    const createdBy = input.userId ? { createdById: input.userId } : input.handle ? { createdBy: { handle: input.handle.toLowerCase() } } : null;
    if (!createdBy) return [];
    const rows = await db.libraryDocument.findMany({ where: createdBy, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: Math.min(Math.max(1, input.limit ?? 10), 50), select: { id: true } });
    return listCards(rows.map((r) => r.id));
  }

  // ── Collections ─────────────────────────────────────────────────────────────────────

  async function listCollections(_caller: Caller) {
    const rows = await db.libraryCollection.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { documents: true } } } });
    return rows.map(({ _count, ...c }) => ({ ...c, documentCount: _count.documents }));
  }

  async function getCollection(caller: Caller, input: { slug: string }) {
    const collection = await db.libraryCollection.findUnique({ where: { slug: String(input.slug) } });
    if (!collection) throw new NotFound("Collection");
    const members = await db.collectionDocument.findMany({ where: { collectionId: collection.id }, orderBy: { addedAt: "asc" }, select: { documentId: true } });
    const documents = await listCards(members.map((m) => m.documentId));
    return { collection, documents, canCurate: isFacilitator(caller) };
  }

  async function createCollection(caller: Caller, input: unknown) {
    requireFacilitator(caller);
    const data = validate(collectionSchema, input);
    const slug = slugify(data.name);
    if (await db.libraryCollection.findUnique({ where: { slug } })) throw new ValidationError({ name: "A collection with that name already exists" });
    const c = await db.libraryCollection.create({ data: { ...data, slug } });
    changes.changed(["lists"]);
    return { slug: c.slug, url: `/library/collections/${c.slug}` };
  }

  async function updateCollection(caller: Caller, input: { slug: string } & Record<string, unknown>) {
    requireFacilitator(caller);
    const data = validate(collectionSchema, input);
    const c = await db.libraryCollection.findUnique({ where: { slug: String(input.slug) } });
    if (!c) throw new NotFound("Collection");
    await db.$transaction(async (tx) => {
      await tx.libraryCollection.update({ where: { id: c.id }, data });
      // Search results show collection names: reindex the documents in it.
      const members = await tx.collectionDocument.findMany({ where: { collectionId: c.id }, select: { documentId: true } });
      if (members.length) await tx.searchOutbox.createMany({ data: members.map((m) => ({ entityType: "document", entityId: String(m.documentId) })) });
    });
    changes.changed(["all"]);
    return { url: `/library/collections/${c.slug}` };
  }

  /** Adds a document to a collection or takes it out (facilitators). */
  async function setCollectionMembership(caller: Caller, input: { documentId: unknown; collectionSlug: string; member: boolean }) {
    requireFacilitator(caller);
    const doc = await documentFor(caller, input.documentId);
    const c = await db.libraryCollection.findUnique({ where: { slug: String(input.collectionSlug) } });
    if (!c) throw new NotFound("Collection");
    await db.$transaction(async (tx) => {
      if (input.member) await tx.collectionDocument.upsert({ where: { collectionId_documentId: { collectionId: c.id, documentId: doc.id } }, create: { collectionId: c.id, documentId: doc.id }, update: {} });
      else await tx.collectionDocument.deleteMany({ where: { collectionId: c.id, documentId: doc.id } });
      await enqueueIndex(tx, doc.id);
    });
    changes.changed([`document:${doc.id}`, "lists"]);
    return { url: documentUrl(doc) };
  }

  // ── Feed ────────────────────────────────────────────────────────────────────────────

  /** Atom feed of the newest documents (the library is public, so the feed is too). */
  async function documentsFeed(_caller: Caller, input: { origin: string }) {
    const docs = await db.libraryDocument.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 30,
      select: { id: true, slug: true, title: true, description: true, authors: true, itemType: true, themes: true, places: true, createdAt: true, updatedAt: true, createdBy: { select: { fullName: true } } },
    });
    return buildAtom({
      origin: deps.publicUrl ?? input.origin,
      selfPath: "/library/feed.xml",
      alternatePath: "/library",
      title: "New in the library – Total Place Community",
      subtitle: "Reports, guides and learning from the Total Place pilots",
      entries: docs.map((d) => ({
        url: documentUrl(d),
        title: d.title,
        updated: d.updatedAt > d.createdAt ? d.updatedAt : d.createdAt,
        published: d.createdAt,
        author: d.authors.split("\n").filter(Boolean).join(", ") || d.createdBy.fullName,
        summary: d.description.slice(0, 300) || ITEM_TYPES[d.itemType as ItemType],
        categories: [ITEM_TYPES[d.itemType as ItemType], ...d.themes, ...d.places].filter(Boolean),
      })),
    });
  }

  // ── Notifications: watch buttons on documents and the weekly digest's library section ──
  if (notifications) {
    notifications.addWatchTarget("document", async (_caller, targetId) => {
      // Every document is visible to every member: existing is enough.
      const id = /^\d{1,9}$/.test(targetId) ? Number(targetId) : null;
      return !!id && !!(await db.libraryDocument.findUnique({ where: { id }, select: { id: true } }));
    });
    notifications.addDigestSection(async (since, until) => {
      const docs = await db.libraryDocument.findMany({
        where: { createdAt: { gte: since, lt: until } },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: 10,
        select: { id: true, slug: true, title: true, itemType: true, publisher: true },
      });
      if (!docs.length) return null;
      return {
        heading: "New in the library",
        items: docs.map((d) => ({ title: d.title, url: documentUrl(d), detail: [ITEM_TYPES[d.itemType as ItemType], d.publisher].filter(Boolean).join(", ") })),
      };
    });
  }

  const worker = createExtractionWorker(deps);

  return {
    stageUpload,
    discardUpload,
    createDocument,
    updateDocument,
    removeDocument,
    addVersion,
    getDocument,
    openFile,
    startDiscussion,
    browseDocuments,
    listRecentDocuments,
    documentsFeed,
    listDocumentsBy,
    listCollections,
    getCollection,
    createCollection,
    updateCollection,
    setCollectionMembership,
    /** Background text extraction: started in server/app.ts, stopped on close. */
    extractionWorker: worker,
  };
}

export type LibraryService = ReturnType<typeof createLibrary>;
