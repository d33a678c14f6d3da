import { generateIdFromEntropySize } from "lucia";
import type { PrismaClient } from "../server/db/generated/client.ts";
import { londonToUtc, toLondonParts } from "../server/lib/london-time.ts";
import { findMentions, renderMarkdown } from "../server/lib/markdown.ts";
import { slugify } from "../server/lib/slug.ts";
import type { Logger } from "../server/logger.ts";
import { agendaLines } from "../server/modules/events/events.schema.ts";
import { events } from "./seed-data/events.ts";
import { interleave, summitLive, summitReflections, summitQuestions, workshopLive, workshopQuestions, type SeedQuestion } from "./seed-data/live-threads.ts";
import { forums, members, threads } from "./seed-data/forums.ts";
import { seedNotifications } from "./seed-data/notifications.ts";
import type { FileStore } from "../server/storage/file-store.ts";
// ── Library ──
import { seedLibrary } from "./seed-data/library.ts";
// ── Blogs and news ──
import { seedBlogs } from "./seed-data/blogs.ts";

/** Every demo account shares this password; README and the start-up log show it. */
export const DEMO_PASSWORD = "summit-2010-demo";

const HOUR = 3_600_000;

/**
 * Fills an empty database with a believable Total Place community. Runs on first start of the embedded
 * database, or on demand with `npm run db:seed`. Never runs against a database that already has members.
 */
/** What seeding needs besides the database: password hashing, and the file store for uploaded files. */
export interface SeedTools {
  hashPassword: (p: string) => Promise<string>;
  files: FileStore;
}

