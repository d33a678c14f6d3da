import net from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../fixtures/server.ts";
import { newForum, newMember, type Member } from "./_members.ts";

interface Received {
  to: string[];
  raw: string;
  headers: Record<string, string>;
  text: string;
}

let server: TestServer;
let smtp: SMTPServer | null = null;
let smtpPort = 0;
const received: Received[] = [];
let forumSlug: string;
let facilitator: Member;

/** A real SMTP server in this process (no TLS, no auth) that keeps every message it accepts. */
async function startSmtp(port = 0) {
  const s = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push(parseMessage(Buffer.concat(chunks).toString("utf8"), session.envelope.rcptTo.map((r) => r.address)));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => s.listen(port, "127.0.0.1", () => resolve()));
  smtp = s;
  return (s.server.address() as net.AddressInfo).port;
}
async function stopSmtp() {
  const s = smtp;
  smtp = null;
  if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
}

/** Headers (unfolded, lower-case names) and the decoded text/plain part of a raw message. */
function parseMessage(raw: string, to: string[]): Received {
  const unfolded = raw.replace(/\r\n/g, "\n");
  const headerEnd = unfolded.indexOf("\n\n");
  const headers: Record<string, string> = {};
  for (const line of unfolded.slice(0, headerEnd).replace(/\n[ \t]+/g, " ").split("\n")) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = decodeWords(line.slice(i + 1).trim());
  }
  const boundary = /boundary="([^"]+)"/.exec(headers["content-type"] ?? "")?.[1] ?? "\u0000";
  const textPart = /Content-Type: text\/plain[^\n]*\n(?:[^\n]+\n)*\n([\s\S]*)/i.exec(unfolded.split(`--${boundary}`).find((part) => /Content-Type: text\/plain/i.test(part)) ?? "");
  const encoding = /Content-Type: text\/plain[^\n]*\n(?:[^\n]+\n)*?Content-Transfer-Encoding: ([\w-]+)/i.exec(unfolded)?.[1]?.toLowerCase();
  // The whole part after its headers (the part ends where the next boundary starts).
  let text = textPart?.[1] ?? "";
  if (encoding === "quoted-printable") text = Buffer.from(text.replace(/=\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");
  if (encoding === "base64") text = Buffer.from(text, "base64").toString("utf8");
  return { to, raw, headers, text };
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=), as nodemailer writes non-ASCII subjects. */
function decodeWords(value: string) {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?UTF-8\?([QB])\?(.*?)\?=/gi, (_m, enc: string, data: string) =>
      enc.toUpperCase() === "B" ? Buffer.from(data, "base64").toString("utf8") : Buffer.from(data.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
    );
}

const mailsTo = (m: Member) => received.filter((r) => r.to.includes(m.email));
const linkAfter = (text: string, label: string) => new RegExp(`${label}\\s*(\\S+)`).exec(text)?.[1] ?? "";

beforeAll(async () => {
  smtpPort = await startSmtp();
  server = await startTestServer({ env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, NOTIFY_SCHEDULER: "off", DIGEST_DAY: "wednesday", DIGEST_TIME: "09:30" } });
  facilitator = await newMember(server, { role: "facilitator" });
  forumSlug = (await newForum(server, facilitator)).slug;
});
afterAll(async () => {
  await stopSmtp();
  await server?.stop();
});

