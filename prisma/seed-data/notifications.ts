// Demo members' theme interests, watches and a few notifications, so the directory filters, the bell and
// the notifications page have something to show. Invented, like the rest of the demo content.
import type { PrismaClient } from "../../server/db/generated/client.ts";

export const themeInterests: Record<string, string[]> = {
  "amina-hussain": ["Customer insight", "Children's services", "Counting public spend"],
  "gareth-pryce": ["Worklessness", "Counting public spend"],
  "sola-adeyemi": ["Health inequalities", "Adult social care"],
  "dave-kershaw": ["Offender management", "Drugs and alcohol"],
  "priya-mistry": ["Housing", "Asset management"],
  "jon-fairley": ["Asset management", "Counting public spend"],
  "rachel-bowden": ["Children's services", "Customer insight"],
  "imran-qureshi": ["Drugs and alcohol", "Health inequalities"],
};

const HOUR = 3_600_000;

/** Runs after members, forums and threads exist; `user` maps a handle to its id. */
export async function seedNotifications(db: PrismaClient, user: (handle: string) => string) {
  for (const [handle, themes] of Object.entries(themeInterests)) await db.user.update({ where: { id: user(handle) }, data: { themeInterests: themes } });

  const amina = user("amina-hussain");
  const threads = await db.thread.findMany({ orderBy: { lastPostAt: "desc" }, take: 3, include: { forum: { select: { id: true, slug: true, name: true } } } });
  if (!threads.length) return;
  const url = (t: (typeof threads)[number]) => `/forums/${t.forum.slug}/t/${t.id}-${t.slug}`;
  await db.watch.createMany({
    data: [
      { userId: amina, targetType: "forum", targetId: String(threads[0].forum.id) },
      ...threads.map((t) => ({ userId: amina, targetType: "thread", targetId: String(t.id) })),
      { userId: user("gareth-pryce"), targetType: "thread", targetId: String(threads[0].id) },
    ],
    skipDuplicates: true,
  });
  const now = Date.now();
  const gareth = await db.user.findUniqueOrThrow({ where: { id: user("gareth-pryce") }, select: { handle: true, fullName: true } });
  const sola = await db.user.findUniqueOrThrow({ where: { id: user("sola-adeyemi") }, select: { handle: true, fullName: true } });
  await db.notification.createMany({
    data: [
      { userId: amina, kind: "mention", groupKey: `mention:thread:${threads[0].id}`, subjectType: "thread", subjectId: String(threads[0].id), title: threads[0].title, url: url(threads[0]), excerpt: "Amina, could you share how Bradford mapped its customer journeys?", actorHandles: [gareth.handle], actorNames: [gareth.fullName], createdAt: new Date(now - 2 * HOUR), updatedAt: new Date(now - 2 * HOUR) },
      { userId: amina, kind: "watched_thread", groupKey: `watched_thread:thread:${threads[1 % threads.length].id}`, subjectType: "thread", subjectId: String(threads[1 % threads.length].id), title: threads[1 % threads.length].title, url: url(threads[1 % threads.length]), actorHandles: [sola.handle, gareth.handle], actorNames: [sola.fullName, gareth.fullName], count: 4, createdAt: new Date(now - 6 * HOUR), updatedAt: new Date(now - HOUR) },
      { userId: amina, kind: "watched_forum", groupKey: `watched_forum:forum:${threads[0].forum.id}`, subjectType: "forum", subjectId: String(threads[0].forum.id), title: threads[0].forum.name, url: url(threads[0]), actorHandles: [gareth.handle], actorNames: [gareth.fullName], count: 2, createdAt: new Date(now - 30 * HOUR), updatedAt: new Date(now - 26 * HOUR), readAt: new Date(now - 20 * HOUR) },
    ],
  });
}
