import { randomBytes } from "node:crypto";
import type { PrismaClient } from "../../server/db/database.ts";
import type { Prisma } from "../../server/db/generated/client.ts";
import { findMentions, renderMarkdown } from "../../server/lib/markdown.ts";
import { slugify } from "../../server/lib/slug.ts";
import { POSTS_PER_PAGE } from "../../server/modules/forums/forums.schema.ts";

/**
 * The benchmark's data set, written straight into a freshly migrated database (going through the use
 * cases would take minutes and trip the posting rate limit). Rows are shaped exactly as the use cases
 * write them – ids in order, Post.number = position, Thread.postCount/lastPostId/lastPostAt and the
 * Forum counters consistent – so the pages under test read what a real community would have.
 * Everything comes from a seeded PRNG: every run measures the same data.
 */

export interface BenchData {
  forumSlug: string;
  threadId: number;
  threadSlug: string;
  title: string;
  /** Post ids of the target thread, by Post.number (index 0 unused). */
  postIdByNumber: number[];
  postsPerPage: number;
  summary: string;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

export const TARGET_TITLE = "Pooling budgets across health and the council: what has actually worked?";

const FORUMS = [
  { name: "Place-based budgets", kind: "theme", description: "Counting the money spent in a place and pooling it where that serves people better." },
  { name: "Children's services", kind: "theme", description: "Early help, troubled families and joint commissioning for children and young people." },
  { name: "Housing", kind: "theme", description: "Homes, homelessness and the housing market in each place." },
  { name: "Adult social care", kind: "theme", description: "Care at home, reablement and the boundary with the NHS." },
  { name: "Cumbria", kind: "place", description: "The Cumbria pilot: rural services, sparsity and the county's partners." },
  { name: "Worcestershire", kind: "place", description: "The Worcestershire pilot: value for money across the county's agencies." },
] as const;

const FIRST = ["Amina", "Ben", "Carys", "Dev", "Eleanor", "Femi", "Grace", "Hamid", "Iona", "Jack", "Kiran", "Lucy", "Marcus", "Nadia", "Owen"];
const LAST = ["Hussain", "Okafor", "Price", "Patel", "Whitfield", "Adeyemi", "Lowe", "Rahman", "MacLeod", "Turner", "Shah", "Fenwick"];
const ORGS = ["Kent County Council", "Cumbria County Council", "NHS Worcestershire", "Bradford Metropolitan District Council", "Lewisham Council", "Greater Manchester Police", "Jobcentre Plus", "Leicestershire Probation Trust"];
const JOBS = ["Policy officer", "Head of commissioning", "Programme manager", "Finance business partner", "Analyst", "Service manager"];

const PARAGRAPHS = [
  "We mapped every pound spent on **families with multiple problems** in the district and found eleven agencies visiting the same forty households, none of them aware of the others. The count alone changed the conversation with the PCT.",
  "Our finance directors agreed a shared spreadsheet before they agreed anything else. It sounds trivial, but *one version of the numbers* was what let the health and council teams stop arguing about baselines and start talking about outcomes.",
  "The pooled budget only worked once the section 75 agreement named a single accountable officer. Before that, every overspend became a negotiation and every underspend quietly went back to the partner that found it.",
  "Customer insight work was the surprise for us. Sitting with frontline staff for a week showed that most of the cost sat in *failure demand*: people coming back because the first contact did not fix their problem.",
  "I would be careful about promising cashable savings in year one. Our early-intervention pilot saved money for the police and the NHS, but the council carried the cost, and the cabinet member noticed.",
  "We used a simple logic model for each service – inputs, activity, outcome – and asked partners to fill it in together. The gaps were more useful than the boxes they could fill.",
  "Asset management turned out to be the easiest win: three agencies were renting offices within two hundred yards of each other. Co-locating saved rent and, more importantly, put case workers in the same kitchen.",
  "On data sharing, the information governance leads were more flexible than we feared once we showed them a named purpose, a retention period and a data flow diagram on a single page.",
  "The evaluation needs to start on day one. We tried to reconstruct a baseline after the first year and spent months arguing about what the numbers would have been without the pilot.",
  "Members backed the work once we translated it into their wards: how many households, which streets, what changed for them. The aggregate figures never landed the way the case studies did.",
  "Joint commissioning for reablement cut delayed discharges, but only because the hospital social work team and the home care providers finally shared a daily call at nine o'clock.",
  "If I did it again I would involve the voluntary sector earlier. They knew the families, and they had the trust we kept trying to build from scratch.",
];

const LIST_ITEMS = [
  "agree the baseline before the budget",
  "name one accountable officer per pooled fund",
  "publish the spend map to every partner board",
  "review the outcome measures every quarter",
  "keep the frontline in the design group",
  "write the exit route into the agreement",
];

/** mulberry32: tiny, fast, seeded. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

type Rng = ReturnType<typeof prng>;

/** Distinct members other than `except`, for likes. */
function likers(rng: Rng, memberIds: string[], count: number, except: string) {
  const chosen = new Set<string>();
  const wanted = Math.min(count, memberIds.length - 1);
  while (chosen.size < wanted) {
    const id = rng.pick(memberIds);
    if (id !== except) chosen.add(id);
  }
  return [...chosen];
}

async function inChunks<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export async function seedBenchData(db: PrismaClient, opts: { otherThreads: number; targetReplies: number; members?: number }): Promise<BenchData> {
  const rng = prng(20100301);
  const now = Date.now();
  const memberCount = opts.members ?? 60;

  // ── Members ──────────────────────────────────────────────────────────────────────────
  const users: Prisma.UserCreateManyInput[] = Array.from({ length: memberCount }, (_, i) => {
    const fullName = `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`;
    const handle = `${slugify(fullName, 24)}-${i + 1}`;
    return {
      id: randomBytes(10).toString("hex"),
      handle,
      fullName,
      email: `${handle}@example.org`,
      // Nobody signs in as these members, so a placeholder hash is enough.
      passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$bench$bench",
      organisation: ORGS[i % ORGS.length],
      place: null,
      jobTitle: JOBS[i % JOBS.length],
      // A few facilitators so the role tag renders as it does in real threads.
      role: i % 15 === 0 ? "facilitator" : "member",
      createdAt: new Date(now - 500 * DAY + i * DAY),
    };
  });
  const memberIds = users.map((u) => u.id);
  const handles = new Set(users.map((u) => u.handle));
  const idByHandle = new Map(users.map((u) => [u.handle, u.id]));

  // ── Bodies: a pool of realistic Markdown, rendered once by the app's own renderer ────────
  const bodies = Array.from({ length: 48 }, (_, i) => {
    const parts = [PARAGRAPHS[i % PARAGRAPHS.length], PARAGRAPHS[(i * 5 + 3) % PARAGRAPHS.length]];
    switch (i % 4) {
      case 0:
        parts.push(`What we would tell another pilot:\n\n${[0, 2, 4].map((k) => `- ${LIST_ITEMS[(i + k) % LIST_ITEMS.length]}`).join("\n")}`);
        break;
      case 1:
        parts.unshift(`> ${PARAGRAPHS[(i + 6) % PARAGRAPHS.length].slice(0, 140)}…`);
        break;
      case 2:
        parts.push("There is more in [the interim evaluation](https://www.example.org/total-place/interim-evaluation) – see section 3.");
        break;
      case 3:
        parts.push(`@${users[(i * 3) % users.length].handle} may know how the finance side was settled.`);
        break;
    }
    const source = parts.join("\n\n");
    return {
      source,
      html: renderMarkdown(source, handles),
      mentionIds: findMentions(source).filter((h) => handles.has(h)).map((h) => idByHandle.get(h)!),
    };
  });

  // ── Forums, threads, posts, likes ─────────────────────────────────────────────────────
  const forums: Prisma.ForumCreateManyInput[] = FORUMS.map((f, i) => ({
    id: i + 1,
    slug: slugify(f.name),
    name: f.name,
    description: f.description,
    kind: f.kind,
    position: i,
    createdAt: new Date(now - 450 * DAY),
  }));
  const threads: Prisma.ThreadCreateManyInput[] = [];
  const posts: Prisma.PostCreateManyInput[] = [];
  const likes: Prisma.PostLikeCreateManyInput[] = [];
  const mentions: Prisma.MentionCreateManyInput[] = [];
  let nextPostId = 1;

  function addThread(t: { id: number; forumId: number; title: string; start: number; replies: number; gap: number; likes: () => number }) {
    const authorId = rng.pick(memberIds);
    const ids: number[] = [];
    let last = t.start;
    for (let n = 1; n <= t.replies + 1; n++) {
      const id = nextPostId++;
      const postAuthor = n === 1 ? authorId : rng.pick(memberIds);
      const body = bodies[rng.int(bodies.length)];
      const createdAt = t.start + (n - 1) * t.gap;
      const likedBy = likers(rng, memberIds, t.likes(), postAuthor);
      posts.push({ id, threadId: t.id, authorId: postAuthor, number: n, bodySource: body.source, bodyHtml: body.html, likeCount: likedBy.length, createdAt: new Date(createdAt) });
      for (const userId of likedBy) likes.push({ postId: id, userId, createdAt: new Date(createdAt + HOUR) });
      for (const userId of body.mentionIds) mentions.push({ postId: id, userId });
      ids.push(id);
      last = createdAt;
    }
    threads.push({
      id: t.id,
      forumId: t.forumId,
      authorId,
      title: t.title,
      slug: slugify(t.title),
      postCount: t.replies + 1,
      lastPostAt: new Date(last),
      lastPostId: ids[ids.length - 1],
      createdAt: new Date(t.start),
    });
    return ids;
  }

  // Older threads spread over the past year, each with 0–4 replies and the odd like.
  const span = 380 * DAY;
  for (let i = 0; i < opts.otherThreads; i++) {
    const topic = PARAGRAPHS[i % PARAGRAPHS.length].replace(/[*_]/g, "").split(/[.:]/)[0].slice(0, 70).trim();
    addThread({
      id: i + 1,
      forumId: (i % forums.length) + 1,
      title: `${topic} (${i + 1})`,
      start: now - 400 * DAY + Math.floor((i * span) / opts.otherThreads),
      replies: i % 5,
      gap: 3 * HOUR,
      likes: () => (rng.next() < 0.6 ? 0 : 1 + rng.int(3)),
    });
  }

  // The thread under test: the newest in the first forum, replies every two hours, many likes
  // (some posts more than the 20 likers the page lists, so "and N more" renders too).
  const threadId = opts.otherThreads + 1;
  const targetIds = addThread({
    id: threadId,
    forumId: 1,
    title: TARGET_TITLE,
    start: now - 10 * DAY,
    replies: opts.targetReplies,
    gap: 2 * HOUR,
    likes: () => Math.floor(rng.next() ** 2 * 30),
  });

  // Forum counters as the use cases keep them: threads, posts, newest post.
  for (const f of forums) {
    const own = threads.filter((t) => t.forumId === f.id);
    f.threadCount = own.length;
    f.postCount = own.reduce((sum, t) => sum + (t.postCount ?? 0), 0);
    f.lastPostAt = new Date(Math.max(...own.map((t) => (t.lastPostAt as Date).getTime())));
  }

  // ── Write ─────────────────────────────────────────────────────────────────────────────
  // Chunks keep each statement well under PostgreSQL's 65,535 bind parameters.
  await db.user.createMany({ data: users });
  await db.forum.createMany({ data: forums });
  await inChunks(threads, 1000, (data) => db.thread.createMany({ data }));
  await inChunks(posts, 500, (data) => db.post.createMany({ data }));
  await inChunks(likes, 5000, (data) => db.postLike.createMany({ data }));
  await inChunks(mentions, 5000, (data) => db.mention.createMany({ data }));
  // Explicit ids leave the sequences at 1: move them on so the app's own inserts (sign-up, likes) work.
  for (const table of ["Forum", "Thread", "Post"]) {
    await db.$queryRawUnsafe(`SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), (SELECT MAX(id) FROM "${table}"))`);
  }
  // A long-running database has planner statistics; a freshly bulk-loaded one has none until autovacuum
  // (which PGlite never runs) gets to it.
  await db.$executeRawUnsafe("ANALYZE");

  const target = threads[threads.length - 1];
  return {
    forumSlug: forums[0].slug,
    threadId,
    threadSlug: target.slug,
    title: TARGET_TITLE,
    postIdByNumber: [0, ...targetIds],
    postsPerPage: POSTS_PER_PAGE,
    summary:
      `${users.length} members, ${forums.length} forums, ${threads.length} threads, ${posts.length} posts, ${likes.length} likes; ` +
      `target thread #${threadId}: ${targetIds.length} posts (opening + ${opts.targetReplies} replies), ` +
      `${likes.filter((l) => targetIds.includes(l.postId)).length} likes`,
  };
}
