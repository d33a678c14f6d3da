import type { Db } from "../../db/database.ts";
import type { SearchRecord, SearchSource } from "../../search/record.ts";
import { ITEM_TYPES, type ItemType } from "./library.schema.ts";

const MAX_BODY = 18_000;

/**
 * One record for the document's metadata plus one per extracted page of its current version, so a hit
 * names its page and opens the file there ("/library/5-guide/file#page=12").
 */
export const documentSearchSource: SearchSource = {
  entityType: "document",
  async records(db: Db, entityId: string): Promise<SearchRecord[]> {
    const id = Number(entityId);
    if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647) return [];
    const doc = await db.libraryDocument.findUnique({
      where: { id },
      include: { collections: { select: { collection: { select: { name: true } } } }, currentVersion: { select: { id: true, extractionStatus: true } } },
    });
    if (!doc) return [];
    const base = `/library/${doc.id}-${doc.slug}`;
    const date = doc.publishedOn ?? (doc.publishedYear ? new Date(Date.UTC(doc.publishedYear, 0, 1)) : doc.createdAt);
    const context = [ITEM_TYPES[doc.itemType as ItemType], doc.authors.split("\n").filter(Boolean).join(", "), doc.publisher, ...doc.collections.map((c) => c.collection.name)].filter(Boolean).join(" · ");
    const common = { entity: `document:${doc.id}`, type: "document" as const, themes: doc.themes, places: doc.places, date, visibility: "public" as const, context };
    const records: SearchRecord[] = [
      { ...common, id: `document:${doc.id}`, title: doc.title, body: [doc.description, doc.authors, doc.publisher].filter(Boolean).join("\n").slice(0, MAX_BODY), url: base },
    ];
    if (doc.currentVersion?.extractionStatus === "done") {
      const pages = await db.documentPage.findMany({ where: { versionId: doc.currentVersion.id }, orderBy: { number: "asc" } });
      for (const p of pages) {
        if (!p.text.trim()) continue;
        // The title stays the document's: the results page adds "– page N" from `page`.
        records.push({ ...common, id: `document:${doc.id}:page:${p.number}`, title: doc.title, body: p.text.slice(0, MAX_BODY), url: `${base}/file#page=${p.number}`, page: p.number });
      }
    }
    return records;
  },
  async *allIds(db: Db) {
    let after = 0;
    for (;;) {
      const rows = await db.libraryDocument.findMany({ where: { id: { gt: after } }, orderBy: { id: "asc" }, take: 500, select: { id: true } });
      if (rows.length === 0) return;
      yield rows.map((r) => String(r.id));
      after = rows[rows.length - 1].id;
    }
  },
};
