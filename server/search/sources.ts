import type { Db } from "../db/database.ts";
import { plainExcerpt } from "../lib/markdown.ts";
import { blogSearchSource } from "../modules/blogs/search-source.ts";
import { documentSearchSource } from "../modules/library/search-source.ts";
import type { SearchRecord, SearchSource, SearchVisibility } from "./record.ts";

/** Longest body text kept per record (the contract asks for ~20 kB at most). */
const MAX_BODY = 19_000;
/** Live messages per archive record: one busy conference becomes a few dozen records, not thousands. */
const LIVE_ITEMS_PER_RECORD = 40;
const ID_BATCH = 500;

const plain = (markdown: string) => plainExcerpt(markdown, MAX_BODY);

/** Pages through an integer primary key, for reindexing. */
function idPages(next: (afterId: number) => Promise<{ id: number }[]>): AsyncIterable<string[]> {
  return {
    async *[Symbol.asyncIterator]() {
      let after = 0;
      for (;;) {
        const rows = await next(after);
        if (!rows.length) return;
        yield rows.map((r) => String(r.id));
        after = rows[rows.length - 1].id;
      }
    },
  };
}

const numericId = (entityId: string) => {
  const n = Number(entityId);
  return Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647 ? n : null;
};

type ForumRef = { slug: string; name: string; kind: "theme" | "place" };
const forumFacets = (forum: ForumRef) => ({ themes: forum.kind === "theme" ? [forum.name] : [], places: forum.kind === "place" ? [forum.name] : [] });

/**
 * Hidden threads and hidden replies stay searchable for facilitators only (they can open them);
 * deleted replies are not indexed at all.
 */
const threadVisibility = (hidden: boolean): SearchVisibility => (hidden ? "facilitators" : "public");

type ReplyRow = { id: number; number: number; bodySource: string; createdAt: Date; deletedAt: Date | null; hiddenAt: Date | null; author: { fullName: string } };
type ThreadRef = { id: number; slug: string; title: string; hidden: boolean; forum: ForumRef };

function replyRecord(thread: ThreadRef, post: ReplyRow): SearchRecord | null {
  if (post.deletedAt || post.number === 1) return null;
  return {
    id: `post:${post.id}`,
    entity: `post:${post.id}`,
    type: "post",
    title: `Re: ${thread.title}`,
    body: plain(post.bodySource),
    url: `/p/${post.id}`,
    ...forumFacets(thread.forum),
    date: post.createdAt,
    visibility: thread.hidden || post.hiddenAt ? "facilitators" : "public",
    context: `${post.author.fullName} in ${thread.forum.name}`,
  };
}

const replySelect = { id: true, number: true, bodySource: true, createdAt: true, deletedAt: true, hiddenAt: true, author: { select: { fullName: true } } } as const;
const threadSelect = { id: true, slug: true, title: true, hidden: true, createdAt: true, forum: { select: { slug: true, name: true, kind: true } }, author: { select: { fullName: true } } } as const;

/** A thread: its title and opening post; its replies are refreshed with it (their visibility follows the thread's). */
export const threadSearchSource: SearchSource = {
  entityType: "thread",
  async records(db: Db, entityId: string) {
    const id = numericId(entityId);
    const thread = id ? await db.thread.findUnique({ where: { id }, select: threadSelect }) : null;
    if (!thread) return [];
    const posts = await db.post.findMany({ where: { threadId: thread.id }, orderBy: { number: "asc" }, select: replySelect });
    const opening = posts.find((p) => p.number === 1);
    const own: SearchRecord = {
      id: `thread:${thread.id}`,
      entity: `thread:${thread.id}`,
      type: "thread",
      title: thread.title,
      body: opening && !opening.deletedAt ? plain(opening.bodySource) : "",
      url: `/forums/${thread.forum.slug}/t/${thread.id}-${thread.slug}`,
      ...forumFacets(thread.forum),
      date: thread.createdAt,
      visibility: threadVisibility(thread.hidden || !!opening?.hiddenAt),
      context: `${thread.author.fullName} in ${thread.forum.name}`,
    };
    return [own, ...posts.map((p) => replyRecord(thread, p)).filter((r): r is SearchRecord => r !== null)];
  },
  allIds: (db) => idPages((after) => db.thread.findMany({ where: { id: { gt: after } }, orderBy: { id: "asc" }, take: ID_BATCH, select: { id: true } })),
};