describe("email", () => {
  it("a mention email arrives with one-click unsubscribe headers and links that work", async () => {
    const ann = await newMember(server, { fullName: "Ann Smith" });
    const bob = await newMember(server);
    const { url } = await server.services.forums.createThread(ann.caller, { forumSlug, title: "Troubled families budgets", body: `What do you think, @${bob.handle}?` });
    await expect.poll(() => mailsTo(bob).length, { timeout: 10_000 }).toBe(1);
    const [mail] = mailsTo(bob);
    expect(mail.headers.subject).toContain("Ann Smith mentioned you in");
    expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    const oneClick = /^<(http:\/\/localhost:\d+\/unsubscribe\/one-click\?token=[\w.-]+)>$/.exec(mail.headers["list-unsubscribe"])?.[1];
    expect(oneClick).toBeTruthy();

    // The post link, the preferences link and the unsubscribe page all work against the real server.
    const readIt = linkAfter(mail.text, "Read it:");
    expect(readIt).toMatch(new RegExp(`^${server.url}${url}#post-\\d+$`));
    const post = await bob.client.get(readIt.replace(server.url, "").split("#")[0]);
    expect(post.status).toBe(200);
    expect(await post.text()).toContain("Troubled families budgets");
    const prefs = await bob.client.get(linkAfter(mail.text, "Change which emails you get:").replace(server.url, ""));
    expect(prefs.status).toBe(200);
    expect(await prefs.text()).toContain("Notification settings");
    const unsubscribePage = await fetch(linkAfter(mail.text, "Unsubscribe from these emails:"));
    expect(unsubscribePage.status).toBe(200);
    expect(await unsubscribePage.text()).toContain("Unsubscribe");

    // RFC 8058: the mail client POSTs from elsewhere, with no cookie.
    const res = await fetch(oneClick!, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://mail.example.net" }, body: "List-Unsubscribe=One-Click" });
    expect(res.status).toBe(200);
    const pref = await server.services.db.notificationPreference.findUnique({ where: { userId_kind: { userId: bob.caller.id, kind: "mention" } } });
    expect(pref?.channel).toBe("in_app");
    // A forged token is refused, and other cross-origin posts are still refused.
    const forged = await fetch(oneClick!.replace(/.{4}$/, "AAAA"), { method: "POST", body: "List-Unsubscribe=One-Click" });
    expect(forged.status).toBe(400);
    const crossOrigin = await fetch(`${server.url}/unsubscribe?token=x`, { method: "POST", headers: { origin: "https://mail.example.net" }, body: "" });
    expect(crossOrigin.status).toBe(403);

    // Mentions still notify on the site, but no longer by email.
    await server.services.forums.createThread(ann.caller, { forumSlug, title: "Second thread", body: `And you, @${bob.handle}?` });
    const notices = await server.services.db.notification.count({ where: { userId: bob.caller.id, kind: "mention" } });
    expect(notices).toBe(2);
    await server.services.notifications.drainMail();
    expect(mailsTo(bob)).toHaveLength(1);
  });

  it("with SMTP down the reply still succeeds, and the email is retried with backoff", async () => {
    const author = await newMember(server);
    const replier = await newMember(server, { fullName: "Rita Replier" });
    const { threadId } = await server.services.forums.createThread(author.caller, { forumSlug, title: "Offender management in Kent", body: "Opening." });
    await stopSmtp();
    const reply = await server.services.forums.replyToThread(replier.caller, { threadId, body: `Replying, @${author.handle}.` });
    expect(reply.postId).toBeGreaterThan(0);
    const outbox = () => server.services.db.mailOutbox.findFirstOrThrow({ where: { to: author.email }, orderBy: { id: "desc" } });
    await expect.poll(async () => (await outbox()).attempts, { timeout: 10_000 }).toBe(1);
    const failed = await outbox();
    expect(failed.sentAt).toBeNull();
    expect(failed.lastError).toBeTruthy();
    expect(failed.nextTryAt.getTime()).toBeGreaterThan(Date.now());

    // Not due yet: a drain now sends nothing and leaves it waiting.
    await server.services.notifications.drainMail();
    expect((await outbox()).attempts).toBe(1);
    // A second failure waits twice as long.
    await server.services.notifications.drainMail(new Date(failed.nextTryAt.getTime() + 1000));
    const second = await outbox();
    expect(second.attempts).toBe(2);
    const firstDelay = failed.nextTryAt.getTime() - failed.createdAt.getTime();
    expect(second.nextTryAt.getTime() - Date.now()).toBeGreaterThan(firstDelay);

    await startSmtp(smtpPort);
    await server.services.notifications.drainMail(new Date(second.nextTryAt.getTime() + 1000));
    expect((await outbox()).sentAt).not.toBeNull();
    expect(mailsTo(author).map((m) => m.headers.subject)).toEqual([expect.stringContaining("Rita Replier")]);
  });

  it("sends the weekly digest once per member per week, even when run twice or interrupted", async () => {
    const poster = await newMember(server);
    const { threadId } = await server.services.forums.createThread(poster.caller, { forumSlug, title: "The busiest thread this week", body: "Lots to say." });
    for (let i = 0; i < 3; i++) await server.services.forums.replyToThread(facilitator.caller, { threadId, body: `Reply ${i}` });
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    await server.services.db.event.create({
      data: { slug: "summit", title: "Total Place Summit", summary: "National event.", descriptionSource: "", descriptionHtml: "", startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), format: "in_person", venue: "QEII Centre", createdById: facilitator.caller.id },
    });
    const members = await server.services.db.user.count();
    const before = received.filter((r) => r.headers.subject === "This week in Total Place").length;

    // Interrupted after two members, then run to completion, then run again.
    const first = await server.services.notifications.runDigest({ limit: 2 });
    expect(first.interrupted).toBe(true);
    await server.services.notifications.runDigest();
    await server.services.notifications.runDigest();
    await server.services.notifications.drainMail();
    const digests = received.filter((r) => r.headers.subject === "This week in Total Place").slice(before);
    expect(digests).toHaveLength(members);
    expect(new Set(digests.flatMap((d) => d.to)).size).toBe(members);
    const mine = digests.find((d) => d.to.includes(poster.email))!;
    expect(mine.text).toContain("The busiest thread this week");
    expect(mine.text).toContain("Total Place Summit");
    expect(mine.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    const claims = await server.services.db.digestDelivery.count({ where: { weekKey: first.weekKey } });
    expect(claims).toBe(members);

    // A digest whose sending was interrupted (the process stopped mid-send) is never sent again.
    const interrupted = await server.services.db.mailOutbox.create({
      data: { to: poster.email, subject: "This week in Total Place", text: "x", html: "x", atMostOnce: true, attempts: 0, sendingAt: new Date(Date.now() - 600_000), nextTryAt: new Date(Date.now() - 300_000) },
    });
    const sentBefore = received.length;
    await server.services.notifications.drainMail();
    expect(received.length).toBe(sentBefore);
    expect((await server.services.db.mailOutbox.findUniqueOrThrow({ where: { id: interrupted.id } })).failedAt).not.toBeNull();

    // One-click on the digest stops the digest only.
    const oneClick = /^<(.+)>$/.exec(mine.headers["list-unsubscribe"])![1];
    expect((await fetch(oneClick, { method: "POST", body: "List-Unsubscribe=One-Click" })).status).toBe(200);
    const pref = await server.services.db.notificationPreference.findUnique({ where: { userId_kind: { userId: poster.caller.id, kind: "weekly_digest" } } });
    expect(pref?.channel).toBe("off");
  });

  it("skips members with nothing new, and includes digest-channel notices for the others", async () => {
    const author = await newMember(server);
    const reader = await newMember(server);
    await reader.client.post("/settings/notifications", {
      mention: "digest", reply: "in_app", quote: "in_app", watched_thread: "in_app", watched_forum: "in_app", blog_post: "in_app", blog_comment: "in_app", event_soon: "in_app", question_answered: "in_app", document_version: "in_app", weekly_digest: "email",
    });
    await server.services.forums.createThread(author.caller, { forumSlug, title: "Health inequalities data", body: `@${reader.handle} have a look` });
    // Eight weeks on: no posts that week and no events ahead, so only the reader has something new.
    const later = new Date(Date.now() + 56 * 86_400_000);
    const before = received.length;
    const run = await server.services.notifications.runDigest({ now: later });
    await server.services.notifications.drainMail();
    const sent = received.slice(before);
    expect(sent.map((s) => s.to)).toEqual([[reader.email]]);
    expect(sent[0].text).toContain("mentioned you in “Health inequalities data”");
    expect(run.queued).toBe(1);
    expect(run.skipped).toBe((await server.services.db.user.count()) - 1);
  });

  it("the scheduler sends the digest at the configured day and time (Europe/London), once", async () => {
    const n = server.services.notifications;
    // Thursday 16 July 2026: that week's digest was due on Wednesday at 09:30 BST (08:30 UTC).
    expect(n.digestDueAt(new Date("2026-07-16T12:00:00Z")).toISOString()).toBe("2026-07-15T08:30:00.000Z");
    // In winter London is on GMT.
    expect(n.digestDueAt(new Date("2026-01-22T12:00:00Z")).toISOString()).toBe("2026-01-21T09:30:00.000Z");
    expect(n.weekKeyOf(new Date("2026-07-16T12:00:00Z"))).toBe("2026-W29");

    const due = n.digestDueAt(new Date(Date.now() + 112 * 86_400_000));
    const reader = await newMember(server);
    await server.services.db.notification.create({ data: { userId: reader.caller.id, kind: "watched_forum", subjectType: "forum", subjectId: "1", title: "Housing", url: "/forums", channel: "digest" } });
    expect((await n.runScheduled(new Date(due.getTime() - 60_000))).digest).toBeNull();
    const sent = await n.runScheduled(new Date(due.getTime() + 60_000));
    expect(sent.digest?.queued).toBeGreaterThanOrEqual(1);
    expect((await n.runScheduled(new Date(due.getTime() + 120_000))).digest).toBeNull();
    await n.drainMail();
    expect(mailsTo(reader).filter((m) => m.headers.subject === "This week in Total Place")).toHaveLength(1);
  });
});
