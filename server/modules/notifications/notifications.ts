/**
 * Notifications, watches, email and the weekly digest.
 *
 * Public API for other modules (blogs, library, live Q&A call these; forums and events already do):
 *
 *   const notified = await notifications.notify(tx, {
 *     kind,                         // "mention" | "reply" | "quote" | "watched_thread" | "watched_forum" | "blog_post"
 *                                   // | "blog_comment" | "event_soon" | "question_answered" | "document_version"
 *     userIds?: string[],           // these members …
 *     watchersOf?: { targetType: "thread" | "forum" | "blog" | "event" | "document", targetId },  // … and/or the watchers of this
 *     mutedVia?: WatchRef[],        // members who muted any of these are skipped (the watchersOf target always counts)
 *     except?: Iterable<string>,    // members already told about this action by an earlier notify call
 *     actorId?: string | null,      // never notified about their own action
 *     subject: { type, id, title, url },   // url relative ("/forums/x/t/1-y#post-3")
 *     excerpt?: string,             // plain text, shown in the email
 *     groupKey?: string,            // bursts with the same key merge while unread (default kind:type:id)
 *   });
 *   // after the transaction commits:
 *   notifications.deliver(notified);     // publishes "notify:count" to user:<id> and wakes the mail worker
 *
 * notify() only reads and inserts rows with the transaction it is given (Notification, MailOutbox), so it is
 * safe inside a write transaction; nothing leaves the process until deliver() and the mail worker run.
 * notifyNow(input) does both in a transaction of its own. notified.userIds is the set of members told (pass
 * it as `except` to a later call for the same action so nobody hears twice).
 *
 * Watches: watchState(caller, ref), setWatch(caller, form), and watch(tx, userId, ref) to auto-watch
 * (never overrides a mute); addWatchTarget("blog" | "document", (caller, id) => visible?) lets the watch
 * buttons (POST /watch) accept blogs and documents — until registered they are refused. addDigestSection(fn) adds a site-wide section (e.g. the weekly update, new
 * documents) to the weekly digest.
 */
import type { Prisma } from "../../db/generated/client.ts";
import { NotFound, SignInRequired, UserError, validate } from "../../lib/errors.ts";
import { londonToUtc, toLondonParts } from "../../lib/london-time.ts";
import type { Caller, ModuleDeps } from "../deps.ts";
import { createMailer, createUnsubscribeTokens, loadSecret, type Mailer } from "./mailer.ts";
import {
  CHANNELS,
  DIGEST_PREFERENCE,
  describeNotification,
  isKind,
  KIND_NAMES,
  KINDS,
  NOTIFICATIONS_PER_PAGE,
  preferencesSchema,
  watchFormSchema,
  type Channel,
  type NotificationKind,
  type WatchTarget,
} from "./notifications.schema.ts";

type Tx = Prisma.TransactionClient;
export interface WatchRef {
  targetType: WatchTarget;
  targetId: string | number;
}
export interface NotifyInput {
  kind: NotificationKind;
  userIds?: string[];
  watchersOf?: WatchRef;
  mutedVia?: WatchRef[];
  except?: Iterable<string>;
  actorId?: string | null;
  subject: { type: string; id: string | number; title: string; url: string };
  excerpt?: string;
  groupKey?: string;
}
export interface Notified {
  userIds: Set<string>;
  emails: number;
}
export interface DigestSection {
  heading: string;
  items: { title: string; url: string; detail?: string }[];
}

const ACTORS_KEPT = 3;
const MAIL_MAX_ATTEMPTS = 8;
const MAIL_BATCH = 50;
const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

export interface NotificationsConfig {
  smtpUrl?: string;
  dataDir: string;
  appSecret?: string;
  mailFrom: string;
  publicUrl?: string;
  digestDay: string;
  digestTime: string;
  notifyScheduler: "on" | "off";
}

