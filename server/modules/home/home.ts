import type { Caller, ModuleDeps } from "../deps.ts";
import { blogPostPath } from "../blogs/blogs.ts";
import { activityStream, type ActivitySource } from "./activity.ts";

const MINUTE = 60_000;
/** lastVisitAt moves at most this often while a member is active. */
const VISIT_WRITE_EVERY = 30 * MINUTE;
/** A gap longer than this since lastVisitAt starts a new visit. */
const NEW_VISIT_AFTER = 60 * MINUTE;

export function createHome(deps: ModuleDeps, opts: { sources?: ActivitySource[] } = {}) {
  const { db } = deps;
  // When each member's visit was last written, so most requests skip the database.
  const lastWritten = new Map<string, number>();

  /**
   * Records that a signed-in member is active. Writes at most once per 30 minutes; when the member comes
   * back after an hour or more away, the previous visit's end becomes the "since your last visit" mark.
   */
  async function touchVisit(caller: Caller, now = new Date()) {
    if (!caller) return;
    const written = lastWritten.get(caller.id);
    if (written && now.getTime() - written < VISIT_WRITE_EVERY) return;
    lastWritten.set(caller.id, now.getTime());
    if (lastWritten.size > 50_000) lastWritten.clear();
    const user = await db.user.findUnique({ where: { id: caller.id }, select: { lastVisitAt: true } });
    if (!user) return;
    const last = user.lastVisitAt;
    if (last && now.getTime() - last.getTime() < VISIT_WRITE_EVERY) return;
    const newVisit = !last || now.getTime() - last.getTime() >= NEW_VISIT_AFTER;
    await db.user.update({ where: { id: caller.id }, data: { lastVisitAt: now, ...(newVisit ? { previousVisitAt: last ?? null } : {}) } });
  }

  /**
   * Where "since your last visit" starts. Race-free against touchVisit running at the same time (the root
   * loader runs beside this one): before the write, an old lastVisitAt is the mark; after it, previousVisitAt is.
   */
  async function lastVisitMark(caller: Caller, now: Date) {
    if (!caller) return null;
    const me = await db.user.findUnique({ where: { id: caller.id }, select: { lastVisitAt: true, previousVisitAt: true } });
    if (!me) return null;
    if (me.lastVisitAt && now.getTime() - me.lastVisitAt.getTime() >= NEW_VISIT_AFTER) return me.lastVisitAt;
    return me.previousVisitAt;
  }

  async function getHome(caller: Caller) {
    const now = new Date();
    const mark = await lastVisitMark(caller, now);
    await touchVisit(caller, now);
    const activity = await activityStream(db, { limit: 15, sources: opts.sources });
    const upcomingEvents = await db.event.findMany({ where: { endsAt: { gte: now }, cancelledAt: null }, orderBy: { startsAt: "asc" }, take: 3, select: { id: true, slug: true, title: true, startsAt: true, endsAt: true, venue: true, format: true } });
    const weekly = await db.blogPost.findFirst({
      where: { blog: "news", status: "published", issueNumber: { not: null } },
      orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
      select: { id: true, slug: true, title: true, blog: true, issueNumber: true, highlights: true, publishedAt: true, author: { select: { handle: true } } },
    });
    const memberCount = await db.user.count();
    let sinceLastVisit: { since: Date; items: Awaited<ReturnType<typeof activityStream>> } | null = null;
    if (mark) sinceLastVisit = { since: mark, items: await activityStream(db, { since: mark, limit: 20, sources: opts.sources }) };
    return {
      activity,
      upcomingEvents,
      weeklyUpdate: weekly ? { ...weekly, url: blogPostPath(weekly) } : null,
      memberCount,
      sinceLastVisit,
    };
  }

  return { getHome, touchVisit };
}