/** A reply. The opening post is part of its thread's record, so editing it refreshes the thread. */
export const postSearchSource: SearchSource = {
  entityType: "post",
  coveredByAnotherSource: true,
  async records(db: Db, entityId: string) {
    const id = numericId(entityId);
    const post = id ? await db.post.findUnique({ where: { id }, select: { ...replySelect, threadId: true } }) : null;
    if (!post) return [];
    if (post.number === 1) return (await threadSearchSource.records(db, String(post.threadId))).filter((r) => r.type === "thread");
    const thread = await db.thread.findUniqueOrThrow({ where: { id: post.threadId }, select: threadSelect });
    const record = replyRecord(thread, post);
    return record ? [record] : [];
  },
  allIds: (db) => idPages((after) => db.post.findMany({ where: { id: { gt: after }, number: { gt: 1 } }, orderBy: { id: "asc" }, take: ID_BATCH, select: { id: true } })),
};

export const eventSearchSource: SearchSource = {
  entityType: "event",
  async records(db: Db, entityId: string) {
    const id = numericId(entityId);
    const event = id
      ? await db.event.findUnique({ where: { id }, select: { id: true, slug: true, title: true, summary: true, descriptionSource: true, speakers: true, venue: true, startsAt: true, themes: true, places: true, cancelledAt: true, format: true } })
      : null;
    if (!event) return [];
    return [
      {
        id: `event:${event.id}`,
        entity: `event:${event.id}`,
        type: "event",
        title: event.title,
        body: plain([event.summary, event.descriptionSource, event.speakers].join("\n\n")),
        url: `/events/${event.id}-${event.slug}`,
        themes: event.themes,
        places: event.places,
        date: event.startsAt,
        visibility: "public",
        context: [event.cancelledAt ? "Cancelled" : null, event.format === "online" ? "Online" : event.venue].filter(Boolean).join(" · "),
      },
    ];
  },
  allIds: (db) => idPages((after) => db.event.findMany({ where: { id: { gt: after } }, orderBy: { id: "asc" }, take: ID_BATCH, select: { id: true } })),
};

/** An event's live-thread archive, in chunks of consecutive messages; hidden messages are left out. */
export const liveSearchSource: SearchSource = {
  entityType: "live",
  async records(db: Db, entityId: string) {
    const id = numericId(entityId);
    const event = id ? await db.event.findUnique({ where: { id }, select: { id: true, slug: true, title: true, startsAt: true, themes: true, places: true } }) : null;
    if (!event) return [];
    const items = await db.liveItem.findMany({ where: { eventId: event.id, hiddenAt: null }, orderBy: { seq: "asc" }, select: { seq: true, bodySource: true, author: { select: { fullName: true } } } });
    const records: SearchRecord[] = [];
    for (let start = 0; start < items.length; start += LIVE_ITEMS_PER_RECORD) {
      const chunk = items.slice(start, start + LIVE_ITEMS_PER_RECORD);
      records.push({
        id: `live:${event.id}:${chunk[0].seq}`,
        entity: `live:${event.id}`,
        type: "live",
        title: `Live: ${event.title}`,
        body: plain(chunk.map((i) => `${i.author.fullName}: ${i.bodySource}`).join("\n")),
        url: `/events/${event.id}-${event.slug}/live`,
        themes: event.themes,
        places: event.places,
        date: event.startsAt,
        visibility: "public",
        context: `Live thread, messages ${chunk[0].seq}–${chunk[chunk.length - 1].seq}`,
      });
    }
    return records;
  },
  allIds: (db) => idPages(async (after) => (await db.liveItem.groupBy({ by: ["eventId"], where: { eventId: { gt: after } }, orderBy: { eventId: "asc" }, take: ID_BATCH })).map((g) => ({ id: g.eventId }))),
};

/**
 * Every searchable entity type. Adding a module's content to search is one line here.
 * (Library: documentSearchSource from ../modules/library/search-source.ts; blogs: blogSearchSource.)
 */
export const searchSources: SearchSource[] = [threadSearchSource, postSearchSource, eventSearchSource, liveSearchSource, documentSearchSource, blogSearchSource];

export const sourceFor = (sources: SearchSource[], entityType: string) => sources.find((s) => s.entityType === entityType);
