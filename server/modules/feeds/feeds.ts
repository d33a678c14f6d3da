import { buildAtom, type AtomEntry } from "../../lib/atom.ts";
import { NotFound } from "../../lib/errors.ts";
import { plainExcerpt } from "../../lib/markdown.ts";
import type { Caller, ModuleDeps } from "../deps.ts";
import { blogPostPath } from "../blogs/blogs.ts";

const FEED_SIZE = 30;

/**
 * Atom feeds for every blog, the News blog, every forum and upcoming events. Feeds are public, so they
 * hold only what an anonymous reader may see. Links are absolute: PUBLIC_URL when set, else the request's origin.
 */
export function createFeeds(deps: ModuleDeps, opts: { publicUrl?: string }) {
  const { db } = deps;
  const originOf = (requestOrigin: string) => opts.publicUrl ?? requestOrigin;

  // The last revision dates an entry's "updated" (updatedAt also moves with likes and comments).
  const postSelect = { id: true, slug: true, title: true, blog: true, bodyHtml: true, bodySource: true, tags: true, category: true, publishedAt: true, createdAt: true, author: { select: { handle: true, fullName: true } }, revisions: { orderBy: { id: "desc" }, take: 1, select: { createdAt: true } } } as const;
  const postEntry = (p: { id: number; slug: string; title: string; blog: string; bodyHtml: string; bodySource: string; tags: string[]; category: string; publishedAt: Date | null; createdAt: Date; author: { handle: string; fullName: string }; revisions: { createdAt: Date }[] }): AtomEntry => ({
    url: blogPostPath(p),
    title: p.title,
    updated: new Date(Math.max((p.publishedAt ?? p.createdAt).getTime(), p.revisions[0]?.createdAt.getTime() ?? 0)),
    published: p.publishedAt ?? undefined,
    author: p.author.fullName,
    summary: plainExcerpt(p.bodySource, 300),
    contentHtml: p.bodyHtml,
    categories: [p.category, ...p.tags].filter(Boolean),
  });

  async function blogFeed(_caller: Caller, input: { handle: string; origin: string }) {
    const owner = await db.user.findUnique({ where: { handle: String(input.handle).toLowerCase() }, select: { id: true, handle: true, fullName: true } });
    if (!owner) throw new NotFound("Blog");
    const posts = await db.blogPost.findMany({ where: { authorId: owner.id, blog: "member", status: "published" }, orderBy: [{ publishedAt: "desc" }, { id: "desc" }], take: FEED_SIZE, select: postSelect });
    return buildAtom({ origin: originOf(input.origin), selfPath: `/blogs/${owner.handle}/feed.xml`, alternatePath: `/blogs/${owner.handle}`, title: `${owner.fullName}'s blog – Total Place Community`, entries: posts.map(postEntry) });
  }

  async function newsFeed(_caller: Caller, input: { origin: string }) {
    const posts = await db.blogPost.findMany({ where: { blog: "news", status: "published" }, orderBy: [{ publishedAt: "desc" }, { id: "desc" }], take: FEED_SIZE, select: postSelect });
    return buildAtom({ origin: originOf(input.origin), selfPath: "/news/feed.xml", alternatePath: "/news", title: "Total Place Community news", subtitle: "The facilitators' weekly update and community news", entries: posts.map(postEntry) });
  }

  /** New threads and replies in one forum (hidden threads and removed posts left out). */
  async function forumFeed(_caller: Caller, input: { slug: string; origin: string }) {
    const forum = await db.forum.findUnique({ where: { slug: String(input.slug) }, select: { id: true, slug: true, name: true, description: true } });
    if (!forum) throw new NotFound("Forum");
    const posts = await db.post.findMany({
      where: { thread: { forumId: forum.id, hidden: false }, deletedAt: null, hiddenAt: null },
      orderBy: { id: "desc" },
      take: FEED_SIZE,
      select: { id: true, number: true, bodyHtml: true, bodySource: true, createdAt: true, editedAt: true, author: { select: { fullName: true } }, thread: { select: { title: true } } },
    });
    return buildAtom({
      origin: originOf(input.origin),
      selfPath: `/forums/${forum.slug}/feed.xml`,
      alternatePath: `/forums/${forum.slug}`,
      title: `${forum.name} – Total Place Community forum`,
      subtitle: forum.description,
      entries: posts.map((p) => ({
        url: `/p/${p.id}`,
        title: p.number === 1 ? p.thread.title : `Re: ${p.thread.title}`,
        updated: p.editedAt ?? p.createdAt,
        published: p.createdAt,
        author: p.author.fullName,
        summary: plainExcerpt(p.bodySource, 300),
        contentHtml: p.bodyHtml,
      })),
    });
  }

  async function eventsFeed(_caller: Caller, input: { origin: string }) {
    const events = await db.event.findMany({ where: { endsAt: { gte: new Date() }, cancelledAt: null }, orderBy: { startsAt: "asc" }, take: 50, select: { id: true, slug: true, title: true, summary: true, descriptionHtml: true, startsAt: true, venue: true, updatedAt: true, createdAt: true } });
    const when = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit", timeZone: "Europe/London" });
    return buildAtom({
      origin: originOf(input.origin),
      selfPath: "/events/feed.xml",
      alternatePath: "/events",
      title: "Upcoming events – Total Place Community",
      entries: events.map((e) => ({
        url: `/events/${e.id}-${e.slug}`,
        title: e.title,
        updated: e.updatedAt,
        published: e.createdAt,
        summary: `${when.format(e.startsAt)} (UK time)${e.venue ? `, ${e.venue}` : ""}. ${e.summary}`,
        contentHtml: e.descriptionHtml,
      })),
    });
  }

  return { blogFeed, newsFeed, forumFeed, eventsFeed };
}