export async function seedDemoContent(db: PrismaClient, log: Logger, tools: SeedTools) {
  const { hashPassword } = tools;
  if ((await db.user.count()) > 0) {
    log.info("database already has members: demo content not added");
    return false;
  }
  const started = Date.now();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const userIds = new Map<string, string>();
  await db.user.createMany({
    data: members.map((m, i) => {
      const id = generateIdFromEntropySize(10);
      userIds.set(m.handle, id);
      return { id, passwordHash, createdAt: new Date(started - (200 - i) * 24 * HOUR), ...m };
    }),
  });
  const known = new Set(members.map((m) => m.handle));
  const user = (handle: string) => {
    const id = userIds.get(handle);
    if (!id) throw new Error(`seed data names an unknown member @${handle}`);
    return id;
  };

  const forumIds = new Map<string, number>();
  for (const [position, f] of forums.entries()) {
    const row = await db.forum.create({ data: { ...f, position, createdAt: new Date(started - 150 * 24 * HOUR) } });
    forumIds.set(f.slug, row.id);
  }

  // Deterministic jitter so demo timestamps look like people posting, not a timer.
  const jitter = (a: number, b: number) => (((a * 7919 + b * 104729) % 997) / 997) * 0.8;
  for (const [ti, t] of threads.entries()) {
    const forumId = forumIds.get(t.forum);
    if (!forumId) throw new Error(`seed data names an unknown forum ${t.forum}`);
    const start = started - t.daysAgo * 24 * HOUR - jitter(ti, 99) * 10 * HOUR;
    // Replies arrive over the following days, never in the future.
    const step = Math.min(6 * HOUR, (t.daysAgo * 24 * HOUR) / (t.replies.length + 2));
    const bodies = [{ author: t.author, body: t.body, likes: [] as string[], quote: undefined as number | undefined }, ...t.replies];
    await db.$transaction(async (tx) => {
      const thread = await tx.thread.create({
        data: { forumId, authorId: user(t.author), title: t.title, slug: slugify(t.title), pinned: !!t.pinned, postCount: bodies.length, createdAt: new Date(start), lastPostAt: new Date(start + step * (bodies.length - 1 + (bodies.length > 1 ? jitter(ti, bodies.length - 1) : 0))) },
      });
      const postIds: number[] = [];
      for (const [i, p] of bodies.entries()) {
        let source = p.body;
        if (p.quote !== undefined && i > 0) {
          const quotedIndex = p.quote + 1; // -1 = opening post
          const quoted = bodies[quotedIndex];
          const excerpt = quoted.body.split("\n").filter((l) => l.trim() && !l.startsWith(">"))[0]?.slice(0, 200) ?? "";
          source = `> **@${quoted.author}** [wrote](/p/${postIds[quotedIndex]}):\n> ${excerpt}\n\n${p.body}`;
        }
        const post = await tx.post.create({
          data: {
            threadId: thread.id,
            authorId: user(p.author),
            number: i + 1,
            bodySource: source,
            bodyHtml: renderMarkdown(source, known),
            quotedPostId: p.quote !== undefined && i > 0 ? postIds[p.quote + 1] : null,
            likeCount: p.likes?.length ?? 0,
            createdAt: new Date(start + step * (i + (i ? jitter(ti, i) : 0))),
            mentions: { create: findMentions(source).filter((h) => known.has(h)).map((h) => ({ userId: user(h) })) },
            likes: { create: (p.likes ?? []).map((h) => ({ userId: user(h) })) },
          },
        });
        postIds.push(post.id);
      }
      await tx.thread.update({ where: { id: thread.id }, data: { lastPostId: postIds[postIds.length - 1] } });
      await tx.searchOutbox.create({ data: { entityType: "thread", entityId: String(thread.id) } });
    });
  }

  // Forum counters from the threads just written.
  await db.$executeRaw`
    UPDATE "Forum" f SET
      "threadCount" = s.threads, "postCount" = s.posts, "lastPostAt" = s.last
    FROM (SELECT "forumId", count(*)::int AS threads, sum("postCount")::int AS posts, max("lastPostAt") AS last
          FROM "Thread" WHERE NOT hidden GROUP BY "forumId") s
    WHERE f.id = s."forumId"`;

  // Events, on whole hours around now so the workshop is live whenever the demo starts.
  const spacesForum = await db.forum.findUniqueOrThrow({ where: { slug: "event-spaces" } });
  const hourNow = Math.floor(started / HOUR) * HOUR;
  for (const e of events) {
    let startsAt = new Date(hourNow + e.startOffsetHours * HOUR);
    if (e.ukStartTime) {
      const day = toLondonParts(startsAt);
      const [hour, minute] = e.ukStartTime.split(":").map(Number);
      startsAt = londonToUtc({ ...day, hour, minute });
    }
    // Agenda times are kept relative to the first item, which opens the event.
    const lines = agendaLines(e.agenda).flatMap((l) => (l.ok ? [l] : []));
    const first = lines.length ? lines[0].hour * 60 + lines[0].minute : 0;
    const agenda = lines.map((line, position) => ({ position, title: line.title, startsAt: new Date(startsAt.getTime() + (line.day - 1) * 24 * HOUR + (line.hour * 60 + line.minute - first) * 60_000) }));
    const endsAt = new Date(startsAt.getTime() + e.hours * HOUR);
    // The live thread's messages are spread over the event so far (never in the future).
    const liveItems = e.live === "summit" ? interleave(summitLive, summitQuestions) : e.live === "workshop" ? interleave(workshopLive, workshopQuestions) : [];
    const isQuestion = (item: (typeof liveItems)[number]): item is SeedQuestion => "votes" in item;
    const liveUntil = Math.min(endsAt.getTime(), started);
    const liveStep = liveItems.length ? (liveUntil - startsAt.getTime()) / (liveItems.length + 1) : 0;
    // A two-day event talks during the two days (8 hours each), not overnight.
    const liveOffset = (i: number) => {
      if (e.hours <= 12) return liveStep * (i + 1);
      const half = Math.ceil(liveItems.length / 2);
      return i < half ? ((i + 1) / (half + 1)) * 8 * HOUR : 24 * HOUR + ((i - half + 1) / (liveItems.length - half + 1)) * 8 * HOUR;
    };
    const created = await db.event.create({
      data: {
        liveSeq: liveItems.length,
        liveItems: {
          create: liveItems.map((item, i) => ({
            seq: i + 1,
            updatedSeq: i + 1,
            kind: isQuestion(item) ? ("question" as const) : item.highlight ? ("highlight" as const) : ("comment" as const),
            ...(isQuestion(item)
              ? {
                  anonymous: !!item.anonymous,
                  questionStatus: item.status,
                  voteCount: item.votes.filter((h) => h !== item.author).length,
                  answeredAt: item.status === "answered" ? new Date(startsAt.getTime() + liveOffset(i) + 20 * 60_000) : null,
                  votes: { create: item.votes.filter((h) => h !== item.author).map((h) => ({ userId: user(h) })) },
                }
              : {}),
            authorId: user(item.author),
            clientId: `seed-${e.live}-${i + 1}`,
            bodySource: item.body,
            bodyHtml: renderMarkdown(item.body),
            createdAt: new Date(startsAt.getTime() + liveOffset(i)),
          })),
        },
        title: e.title,
        slug: slugify(e.title),
        summary: e.summary,
        descriptionSource: e.description,
        descriptionHtml: renderMarkdown(e.description),
        startsAt,
        endsAt,
        format: e.format,
        venue: e.venue ?? null,
        address: e.address ?? null,
        onlineUrl: e.onlineUrl ?? null,
        capacity: e.capacity ?? null,
        speakers: e.speakers,
        themes: e.themes,
        places: e.places,
        createdById: user("facilitator"),
        agenda: { create: agenda },
        rsvps: { create: [...e.going.map((h) => ({ userId: user(h), status: "going" as const })), ...e.maybe.map((h) => ({ userId: user(h), status: "maybe" as const }))] },
      },
    });
    // Each event's event space: an ordinary thread in the Event spaces forum, opened a week before the day.
    const opened = new Date(Math.min(startsAt.getTime() - 7 * 24 * HOUR, started - HOUR));
    const reflections = e.live === "summit" ? summitReflections : [];
    const spaceBodies = [
      { author: "facilitator", body: `The event space for [${e.title}](/events/${created.id}-${created.slug}). Share your reflections, slides, notes and follow-ups here – before the day, on the day and afterwards.`, at: opened },
      ...reflections.map((r, i) => ({ ...r, at: new Date(Math.min(endsAt.getTime() + (i + 1) * 9 * HOUR, started - (reflections.length - i) * HOUR)) })),
    ];
    await db.$transaction(async (tx) => {
      const title = `${e.title}: event space`;
      const thread = await tx.thread.create({ data: { forumId: spacesForum.id, authorId: user("facilitator"), title, slug: slugify(title), postCount: spaceBodies.length, createdAt: opened, lastPostAt: spaceBodies[spaceBodies.length - 1].at } });
      let lastPostId = 0;
      for (const [i, p] of spaceBodies.entries()) {
        const post = await tx.post.create({ data: { threadId: thread.id, authorId: user(p.author), number: i + 1, bodySource: p.body, bodyHtml: renderMarkdown(p.body, known), createdAt: p.at } });
        lastPostId = post.id;
      }
      await tx.thread.update({ where: { id: thread.id }, data: { lastPostId } });
      await tx.event.update({ where: { id: created.id }, data: { discussionThreadId: thread.id } });
      await tx.searchOutbox.create({ data: { entityType: "thread", entityId: String(thread.id) } });
    });
  }

  await db.$executeRaw`
    UPDATE "Forum" f SET "threadCount" = s.threads, "postCount" = s.posts, "lastPostAt" = s.last
    FROM (SELECT "forumId", count(*)::int AS threads, sum("postCount")::int AS posts, max("lastPostAt") AS last
          FROM "Thread" WHERE NOT hidden GROUP BY "forumId") s
    WHERE f.id = s."forumId" AND f.id = ${spacesForum.id}`;
  // ── Library ── documents generated at seed time; text is extracted by the worker after start.
  await seedLibrary(db, log, tools.files, userIds);
  // Members' interests, watches and notifications.
  await seedNotifications(db, user);
  // ── Blogs and news ──
  const blogPostCount = await seedBlogs(db, user, started);

  const postCount = threads.reduce((n, t) => n + 1 + t.replies.length, 0);
  log.info({ members: members.length, forums: forums.length, threads: threads.length, posts: postCount, events: events.length, blogPosts: blogPostCount, ms: Date.now() - started }, "demo content added");
  return true;
}

export function demoAccounts() {
  const pick = (role: string) => members.find((m) => m.role === role);
  return { facilitator: pick("facilitator")?.email, admin: pick("admin")?.email, member: members.find((m) => m.role === "member")?.email, password: DEMO_PASSWORD };
}