export function createNotifications(deps: ModuleDeps & { config: NotificationsConfig }) {
  const { db, log, publisher, config } = deps;
  const mailer: Mailer = createMailer({ smtpUrl: config.smtpUrl, dataDir: config.dataDir, from: config.mailFrom, log });
  const tokens = createUnsubscribeTokens(loadSecret(config.dataDir, config.appSecret));
  let baseUrl = (config.publicUrl ?? "http://localhost:3000").replace(/\/$/, "");
  const absolute = (url: string) => (url.startsWith("http") ? url : `${baseUrl}${url}`);
  const digestSections: ((since: Date, until: Date) => Promise<DigestSection | null>)[] = [];

  // ── Writing notices ───────────────────────────────────────────────────────────────────

  function refKey(ref: WatchRef) {
    return { targetType: ref.targetType, targetId: String(ref.targetId) };
  }

  async function channelsFor(tx: Tx, userIds: string[], kind: string, fallback: Channel) {
    const prefs = await tx.notificationPreference.findMany({ where: { userId: { in: userIds }, kind }, select: { userId: true, channel: true } });
    const chosen = new Map(prefs.map((p) => [p.userId, p.channel as Channel]));
    return (userId: string) => chosen.get(userId) ?? fallback;
  }

  /** Inserts (or merges into unread) notices and queues emails, using only `tx`. See the module header. */
  async function notify(tx: Tx, input: NotifyInput): Promise<Notified> {
    const result: Notified = { userIds: new Set(), emails: 0 };
    const candidates = new Set(input.userIds ?? []);
    if (input.watchersOf) {
      const watchers = await tx.watch.findMany({ where: { ...refKey(input.watchersOf), muted: false }, select: { userId: true } });
      for (const w of watchers) candidates.add(w.userId);
    }
    if (input.actorId) candidates.delete(input.actorId);
    for (const id of input.except ?? []) candidates.delete(id);
    if (candidates.size === 0) return result;

    const muteRefs = [...(input.mutedVia ?? []), ...(input.watchersOf ? [input.watchersOf] : [])].map(refKey);
    if (muteRefs.length) {
      const muted = await tx.watch.findMany({ where: { userId: { in: [...candidates] }, muted: true, OR: muteRefs }, select: { userId: true } });
      for (const m of muted) candidates.delete(m.userId);
    }
    const recipients = [...candidates];
    if (!recipients.length) return result;

    const channelOf = await channelsFor(tx, recipients, input.kind, KINDS[input.kind].defaultChannel);
    const actor = input.actorId ? await tx.user.findUnique({ where: { id: input.actorId }, select: { handle: true, fullName: true } }) : null;
    const groupKey = input.groupKey ?? `${input.kind}:${input.subject.type}:${input.subject.id}`;
    const now = new Date();
    const emailTo = await tx.user.findMany({ where: { id: { in: recipients.filter((id) => channelOf(id) === "email") } }, select: { id: true, email: true } });
    const emailOf = new Map(emailTo.map((u) => [u.id, u.email]));

    for (const userId of recipients) {
      const channel = channelOf(userId);
      if (channel === "off") continue;
      result.userIds.add(userId);
      const open = await tx.notification.findFirst({ where: { userId, groupKey, readAt: null }, orderBy: { id: "desc" } });
      if (open) {
        // A burst: one unread notice that counts, not a new row (and no second email).
        const handles = actor ? [actor.handle, ...open.actorHandles.filter((h) => h !== actor.handle)].slice(0, ACTORS_KEPT) : open.actorHandles;
        const names = actor ? [actor.fullName, ...open.actorNames.filter((n) => n !== actor.fullName)].slice(0, ACTORS_KEPT) : open.actorNames;
        await tx.notification.update({ where: { id: open.id }, data: { count: { increment: 1 }, actorHandles: handles, actorNames: names, title: input.subject.title, updatedAt: now, channel } });
        continue;
      }
      await tx.notification.create({
        data: {
          userId,
          kind: input.kind,
          groupKey,
          subjectType: input.subject.type,
          subjectId: String(input.subject.id),
          title: input.subject.title,
          url: input.subject.url,
          excerpt: (input.excerpt ?? "").slice(0, 500),
          actorHandles: actor ? [actor.handle] : [],
          actorNames: actor ? [actor.fullName] : [],
          channel,
          createdAt: now,
          updatedAt: now,
        },
      });
      const email = emailOf.get(userId);
      if (channel === "email" && email) {
        const line = describeNotification({ kind: input.kind, count: 1, actorNames: actor ? [actor.fullName] : [], title: input.subject.title });
        await tx.mailOutbox.create({ data: noticeEmail({ userId, email, kind: input.kind, line, url: input.subject.url, excerpt: input.excerpt ?? "" }) });
        result.emails++;
      }
    }
    return result;
  }

  /** After the notifying transaction commits: live bell counts, and the mail worker wakes for new email. */
  function deliver(...notified: Notified[]) {
    const users = new Set<string>();
    let emails = 0;
    for (const n of notified) {
      for (const u of n.userIds) users.add(u);
      emails += n.emails;
    }
    for (const userId of users) void publishCount(userId);
    if (emails) kickMail();
  }

  async function notifyNow(input: NotifyInput) {
    const notified = await db.$transaction((tx) => notify(tx, input));
    deliver(notified);
    return { userIds: [...notified.userIds] };
  }

  async function publishCount(userId: string) {
    try {
      const count = await db.notification.count({ where: { userId, readAt: null } });
      publisher.publish(`user:${userId}`, "notify:count", { count });
    } catch (error) {
      log.warn({ err: error, userId }, "could not publish notification count");
    }
  }

  // ── Email content ─────────────────────────────────────────────────────────────────────

  function footer(userId: string, scope: string) {
    const token = tokens.make(userId, scope);
    const unsubscribeUrl = `${baseUrl}/unsubscribe?token=${token}`;
    const oneClickUrl = `${baseUrl}/unsubscribe/one-click?token=${token}`;
    const preferencesUrl = `${baseUrl}/settings/notifications`;
    return {
      unsubscribeUrl,
      preferencesUrl,
      headers: { "List-Unsubscribe": `<${oneClickUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      text: `\n\n--\nChange which emails you get: ${preferencesUrl}\nUnsubscribe from these emails: ${unsubscribeUrl}\n`,
      html: `<hr><p style="font-size:14px">You can <a href="${preferencesUrl}">change which emails you get</a> or <a href="${unsubscribeUrl}">unsubscribe from these emails</a>.</p>`,
    };
  }

  function noticeEmail(opts: { userId: string; email: string; kind: NotificationKind; line: string; url: string; excerpt: string }) {
    const f = footer(opts.userId, opts.kind);
    const link = absolute(opts.url);
    const excerpt = opts.excerpt.trim();
    return {
      to: opts.email,
      subject: opts.line,
      text: `${opts.line}\n\n${excerpt ? `${excerpt}\n\n` : ""}Read it: ${link}${f.text}`,
      html: `<p>${escapeHtml(opts.line)}</p>${excerpt ? `<blockquote>${escapeHtml(excerpt)}</blockquote>` : ""}<p><a href="${escapeHtml(link)}">Read it on Total Place Community</a></p>${f.html}`,
      headers: f.headers,
    };
  }

  // ── Mail worker ───────────────────────────────────────────────────────────────────────

  let draining: Promise<number> | null = null;
  let kickTimer: ReturnType<typeof setTimeout> | null = null;
  let mailTimer: ReturnType<typeof setInterval> | null = null;
  let stopped = false;

  function kickMail() {
    if (stopped || kickTimer) return;
    kickTimer = setTimeout(() => {
      kickTimer = null;
      void drainMail().catch((error) => log.error({ err: error }, "mail worker failed"));
    }, 50);
  }

  /** Sends due outbox mail (returns how many rows were tried); failures wait 30 s × 2^attempts (up to 6 h), and give up after 8 attempts. */
  async function drainMail(now = new Date()): Promise<number> {
    // A pass already running read its rows before ours were written: let it finish, then make our own pass,
    // so "drained" always means everything due when we were called has been tried.
    while (draining) await draining.catch(() => 0);
    // Full batches mean more may be due; the cap keeps rows leased by another process from looping us.
    let taken = 0;
    for (let pass = 0; pass < 20; pass++) {
      const batch = await drainBatch(now);
      taken += batch;
      if (batch < MAIL_BATCH) break;
    }
    return taken;
  }

  /** One pass over up to MAIL_BATCH due emails; returns how many rows it took (sent or not). */
  function drainBatch(now: Date): Promise<number> {
    draining = (async () => {
      let taken = 0;
      try {
        const due = await db.mailOutbox.findMany({ where: { sentAt: null, failedAt: null, nextTryAt: { lte: now } }, orderBy: { id: "asc" }, take: MAIL_BATCH });
        taken = due.length;
        for (const mail of due) {
          if (mail.sendingAt && mail.atMostOnce) {
            // The process stopped while sending this: it may have arrived, and it must not arrive twice.
            await db.mailOutbox.updateMany({ where: { id: mail.id, sentAt: null, nextTryAt: mail.nextTryAt }, data: { failedAt: new Date(), lastError: "interrupted while sending; not retried (sent at most once)" } });
            log.warn({ mailId: mail.id }, "email interrupted mid-send: not retried");
            continue;
          }
          // Lease the row, so another process draining the same outbox skips it.
          const lease = await db.mailOutbox.updateMany({ where: { id: mail.id, sentAt: null, nextTryAt: mail.nextTryAt }, data: { nextTryAt: new Date(Date.now() + 5 * 60_000), sendingAt: new Date() } });
          if (!lease.count) continue;
          try {
            await mailer.send({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers as Record<string, string> });
            await db.mailOutbox.update({ where: { id: mail.id }, data: { sentAt: new Date(), sendingAt: null, attempts: { increment: 1 }, lastError: null } });
          } catch (error) {
            const attempts = mail.attempts + 1;
            const delayMs = Math.min(30_000 * 2 ** (attempts - 1), 6 * 3_600_000);
            const giveUp = attempts >= MAIL_MAX_ATTEMPTS;
            await db.mailOutbox.update({
              where: { id: mail.id },
              data: { attempts, sendingAt: null, lastError: String((error as Error).message ?? error).slice(0, 500), nextTryAt: new Date(Date.now() + delayMs), failedAt: giveUp ? new Date() : null },
            });
            log.warn({ err: error, mailId: mail.id, attempts, retryInMs: giveUp ? null : delayMs }, giveUp ? "email failed: giving up" : "email failed: will retry");
          }
        }
      } finally {
        draining = null;
      }
      return taken;
    })();
    return draining;
  }

  // ── Reading and managing notices ──────────────────────────────────────────────────────

  function requireMember(caller: Caller) {
    if (!caller) throw new SignInRequired();
    return caller;
  }

  async function unreadCount(caller: Caller) {
    if (!caller) return 0;
    return db.notification.count({ where: { userId: caller.id, readAt: null } });
  }

  async function listNotifications(caller: Caller, input: { page?: number } = {}) {
    const me = requireMember(caller);
    const total = await db.notification.count({ where: { userId: me.id } });
    const pageCount = Math.max(1, Math.ceil(total / NOTIFICATIONS_PER_PAGE));
    const page = Math.min(Math.max(1, input.page ?? 1), pageCount);
    const rows = await db.notification.findMany({ where: { userId: me.id }, orderBy: [{ updatedAt: "desc" }, { id: "desc" }], skip: (page - 1) * NOTIFICATIONS_PER_PAGE, take: NOTIFICATIONS_PER_PAGE });
    return {
      page,
      pageCount,
      total,
      unread: await db.notification.count({ where: { userId: me.id, readAt: null } }),
      items: rows.map((n) => ({ id: n.id, kind: n.kind, text: describeNotification(n), url: n.url, excerpt: n.excerpt, count: n.count, updatedAt: n.updatedAt, read: !!n.readAt, actorHandles: n.actorHandles })),
    };
  }

  async function markRead(caller: Caller, input: { id?: unknown; all?: boolean }) {
    const me = requireMember(caller);
    const now = new Date();
    if (input.all) await db.notification.updateMany({ where: { userId: me.id, readAt: null }, data: { readAt: now } });
    else {
      const id = Number(input.id);
      if (!Number.isInteger(id) || id < 1 || id > 2 ** 31 - 1) throw new NotFound("Notification");
      const n = await db.notification.findUnique({ where: { id } });
      if (!n || n.userId !== me.id) throw new NotFound("Notification");
      if (!n.readAt) await db.notification.update({ where: { id }, data: { readAt: now } });
    }
    void publishCount(me.id);
    return { unread: await db.notification.count({ where: { userId: me.id, readAt: null } }) };
  }

  /** Opening a notice marks it read and goes to its subject. */
  async function openNotification(caller: Caller, input: { id?: unknown }) {
    const me = requireMember(caller);
    const id = Number(input.id);
    if (!Number.isInteger(id) || id < 1 || id > 2 ** 31 - 1) throw new NotFound("Notification");
    const n = await db.notification.findUnique({ where: { id } });
    if (!n || n.userId !== me.id) throw new NotFound("Notification");
    await markRead(caller, { id });
    return { url: n.url.startsWith("/") && !n.url.startsWith("//") ? n.url : "/notifications" };
  }

  // ── Preferences and unsubscribe ───────────────────────────────────────────────────────

  async function preferencesOf(userId: string) {
    const rows = await db.notificationPreference.findMany({ where: { userId } });
    const chosen = new Map(rows.map((r) => [r.kind, r.channel]));
    return {
      kinds: KIND_NAMES.map((kind) => ({ kind, label: KINDS[kind].label, channel: (chosen.get(kind) ?? KINDS[kind].defaultChannel) as Channel })),
      digest: (chosen.get(DIGEST_PREFERENCE) ?? "email") as "email" | "off",
    };
  }

  async function getPreferences(caller: Caller) {
    const me = requireMember(caller);
    return { ...(await preferencesOf(me.id)), channels: CHANNELS };
  }

  async function savePreferences(userId: string, values: Record<string, string>) {
    await db.$transaction(async (tx) => {
      for (const [kind, channel] of Object.entries(values)) {
        await tx.notificationPreference.upsert({ where: { userId_kind: { userId, kind } }, create: { userId, kind, channel }, update: { channel } });
      }
    });
  }

  async function setPreferences(caller: Caller, input: unknown) {
    const me = requireMember(caller);
    const data = validate(preferencesSchema, input);
    await savePreferences(me.id, data);
    return preferencesOf(me.id);
  }

  /** Turns email off for the token's scope: one kind's emails become in-app; "weekly_digest"/"all" as named. */
  async function unsubscribe(input: { token?: unknown }) {
    const read = typeof input.token === "string" ? tokens.read(input.token) : null;
    if (!read) throw new UserError("This unsubscribe link is not valid. Sign in to change your email settings.", 400);
    const user = await db.user.findUnique({ where: { id: read.userId }, select: { id: true, email: true } });
    if (!user) throw new UserError("This unsubscribe link is not valid. Sign in to change your email settings.", 400);
    const current = await preferencesOf(user.id);
    const changes: Record<string, string> = {};
    if (read.scope === DIGEST_PREFERENCE || read.scope === "all") changes[DIGEST_PREFERENCE] = "off";
    for (const k of current.kinds) {
      if ((read.scope === "all" || read.scope === k.kind) && k.channel === "email") changes[k.kind] = "in_app";
    }
    await savePreferences(user.id, changes);
    log.info({ userId: user.id, scope: read.scope }, "unsubscribed");
    return { scope: read.scope, what: describeScope(read.scope) };
  }

  function describeScope(scope: string) {
    if (scope === "all") return "all emails from Total Place Community";
    if (scope === DIGEST_PREFERENCE) return "the weekly digest";
    return isKind(scope) ? `emails when: ${KINDS[scope].label.toLowerCase()}` : "these emails";
  }

  function checkUnsubscribeToken(input: { token?: unknown }) {
    const read = typeof input.token === "string" ? tokens.read(input.token) : null;
    if (!read) throw new UserError("This unsubscribe link is not valid. Sign in to change your email settings.", 400);
    return { what: describeScope(read.scope) };
  }

  // ── Watches ───────────────────────────────────────────────────────────────────────────

  const asId = (v: string) => (/^\d{1,9}$/.test(v) ? Number(v) : null);
  /** Who may watch what: the target must exist and be visible to the member. Blogs and documents register theirs. */
  const watchTargets = new Map<string, (caller: NonNullable<Caller>, targetId: string) => Promise<boolean>>([
    ["thread", async (c, v) => { const id = asId(v); const t = id ? await db.thread.findUnique({ where: { id }, select: { hidden: true } }) : null; return !!t && (!t.hidden || c.role !== "member"); }],
    ["forum", async (_c, v) => { const id = asId(v); return !!id && !!(await db.forum.findUnique({ where: { id }, select: { id: true } })); }],
    ["event", async (_c, v) => { const id = asId(v); return !!id && !!(await db.event.findUnique({ where: { id }, select: { id: true } })); }],
  ]);
  function addWatchTarget(targetType: WatchTarget, exists: (caller: NonNullable<Caller>, targetId: string) => Promise<boolean>) {
    watchTargets.set(targetType, exists);
  }

  /** Starts watching unless the member already watches or has muted it (a mute is never overridden). */
  async function watch(tx: Tx, userId: string, ref: WatchRef) {
    await tx.watch.createMany({ data: [{ userId, ...refKey(ref) }], skipDuplicates: true });
  }

  async function watchState(caller: Caller, ref: WatchRef): Promise<"watching" | "muted" | "none"> {
    if (!caller) return "none";
    const w = await db.watch.findUnique({ where: { userId_targetType_targetId: { userId: caller.id, ...refKey(ref) } } });
    return w ? (w.muted ? "muted" : "watching") : "none";
  }

  /** Form action behind the watch/mute buttons. The caller's route checks the target exists and is visible. */
  async function setWatch(caller: Caller, input: unknown) {
    const me = requireMember(caller);
    const data = validate(watchFormSchema, input);
    const check = watchTargets.get(data.targetType);
    if (!check || !(await check(me, data.targetId))) throw new NotFound("Thing to watch");
    const key = { userId: me.id, targetType: data.targetType, targetId: data.targetId };
    if (data.state === "clear") await db.watch.deleteMany({ where: key });
    else {
      const muted = data.state === "mute";
      await db.watch.upsert({ where: { userId_targetType_targetId: key }, create: { ...key, muted }, update: { muted } });
    }
    return { state: data.state === "clear" ? "none" : data.state === "mute" ? "muted" : "watching" };
  }

  // ── Event reminders ───────────────────────────────────────────────────────────────────

  /** Members going (or maybe going) to an event, and its watchers, hear once when it starts within the hour. */
  async function runEventReminders(now = new Date()) {
    const soon = await db.event.findMany({
      where: { cancelledAt: null, startsAt: { gt: now, lte: new Date(now.getTime() + 3_600_000) } },
      select: { id: true, slug: true, title: true, summary: true, rsvps: { where: { status: { in: ["going", "maybe"] } }, select: { userId: true } } },
    });
    const all: Notified[] = [];
    for (const event of soon) {
      const watchers = await db.watch.findMany({ where: { targetType: "event", targetId: String(event.id), muted: false }, select: { userId: true } });
      const userIds = [...new Set([...event.rsvps.map((r) => r.userId), ...watchers.map((w) => w.userId)])];
      for (const userId of userIds) {
        const notified = await db.$transaction(async (tx) => {
          const once = await tx.notificationOnce.createMany({ data: [{ key: `event-soon:${event.id}:${userId}` }], skipDuplicates: true });
          if (!once.count) return null;
          return notify(tx, {
            kind: "event_soon",
            userIds: [userId],
            mutedVia: [{ targetType: "event", targetId: event.id }],
            subject: { type: "event", id: event.id, title: event.title, url: `/events/${event.id}-${event.slug}` },
            excerpt: event.summary,
            groupKey: `event_soon:event:${event.id}`,
          });
        });
        if (notified) all.push(notified);
      }
    }
    deliver(...all);
    return { notified: all.reduce((n, x) => n + x.userIds.size, 0) };
  }

  // ── Weekly digest ─────────────────────────────────────────────────────────────────────

  /** ISO week of the London date, e.g. "2026-W48": the digest's once-per-week key. */
  function weekKeyOf(date: Date) {
    const p = toLondonParts(date);
    const d = new Date(Date.UTC(p.year, p.month - 1, p.day));
    const dayNum = (d.getUTCDay() + 6) % 7;
    d.setUTCDate(d.getUTCDate() - dayNum + 3);
    const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
    const week = 1 + Math.round(((d.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
    return `${d.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
  }

  /** When this week's digest is due (London time), for the scheduler. */
  function digestDueAt(now: Date) {
    const p = toLondonParts(now);
    const today = new Date(Date.UTC(p.year, p.month - 1, p.day));
    const back = (today.getUTCDay() - DAYS.indexOf(config.digestDay) + 7) % 7;
    const day = new Date(today.getTime() - back * 86_400_000);
    const [hour, minute] = config.digestTime.split(":").map(Number);
    return londonToUtc({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour, minute });
  }

  function addDigestSection(section: (since: Date, until: Date) => Promise<DigestSection | null>) {
    digestSections.push(section);
  }

  async function siteSections(since: Date, until: Date): Promise<DigestSection[]> {
    const sections: DigestSection[] = [];
    for (const make of digestSections) {
      try {
        const s = await make(since, until);
        if (s && s.items.length) sections.push(s);
      } catch (error) {
        log.error({ err: error }, "digest section failed");
      }
    }
    const busy = await db.post.groupBy({ by: ["threadId"], where: { createdAt: { gte: since, lt: until }, deletedAt: null, hiddenAt: null, thread: { hidden: false } }, _count: { _all: true }, orderBy: { _count: { threadId: "desc" } }, take: 5 });
    if (busy.length) {
      const threads = await db.thread.findMany({ where: { id: { in: busy.map((b) => b.threadId) } }, select: { id: true, slug: true, title: true, forum: { select: { slug: true, name: true } } } });
      const byId = new Map(threads.map((t) => [t.id, t]));
      sections.push({
        heading: "The busiest threads",
        items: busy.flatMap((b) => {
          const t = byId.get(b.threadId);
          return t ? [{ title: t.title, url: `/forums/${t.forum.slug}/t/${t.id}-${t.slug}`, detail: `${b._count._all} new ${b._count._all === 1 ? "post" : "posts"} in ${t.forum.name}` }] : [];
        }),
      });
    }
    const events = await db.event.findMany({ where: { cancelledAt: null, startsAt: { gte: until, lt: new Date(until.getTime() + 21 * 86_400_000) } }, orderBy: { startsAt: "asc" }, take: 5, select: { id: true, slug: true, title: true, startsAt: true } });
    if (events.length) {
      sections.push({ heading: "Upcoming events", items: events.map((e) => ({ title: e.title, url: `/events/${e.id}-${e.slug}`, detail: e.startsAt.toLocaleString("en-GB", { timeZone: "Europe/London", dateStyle: "full", timeStyle: "short" }) })) });
    }
    return sections;
  }

  /**
   * Sends this week's digest to every member who has not had it. Each member's claim (DigestDelivery row)
   * and email (outbox row) are written in one transaction, so a run interrupted anywhere, or run twice,
   * never sends a member two digests. Members with nothing new are recorded as skipped.
   */
  async function runDigest(opts: { now?: Date; limit?: number } = {}) {
    const now = opts.now ?? new Date();
    const weekKey = weekKeyOf(now);
    const since = new Date(now.getTime() - 7 * 86_400_000);
    const site = await siteSections(since, now);
    let queued = 0;
    let skipped = 0;
    let processed = 0;
    for (;;) {
      const members = await db.user.findMany({ where: { digestDeliveries: { none: { weekKey } } }, orderBy: { id: "asc" }, take: 100, select: { id: true, email: true, fullName: true } });
      if (!members.length) break;
      for (const m of members) {
        if (opts.limit != null && processed >= opts.limit) return { weekKey, queued, skipped, interrupted: true };
        processed++;
        const wanted = (await db.notificationPreference.findUnique({ where: { userId_kind: { userId: m.id, kind: DIGEST_PREFERENCE } } }))?.channel !== "off";
        const personal = wanted ? await db.notification.findMany({ where: { userId: m.id, channel: "digest", digestedAt: null }, orderBy: { updatedAt: "desc" }, take: 30 }) : [];
        const sections: DigestSection[] = [];
        if (personal.length) sections.push({ heading: "For you", items: personal.map((n) => ({ title: describeNotification(n), url: n.url })) });
        sections.push(...site);
        const status = wanted && sections.length ? "queued" : "skipped";
        const claimed = await db.$transaction(async (tx) => {
          const claim = await tx.digestDelivery.createMany({ data: [{ userId: m.id, weekKey, status }], skipDuplicates: true });
          if (!claim.count) return false;
          if (status === "queued") {
            await tx.mailOutbox.create({ data: { ...digestEmail(m, sections), atMostOnce: true } });
            if (personal.length) await tx.notification.updateMany({ where: { id: { in: personal.map((n) => n.id) } }, data: { digestedAt: now } });
          }
          return true;
        });
        if (!claimed) continue;
        if (status === "queued") queued++;
        else skipped++;
      }
    }
    if (queued) kickMail();
    log.info({ weekKey, queued, skipped }, "weekly digest run");
    return { weekKey, queued, skipped, interrupted: false };
  }

  function digestEmail(member: { id: string; email: string; fullName: string }, sections: DigestSection[]) {
    const f = footer(member.id, DIGEST_PREFERENCE);
    const text = sections.map((s) => `${s.heading}\n${s.items.map((i) => `- ${i.title}${i.detail ? ` (${i.detail})` : ""}\n  ${absolute(i.url)}`).join("\n")}`).join("\n\n");
    const html = sections
      .map((s) => `<h2>${escapeHtml(s.heading)}</h2><ul>${s.items.map((i) => `<li><a href="${escapeHtml(absolute(i.url))}">${escapeHtml(i.title)}</a>${i.detail ? ` – ${escapeHtml(i.detail)}` : ""}</li>`).join("")}</ul>`)
      .join("");
    return {
      to: member.email,
      subject: "This week in Total Place",
      text: `This week in Total Place\n\nHello ${member.fullName},\n\n${text}${f.text}`,
      html: `<h1>This week in Total Place</h1><p>Hello ${escapeHtml(member.fullName)},</p>${html}${f.html}`,
      headers: f.headers,
    };
  }

  // ── Schedulers ────────────────────────────────────────────────────────────────────────

  let schedulerTimer: ReturnType<typeof setInterval> | null = null;
  let ticking = false;
  /** One scheduler pass: event reminders, and this week's digest once its day and time have come. */
  async function runScheduled(now = new Date()) {
    const reminders = await runEventReminders(now);
    const due = now >= digestDueAt(now) && (await db.digestDelivery.count({ where: { weekKey: weekKeyOf(now) } })) < (await db.user.count());
    const digest = due ? await runDigest({ now }) : null;
    return { reminders, digest };
  }

  async function tick() {
    if (ticking || stopped) return;
    ticking = true;
    try {
      await runScheduled();
    } catch (error) {
      log.error({ err: error }, "notification scheduler failed");
    } finally {
      ticking = false;
    }
  }

  /** Called once the server listens: sets the address used in email links and starts the background loops. */
  function start(opts: { baseUrl: string }) {
    baseUrl = (config.publicUrl ?? opts.baseUrl).replace(/\/$/, "");
    if (config.notifyScheduler === "off") return;
    mailTimer = setInterval(() => void drainMail().catch((error) => log.error({ err: error }, "mail worker failed")), 15_000);
    schedulerTimer = setInterval(() => void tick(), 60_000);
    mailTimer.unref();
    schedulerTimer.unref();
    void drainMail().catch((error) => log.error({ err: error }, "mail worker failed"));
  }

  async function stop() {
    stopped = true;
    if (mailTimer) clearInterval(mailTimer);
    if (schedulerTimer) clearInterval(schedulerTimer);
    if (kickTimer) clearTimeout(kickTimer);
    await draining?.catch(() => {});
    mailer.close();
  }

  return {
    // For other modules (see the header).
    notify,
    deliver,
    notifyNow,
    watch,
    watchState,
    addWatchTarget,
    addDigestSection,
    // Use cases for routes.
    unreadCount,
    listNotifications,
    markRead,
    openNotification,
    getPreferences,
    setPreferences,
    unsubscribe,
    checkUnsubscribeToken,
    setWatch,
    // Background work (also driven directly by tests).
    drainMail,
    runDigest,
    runEventReminders,
    runScheduled,
    weekKeyOf,
    digestDueAt,
    start,
    stop,
    unsubscribeToken: (userId: string, scope: string) => tokens.make(userId, scope),
  };
}

export type NotificationsService = ReturnType<typeof createNotifications>;

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

