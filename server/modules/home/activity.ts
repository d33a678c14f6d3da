import type { Db } from "../../db/database.ts";
import { blogPostPath } from "../blogs/blogs.ts";

/** One line of the home page's "what's new" stream. */
export interface ActivityItem {
  kind: "thread" | "reply" | "blog" | "news" | "event" | "document";
  title: string;
  url: string;
  at: Date;
  /** Who did it (author, organiser). */
  who?: string;
  /** Where it happened: forum name, "News", a blog. */
  where?: string;
}

/**
 * A source of activity: the newest items after `since` (or the newest at all), newest first. The stream
 * merges every source, so a new kind of content (library documents, …) is one more entry in `activitySources`.
 */
export type ActivitySource = (db: Db, opts: { since?: Date; limit: number }) => Promise<ActivityItem[]>;

const after = (since?: Date) => (since ? { gt: since } : undefined);

const threads: ActivitySource = async (db, { since, limit }) => {
  const rows = await db.thread.findMany({ where: { hidden: false, createdAt: after(since) }, orderBy: { createdAt: "desc" }, take: limit, select: { id: true, slug: true, title: true, createdAt: true, author: { select: { fullName: true } }, forum: { select: { slug: true, name: true } } } });
  return rows.map((t) => ({ kind: "thread", title: t.title, url: `/forums/${t.forum.slug}/t/${t.id}-${t.slug}`, at: t.createdAt, who: t.author.fullName, where: t.forum.name }));
};

const replies: ActivitySource = async (db, { since, limit }) => {
  const rows = await db.post.findMany({
    where: { number: { gt: 1 }, deletedAt: null, hiddenAt: null, thread: { hidden: false }, createdAt: after(since) },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, createdAt: true, author: { select: { fullName: true } }, thread: { select: { title: true, forum: { select: { name: true } } } } },
  });
  return rows.map((p) => ({ kind: "reply", title: p.thread.title, url: `/p/${p.id}`, at: p.createdAt, who: p.author.fullName, where: p.thread.forum.name }));
};

const blogPosts: ActivitySource = async (db, { since, limit }) => {
  const rows = await db.blogPost.findMany({ where: { status: "published", publishedAt: after(since) }, orderBy: [{ publishedAt: "desc" }, { id: "desc" }], take: limit, select: { id: true, slug: true, title: true, blog: true, publishedAt: true, createdAt: true, author: { select: { handle: true, fullName: true } } } });
  return rows.map((p) => ({ kind: p.blog === "news" ? "news" : "blog", title: p.title, url: blogPostPath(p), at: p.publishedAt ?? p.createdAt, who: p.author.fullName, where: p.blog === "news" ? "News" : `${p.author.fullName}'s blog` }));
};

const events: ActivitySource = async (db, { since, limit }) => {
  const rows = await db.event.findMany({ where: { createdAt: after(since), cancelledAt: null }, orderBy: { createdAt: "desc" }, take: limit, select: { id: true, slug: true, title: true, createdAt: true, createdBy: { select: { fullName: true } } } });
  return rows.map((e) => ({ kind: "event", title: e.title, url: `/events/${e.id}-${e.slug}`, at: e.createdAt, who: e.createdBy.fullName, where: "Events" }));
};

// ── Library ──
const documents: ActivitySource = async (db, { since, limit }) => {
  const rows = await db.libraryDocument.findMany({ where: { createdAt: after(since) }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit, select: { id: true, slug: true, title: true, createdAt: true, createdBy: { select: { fullName: true } } } });
  return rows.map((d) => ({ kind: "document", title: d.title, url: `/library/${d.id}-${d.slug}`, at: d.createdAt, who: d.createdBy.fullName, where: "Library" }));
};

/** Every source the stream merges. Add one entry here for a new kind of content. */
export const activitySources: ActivitySource[] = [threads, replies, blogPosts, events, documents];

/** The newest `limit` items across all sources. */
export async function activityStream(db: Db, opts: { since?: Date; limit: number; sources?: ActivitySource[] }) {
  const lists: ActivityItem[][] = [];
  // One source at a time: the embedded database runs one query at a time anyway.
  for (const source of opts.sources ?? activitySources) lists.push(await source(db, { since: opts.since, limit: opts.limit }));
  return lists
    .flat()
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, opts.limit);
}
