import type { Tx } from "../../db/database.ts";
import { Forbidden, NotFound, SignInRequired, TooManyRequests, UserError, validate } from "../../lib/errors.ts";
import { existingId } from "../../lib/ids.ts";
import { renderMarkdown } from "../../lib/markdown.ts";
import { RateLimiter } from "../../lib/rate-limit.ts";
import { imageTypeOf, IMAGE_MIME_BY_EXTENSION } from "../../storage/image-type.ts";
import { isFacilitator, type Caller, type ModuleDeps } from "../deps.ts";
import type { NotificationsService } from "../notifications/notifications.ts";
import { liveHideSchema, liveJoinSchema, livePostSchema, liveStateSchema, liveVoteSchema, MAX_LIVE_PHOTO_BYTES, questionStatusSchema, reporterSchema } from "./live.schema.ts";

/** Everyone watching an event's live thread. */
export const eventRoom = (eventId: number) => `event:${eventId}`;
/** Facilitators watching it: they alone are sent the names behind anonymous questions. */
export const eventStaffRoom = (eventId: number) => `event:${eventId}:staff`;

/** Live comments allow links and emphasis, not headings, tables or images. */
const LIVE_MARKDOWN = (source: string) => renderMarkdown(source.replace(/^#+\s*/gm, "").replace(/^\|/gm, "\\|"));

type LiveState = "scheduled" | "open" | "closed";
type Kind = "comment" | "highlight" | "question";
type Status = "open" | "asking" | "answered" | "dismissed";

const itemSelect = {
  id: true,
  seq: true,
  updatedSeq: true,
  kind: true,
  bodyHtml: true,
  createdAt: true,
  hiddenAt: true,
  anonymous: true,
  voteCount: true,
  questionStatus: true,
  answeredAt: true,
  photoKey: true,
  clientId: true,
  authorId: true,
  author: { select: { handle: true, fullName: true, organisation: true } },
} as const;
type Row = {
  id: number;
  seq: number;
  updatedSeq: number;
  kind: Kind;
  bodyHtml: string;
  createdAt: Date;
  hiddenAt: Date | null;
  anonymous: boolean;
  voteCount: number;
  questionStatus: Status | null;
  answeredAt: Date | null;
  photoKey: string | null;
  clientId: string;
  authorId: string;
  author: { handle: string; fullName: string; organisation: string };
};

/** Who is looking decides whether an anonymous question shows its asker. */
type Viewer = { id: string | null; staff: boolean };
const viewerOf = (caller: Caller): Viewer => ({ id: caller?.id ?? null, staff: isFacilitator(caller) });
const EVERYONE: Viewer = { id: null, staff: false };
const STAFF: Viewer = { id: null, staff: true };

function view(r: Row, viewer: Viewer) {
  const mine = viewer.id !== null && viewer.id === r.authorId;
  const showAuthor = !r.anonymous || viewer.staff || mine;
  return {
    id: r.id,
    seq: r.seq,
    updatedSeq: r.updatedSeq,
    kind: r.kind,
    hidden: !!r.hiddenAt,
    bodyHtml: r.hiddenAt ? null : r.bodyHtml,
    createdAt: r.createdAt,
    author: showAuthor ? r.author : null,
    anonymous: r.anonymous,
    mine,
    voteCount: r.voteCount,
    status: r.questionStatus,
    answeredAt: r.answeredAt,
    photoUrl: r.photoKey && !r.hiddenAt ? `/live-photos/${r.id}` : null,
    // The sender's own id for the message, so a sender recognises its echo (kept from others with the name).
    clientId: showAuthor ? r.clientId : null,
  };
}
export type LiveItemView = ReturnType<typeof view>;

export function liveState(e: { startsAt: Date; endsAt: Date; liveOpenedAt: Date | null; liveClosedAt: Date | null }, now = new Date()): LiveState {
  if (e.liveClosedAt) return "closed";
  if (e.liveOpenedAt && now < e.endsAt) return "open";
  if (now >= e.endsAt) return "closed";
  return now >= e.startsAt ? "open" : "scheduled";
}

type LockedEvent = { id: number; startsAt: Date; endsAt: Date; liveOpenedAt: Date | null; liveClosedAt: Date | null; liveSeq: number };

export function createLive(deps: ModuleDeps & { notifications: Pick<NotificationsService, "notify" | "deliver"> }) {
  const { db, log, publisher, notifications } = deps;
  // Ten comments or questions a minute per member: a fast typist at a conference, not a bot.
  const limiter = new RateLimiter(10, 60_000);
  // Votes are cheap to make; sixty a minute is still far beyond anyone reading the questions.
  const voteLimiter = new RateLimiter(60, 60_000);

  /**
   * Locks the event row for the rest of the transaction: every change to the live thread takes the event's
   * next sequence number, one writer at a time, with no gaps.
   */
  async function lockEvent(tx: Tx, eventId: number) {
    const [event] = await tx.$queryRaw<LockedEvent[]>`
      SELECT id, "startsAt", "endsAt", "liveOpenedAt", "liveClosedAt", "liveSeq" FROM "Event" WHERE id = ${eventId} FOR UPDATE`;
    if (!event) throw new NotFound("Event");
    let seq = event.liveSeq;
    return {
      event,
      state: liveState(event),
      /** The next sequence number, for one new item or one change. */
      next: () => ++seq,
      save: () => (seq === event.liveSeq ? Promise.resolve() : tx.event.update({ where: { id: eventId }, data: { liveSeq: seq } }).then(() => undefined)),
    };
  }

  function requireOpen(state: LiveState, field = "body") {
    if (state === "open") return;
    const closed = state === "closed";
    throw new UserError(closed ? "The live thread has closed – add your thoughts in the event space" : "The live thread opens when the event starts", 409, {
      [field]: closed ? "The live thread has closed" : "The live thread has not opened yet",
    });
  }

  /**
   * Sends a stored change to everyone watching. An anonymous question goes out without its asker's name,
   * except to the facilitators' room, which gets the full item.
   */
  function broadcast(eventId: number, rows: Row[]) {
    for (const row of rows) {
      if (row.anonymous) {
        publisher.publish(eventRoom(eventId), "live:item", { eventId, at: row.updatedSeq, item: view(row, EVERYONE) }, { except: eventStaffRoom(eventId) });
        publisher.publish(eventStaffRoom(eventId), "live:item", { eventId, at: row.updatedSeq, item: view(row, STAFF) });
      } else publisher.publish(eventRoom(eventId), "live:item", { eventId, at: row.updatedSeq, item: view(row, EVERYONE) });
    }
  }

  async function isReporter(caller: Caller, eventId: number) {
    if (!caller) return false;
    if (isFacilitator(caller)) return true;
    return !!(await db.liveReporter.findUnique({ where: { eventId_userId: { eventId, userId: caller.id } }, select: { eventId: true } }));
  }

  async function myVotes(caller: Caller, eventId: number) {
    if (!caller) return [];
    const votes = await db.liveVote.findMany({ where: { userId: caller.id, item: { eventId } }, select: { item: { select: { seq: true } } } });
    return votes.map((v) => v.item.seq);
  }

  /** The thread as the page first shows it: the latest comments, every question, and the number to continue from. */
  async function getLiveThread(caller: Caller, input: { eventId: unknown }) {
    const id = existingId(input.eventId, "Event");
    const event = await db.event.findUnique({
      where: { id },
      select: { id: true, slug: true, title: true, startsAt: true, endsAt: true, liveOpenedAt: true, liveClosedAt: true, liveSeq: true, discussion: { select: { id: true, slug: true, forum: { select: { slug: true } } } } },
    });
    if (!event) throw new NotFound("Event");
    const viewer = viewerOf(caller);
    const [recent, questions, reporter, voted, reporters] = await Promise.all([
      db.liveItem.findMany({ where: { eventId: id, kind: { not: "question" } }, orderBy: { seq: "desc" }, take: 300, select: itemSelect }),
      db.liveItem.findMany({ where: { eventId: id, kind: "question" }, orderBy: { seq: "desc" }, take: 500, select: itemSelect }),
      isReporter(caller, id),
      myVotes(caller, id),
      viewer.staff ? db.liveReporter.findMany({ where: { eventId: id }, orderBy: { createdAt: "asc" }, select: { user: { select: { handle: true, fullName: true } } } }) : Promise.resolve([]),
    ]);
    const state = liveState(event);
    const items = [...recent, ...questions].sort((a, b) => a.seq - b.seq);
    const d = event.discussion;
    return {
      event: { id: event.id, slug: event.slug, title: event.title, startsAt: event.startsAt, endsAt: event.endsAt },
      eventSpaceUrl: d ? `/forums/${d.forum.slug}/t/${d.id}-${d.slug}` : null,
      state,
      lastSeq: event.liveSeq,
      items: items.map((r) => view(r, viewer)),
      voted,
      canPost: !!caller && state === "open",
      canHighlight: reporter,
      canModerate: viewer.staff,
      reporters: reporters.map((r) => r.user),
    };
  }

  /** Everything changed after the sequence number a client last saw (after a disconnect, a lid close or a restart). */
  async function catchUp(caller: Caller, input: unknown) {
    const { eventId, afterSeq } = validate(liveJoinSchema, input);
    const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true, startsAt: true, endsAt: true, liveOpenedAt: true, liveClosedAt: true, liveSeq: true } });
    if (!event) throw new NotFound("Event");
    const viewer = viewerOf(caller);
    // New items and changed ones (hidden, voted on, answered) alike; a client past the first 1000 asks again.
    const [rows, voted] = await Promise.all([
      db.liveItem.findMany({ where: { eventId, updatedSeq: { gt: afterSeq } }, orderBy: { updatedSeq: "asc" }, take: 1000, select: itemSelect }),
      myVotes(caller, eventId),
    ]);
    const complete = rows.length < 1000;
    return { eventId, state: liveState(event), lastSeq: complete ? event.liveSeq : rows[rows.length - 1].updatedSeq, items: rows.map((r) => view(r, viewer)), voted, complete };
  }

  /**
   * Checks and stores a comment's photo (PNG, JPEG or WebP by its bytes, up to 5 MB) before the comment's
   * transaction; the caller removes it again if the comment is refused.
   */
  async function storePhoto(photo: { bytes: Uint8Array } | undefined) {
    if (!photo || photo.bytes.byteLength === 0) return null;
    if (photo.bytes.byteLength > MAX_LIVE_PHOTO_BYTES) throw new UserError("The photo must be 5 MB or smaller", 422, { photo: "The photo must be 5 MB or smaller" });
    const type = imageTypeOf(photo.bytes);
    if (!type) throw new UserError("The photo must be a PNG, JPEG or WebP image", 422, { photo: "The photo must be a PNG, JPEG or WebP image" });
    return (await deps.files.put("live-photos", photo.bytes, { extension: type.extension })).key;
  }

  /** A comment's photo, for anyone who may see the comment (hidden comments' photos only for facilitators). */
  async function getPhoto(caller: Caller, input: { itemId: unknown }) {
    const id = existingId(input.itemId, "Photo");
    const item = await db.liveItem.findUnique({ where: { id }, select: { photoKey: true, hiddenAt: true } });
    if (!item?.photoKey || (item.hiddenAt && !isFacilitator(caller))) throw new NotFound("Photo");
    const extension = item.photoKey.split(".").pop() ?? "";
    const mime = IMAGE_MIME_BY_EXTENSION[extension];
    if (!mime) throw new NotFound("Photo");
    return { mime, size: await deps.files.size(item.photoKey), stream: deps.files.read(item.photoKey) };
  }

  /**
   * Stores a comment, a highlight (facilitators and reporters) or a panel question with the next sequence
   * number, then broadcasts it. Comments and highlights may carry a photo (from the page's form).
   */
  async function post(caller: Caller, input: unknown, photo?: { bytes: Uint8Array }) {
    if (!caller) throw new SignInRequired();
    const data = validate(livePostSchema, input);
    if (data.kind === "highlight" && !(await isReporter(caller, data.eventId))) throw new Forbidden("Only facilitators and appointed reporters post highlights");
    // A resend of something already stored answers with the stored item, whatever else has happened.
    const existing = await db.liveItem.findUnique({ where: { authorId_clientId: { authorId: caller.id, clientId: data.clientId } }, select: { ...itemSelect, eventId: true } });
    if (existing) {
      if (existing.eventId !== data.eventId) throw new UserError("Message id already used", 409);
      return { eventId: data.eventId, item: view(existing, viewerOf(caller)), duplicate: true };
    }
    const wait = limiter.hit(caller.id);
    if (wait) throw new TooManyRequests(data.kind === "question" ? `You are asking very quickly. Wait ${wait} seconds – your question has been kept.` : `You are commenting very quickly. Wait ${wait} seconds – your comment has been kept.`, wait);
    const bodyHtml = LIVE_MARKDOWN(data.body);
    const question = data.kind === "question";
    if (question && photo?.bytes.byteLength) throw new UserError("Questions cannot carry a photo", 422, { photo: "Questions cannot carry a photo" });
    const photoKey = await storePhoto(photo);
    let raced: Row | null = null;
    const item = await storeInOrder(data.eventId, async () => {
      let stored: { id: number }[];
      try {
        stored = await insertInOneStatement(caller.id, data, bodyHtml, photoKey);
      } catch (error) {
        if (photoKey) await deps.files.remove(photoKey);
        // Two sends with one client id at once: the unique index lets one in, and the other answers with it.
        const winner = await db.liveItem.findUnique({ where: { authorId_clientId: { authorId: caller.id, clientId: data.clientId } }, select: { ...itemSelect, eventId: true } });
        if (winner?.eventId !== data.eventId) throw error;
        raced = winner;
        return null;
      }
      if (!stored.length) {
        // Nothing was written: say why (the thread is closed, not open yet, or the event does not exist).
        // Nothing half-stored: a refused comment leaves no orphaned photo behind.
        if (photoKey) await deps.files.remove(photoKey);
        const event = await db.event.findUnique({ where: { id: data.eventId }, select: { startsAt: true, endsAt: true, liveOpenedAt: true, liveClosedAt: true } });
        if (!event) throw new NotFound("Event");
        const state = liveState(event);
        requireOpen(state === "open" ? "closed" : state);
      }
      return db.liveItem.findUniqueOrThrow({ where: { id: stored[0].id }, select: itemSelect });
    });
    if (!item) return { eventId: data.eventId, item: view(raced!, viewerOf(caller)), duplicate: true };
    return { eventId: data.eventId, item: view(item, viewerOf(caller)), duplicate: false };
  }

  // Comments stored by this process at overlapping times are broadcast together, in sequence order, once
  // the last of them is stored: two inserts can commit in one order and finish in the other.
  const storing = new Map<number, { count: number; held: Row[] }>();
  async function storeInOrder(eventId: number, store: () => Promise<Row | null>) {
    let batch = storing.get(eventId);
    if (!batch) storing.set(eventId, (batch = { count: 0, held: [] }));
    batch.count++;
    try {
      const row = await store();
      if (row) batch.held.push(row);
      return row;
    } finally {
      if (--batch.count === 0) {
        storing.delete(eventId);
        broadcast(eventId, batch.held.sort((a, b) => a.updatedSeq - b.updatedSeq));
      }
    }
  }

  /**
   * The busiest write of a live event, done as one statement: take the event's next sequence number (only
   * while the thread is open), insert the item with it, and queue the archive for search. The event row is
   * locked for this one statement only, so posts from many processes never queue behind a transaction's
   * round trips. Returns the new item's id, or nothing when the thread is not open.
   */
  function insertInOneStatement(authorId: string, data: { eventId: number; kind: Kind; clientId: string; body: string; anonymous: boolean }, bodyHtml: string, photoKey: string | null) {
    const question = data.kind === "question";
    // Times are stored as UTC timestamps without a zone; compare with the app's clock, in UTC, whatever the
    // database session's time zone.
    const nowMs = Date.now();
    return db.$queryRaw<{ id: number }[]>`
      WITH ev AS (
        UPDATE "Event" SET "liveSeq" = "liveSeq" + 1
        WHERE id = ${data.eventId}
          AND "liveClosedAt" IS NULL
          AND "endsAt" > (to_timestamp(${nowMs}::float8 / 1000) AT TIME ZONE 'UTC')
          AND ("liveOpenedAt" IS NOT NULL OR "startsAt" <= (to_timestamp(${nowMs}::float8 / 1000) AT TIME ZONE 'UTC'))
        RETURNING id, "liveSeq"
      ), queued AS (
        INSERT INTO "SearchOutbox" ("entityType", "entityId") SELECT 'live', id::text FROM ev
      )
      INSERT INTO "LiveItem" ("eventId", seq, "updatedSeq", kind, "authorId", "clientId", "bodySource", "bodyHtml", anonymous, "questionStatus", "photoKey")
      SELECT id, "liveSeq", "liveSeq", ${data.kind}::"LiveKind", ${authorId}, ${data.clientId}, ${data.body}, ${bodyHtml}, ${question && data.anonymous}, ${question ? "open" : null}::"QuestionStatus", ${photoKey}
      FROM ev
      RETURNING id`;
  }

  /** A member's one upvote of someone else's open question (or taking it back). */
  async function vote(caller: Caller, input: unknown) {
    if (!caller) throw new SignInRequired();
    const { eventId, seq, up } = validate(liveVoteSchema, input);
    const wait = voteLimiter.hit(caller.id);
    if (wait) throw new TooManyRequests(`You are voting very quickly. Wait ${wait} seconds.`, wait);
    const item = await db.$transaction(async (tx) => {
      const lock = await lockEvent(tx, eventId);
      requireOpen(lock.state, "vote");
      const question = await tx.liveItem.findUnique({ where: { eventId_seq: { eventId, seq } }, select: { id: true, kind: true, authorId: true, hiddenAt: true, questionStatus: true } });
      if (!question || question.kind !== "question" || question.hiddenAt) throw new NotFound("Question");
      if (question.questionStatus === "answered" || question.questionStatus === "dismissed") throw new UserError(`This question has been ${question.questionStatus}: votes are closed`, 409);
      if (question.authorId === caller.id) throw new UserError("You cannot vote for your own question", 409);
      // The event row lock serialises every change to this thread, so this check cannot race another vote.
      const already = await tx.liveVote.findUnique({ where: { itemId_userId: { itemId: question.id, userId: caller.id } }, select: { itemId: true } });
      if (up && already) throw new UserError("You have already voted for this question", 409);
      if (!up && !already) throw new UserError("You have not voted for this question", 409);
      if (up) await tx.liveVote.create({ data: { itemId: question.id, userId: caller.id } });
      else await tx.liveVote.delete({ where: { itemId_userId: { itemId: question.id, userId: caller.id } } });
      const at = lock.next();
      await lock.save();
      return tx.liveItem.update({ where: { id: question.id }, data: { voteCount: { increment: up ? 1 : -1 }, updatedSeq: at }, select: itemSelect });
    });
    broadcast(eventId, [item]);
    return { eventId, item: view(item, viewerOf(caller)), voted: up };
  }

  /**
   * Facilitators move a question through the Q&A. Only one question is asked at a time: choosing the next
   * one marks the current one answered (each change with its own sequence number).
   */
  async function setQuestionStatus(caller: Caller, input: unknown) {
    if (!caller) throw new SignInRequired();
    if (!isFacilitator(caller)) throw new Forbidden("Only facilitators can run the Q&A");
    const { eventId, seq, status } = validate(questionStatusSchema, input);
    const changed = await db.$transaction(async (tx) => {
      const lock = await lockEvent(tx, eventId);
      const question = await tx.liveItem.findUnique({ where: { eventId_seq: { eventId, seq } }, select: { id: true, kind: true, questionStatus: true } });
      if (!question || question.kind !== "question") throw new NotFound("Question");
      const rows: Row[] = [];
      if (status === "asking") {
        const current = await tx.liveItem.findMany({ where: { eventId, questionStatus: "asking", id: { not: question.id } }, select: { id: true } });
        for (const c of current) rows.push(await tx.liveItem.update({ where: { id: c.id }, data: { questionStatus: "answered", answeredAt: new Date(), updatedSeq: lock.next() }, select: itemSelect }));
      }
      rows.push(
        await tx.liveItem.update({
          where: { id: question.id },
          data: { questionStatus: status, answeredAt: status === "answered" ? new Date() : null, updatedSeq: lock.next() },
          select: itemSelect,
        }),
      );
      await lock.save();
      // Askers hear that their question was answered (their preferences decide how), in the same transaction.
      const answered = rows.filter((r) => r.questionStatus === "answered");
      const told = [];
      if (answered.length) {
        const event = await tx.event.findUniqueOrThrow({ where: { id: eventId }, select: { title: true, slug: true } });
        for (const r of answered) {
          told.push(
            await notifications.notify(tx, {
              kind: "question_answered",
              userIds: [r.authorId],
              actorId: caller.id,
              subject: { type: "event", id: eventId, title: event.title, url: `/events/${eventId}-${event.slug}/live#live-${r.seq}` },
              excerpt: r.bodyHtml.replace(/<[^>]*>/g, "").slice(0, 200),
            }),
          );
        }
      }
      return { rows, told };
    });
    log.info({ eventId, seq, status, by: caller.handle }, "panel question status changed");
    notifications.deliver(...changed.told);
    const rows = changed.rows;
    broadcast(eventId, rows);
    return { eventId, item: view(rows[rows.length - 1], viewerOf(caller)) };
  }

  /** Facilitators hide (or restore) a message: it disappears for everyone at once, and for anyone catching up. */
  async function setHidden(caller: Caller, input: unknown) {
    if (!caller) throw new SignInRequired();
    if (!isFacilitator(caller)) throw new Forbidden("Only facilitators can hide messages");
    const { eventId, seq, hidden } = validate(liveHideSchema, input);
    const item = await db.$transaction(async (tx) => {
      // A change takes the next sequence number too, so clients see it in order with new messages.
      const lock = await lockEvent(tx, eventId);
      const changed = await tx.liveItem.updateMany({ where: { eventId, seq }, data: { hiddenAt: hidden ? new Date() : null, updatedSeq: lock.next() } });
      if (!changed.count) throw new NotFound("Message");
      await lock.save();
      // Search: the archive is re-indexed without (or with) the message.
      await tx.searchOutbox.create({ data: { entityType: "live", entityId: String(eventId) } });
      return tx.liveItem.findUniqueOrThrow({ where: { eventId_seq: { eventId, seq } }, select: itemSelect });
    });
    log.info({ eventId, seq, hidden, by: caller.handle }, "live message moderated");
    broadcast(eventId, [item]);
    return { eventId, item: view(item, viewerOf(caller)) };
  }

  /** Facilitators open the live thread early or close it (it also opens and closes with the event's times). */
  async function setState(caller: Caller, input: unknown) {
    if (!caller) throw new SignInRequired();
    if (!isFacilitator(caller)) throw new Forbidden("Only facilitators can open or close the live thread");
    const { eventId, action } = validate(liveStateSchema, input);
    const event = await db.event.update({ where: { id: eventId }, data: action === "open" ? { liveOpenedAt: new Date(), liveClosedAt: null } : { liveClosedAt: new Date() } }).catch(() => null);
    if (!event) throw new NotFound("Event");
    const state = liveState(event);
    log.info({ eventId, action, by: caller.handle }, "live thread state changed");
    publisher.publish(eventRoom(eventId), "live:state", { eventId, state });
    return { eventId, state };
  }

  /** Facilitators appoint members as live reporters (they may post highlights), or stand them down. */
  async function setReporter(caller: Caller, input: unknown) {
    if (!caller) throw new SignInRequired();
    if (!isFacilitator(caller)) throw new Forbidden("Only facilitators can appoint reporters");
    const { eventId, handle, appointed } = validate(reporterSchema, input);
    const [event, member] = await Promise.all([
      db.event.findUnique({ where: { id: eventId }, select: { id: true } }),
      db.user.findUnique({ where: { handle }, select: { id: true, handle: true, fullName: true } }),
    ]);
    if (!event) throw new NotFound("Event");
    if (!member) throw new UserError(`No member has the handle @${handle}`, 422, { handle: `No member has the handle @${handle}` });
    if (appointed) {
      await db.liveReporter.upsert({ where: { eventId_userId: { eventId, userId: member.id } }, create: { eventId, userId: member.id, appointedById: caller.id }, update: {} });
    } else await db.liveReporter.deleteMany({ where: { eventId, userId: member.id } });
    log.info({ eventId, reporter: member.handle, appointed, by: caller.handle }, "live reporter changed");
    publisher.publish(`user:${member.id}`, "live:reporter", { eventId, appointed });
    return { eventId, reporter: { handle: member.handle, fullName: member.fullName }, appointed };
  }

  return { getLiveThread, catchUp, post, getPhoto, vote, setQuestionStatus, setState, setHidden, setReporter };
}

export type LiveService = ReturnType<typeof createLive>;
