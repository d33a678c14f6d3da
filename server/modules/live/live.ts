import { Forbidden, NotFound, SignInRequired, TooManyRequests, UserError, validate } from "../../lib/errors.ts";
import { existingId } from "../../lib/ids.ts";
import { renderMarkdown } from "../../lib/markdown.ts";
import { RateLimiter } from "../../lib/rate-limit.ts";
import { isFacilitator, type Caller, type ModuleDeps } from "../deps.ts";
import { liveHideSchema, liveJoinSchema, livePostSchema, liveStateSchema } from "./live.schema.ts";

export const eventRoom = (eventId: number) => `event:${eventId}`;

/** Live comments allow links and emphasis, not headings, tables or images. */
const LIVE_MARKDOWN = (source: string) => renderMarkdown(source.replace(/^#+\s*/gm, "").replace(/^\|/gm, "\\|"));

type LiveState = "scheduled" | "open" | "closed";

const itemSelect = { id: true, seq: true, updatedSeq: true, kind: true, bodyHtml: true, createdAt: true, hiddenAt: true, clientId: true, author: { select: { handle: true, fullName: true, organisation: true } } } as const;
type Row = { id: number; seq: number; updatedSeq: number; kind: "comment" | "highlight"; bodyHtml: string; createdAt: Date; hiddenAt: Date | null; clientId: string; author: { handle: string; fullName: string; organisation: string } };
const view = (r: Row) => ({ id: r.id, seq: r.seq, updatedSeq: r.updatedSeq, hidden: !!r.hiddenAt, kind: r.kind, bodyHtml: r.hiddenAt ? null : r.bodyHtml, createdAt: r.createdAt, author: r.author, clientId: r.clientId });
export type LiveItemView = ReturnType<typeof view>;

export function liveState(e: { startsAt: Date; endsAt: Date; liveOpenedAt: Date | null; liveClosedAt: Date | null }, now = new Date()): LiveState {
  if (e.liveClosedAt) return "closed";
  if (e.liveOpenedAt && now < e.endsAt) return "open";
  if (now >= e.endsAt) return "closed";
  return now >= e.startsAt ? "open" : "scheduled";
}

export function createLive(deps: ModuleDeps) {
  const { db, log, publisher } = deps;
  // Ten comments a minute per member: a fast typist at a conference, not a bot.
  const limiter = new RateLimiter(10, 60_000);


  /** The thread as the page first shows it: the latest items and the sequence number to continue from. */
  async function getLiveThread(caller: Caller, input: { eventId: unknown }) {
    const id = existingId(input.eventId, "Event");
    const event = await db.event.findUnique({ where: { id }, select: { id: true, slug: true, title: true, startsAt: true, endsAt: true, liveOpenedAt: true, liveClosedAt: true, liveSeq: true } });
    if (!event) throw new NotFound("Event");
    const rows = await db.liveItem.findMany({ where: { eventId: event.id }, orderBy: { seq: "desc" }, take: 300, select: itemSelect });
    const state = liveState(event);
    return {
      event: { id: event.id, slug: event.slug, title: event.title, startsAt: event.startsAt, endsAt: event.endsAt },
      state,
      lastSeq: event.liveSeq,
      items: rows.reverse().map(view),
      canPost: !!caller && state === "open",
      canHighlight: isFacilitator(caller),
      canOpenClose: isFacilitator(caller),
    };
  }

  /** Everything after the sequence number a client last saw (after a disconnect, a lid close or a restart). */
  async function catchUp(_caller: Caller, input: unknown) {
    const { eventId, afterSeq } = validate(liveJoinSchema, input);
    const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true, startsAt: true, endsAt: true, liveOpenedAt: true, liveClosedAt: true, liveSeq: true } });
    if (!event) throw new NotFound("Event");
    // New items and changed ones (hidden since) alike; a client past the first 1000 asks again.
    const rows = await db.liveItem.findMany({ where: { eventId, updatedSeq: { gt: afterSeq } }, orderBy: { updatedSeq: "asc" }, take: 1000, select: itemSelect });
    const complete = rows.length < 1000;
    return { eventId, state: liveState(event), lastSeq: complete ? event.liveSeq : rows[rows.length - 1].updatedSeq, items: rows.map(view), complete };
  }

  /** Stores a comment (or a facilitator's highlight) with the next sequence number, then broadcasts it. */
  async function post(caller: Caller, input: unknown) {
    if (!caller) throw new SignInRequired();
    const data = validate(livePostSchema, input);
    if (data.kind === "highlight" && !isFacilitator(caller)) throw new Forbidden("Only facilitators post highlights");
    // A resend of something already stored answers with the stored item, whatever else has happened.
    const existing = await db.liveItem.findUnique({ where: { authorId_clientId: { authorId: caller.id, clientId: data.clientId } }, select: { ...itemSelect, eventId: true } });
    if (existing) {
      if (existing.eventId !== data.eventId) throw new UserError("Message id already used", 409);
      return { eventId: data.eventId, item: view(existing), duplicate: true };
    }
    const wait = limiter.hit(caller.id);
    if (wait) throw new TooManyRequests(`You are commenting very quickly. Wait ${wait} seconds – your comment has been kept.`, wait);
    const bodyHtml = LIVE_MARKDOWN(data.body);
    const item = await db.$transaction(async (tx) => {
      // The update locks the event row, so sequence numbers are given out one at a time, with no gaps.
      const [event] = await tx.$queryRaw<{ id: number; startsAt: Date; endsAt: Date; liveOpenedAt: Date | null; liveClosedAt: Date | null; liveSeq: number }[]>`
        SELECT id, "startsAt", "endsAt", "liveOpenedAt", "liveClosedAt", "liveSeq" FROM "Event" WHERE id = ${data.eventId} FOR UPDATE`;
      if (!event) throw new NotFound("Event");
      const state = liveState(event);
      if (state !== "open") throw new UserError(state === "closed" ? "The live thread has closed – add your thoughts in the event discussion" : "The live thread opens when the event starts", 409, { body: state === "closed" ? "The live thread has closed" : "The live thread has not opened yet" });
      const seq = event.liveSeq + 1;
      await tx.event.update({ where: { id: event.id }, data: { liveSeq: seq } });
      // Search: the event's live archive is re-indexed (the worker collapses a burst into one pass).
      await tx.searchOutbox.create({ data: { entityType: "live", entityId: String(event.id) } });
      return tx.liveItem.create({ data: { eventId: event.id, seq, updatedSeq: seq, kind: data.kind, authorId: caller.id, clientId: data.clientId, bodySource: data.body, bodyHtml }, select: itemSelect });
    });
    const v = view(item);
    publisher.publish(eventRoom(data.eventId), "live:item", { eventId: data.eventId, at: v.updatedSeq, item: v });
    return { eventId: data.eventId, item: v, duplicate: false };
  }

  /** Facilitators hide (or restore) a message: it disappears for everyone at once, and for anyone catching up. */
  async function setHidden(caller: Caller, input: unknown) {
    if (!caller) throw new SignInRequired();
    if (!isFacilitator(caller)) throw new Forbidden("Only facilitators can hide messages");
    const { eventId, seq, hidden } = validate(liveHideSchema, input);
    const item = await db.$transaction(async (tx) => {
      // A change takes the next sequence number too, so clients see it in order with new messages.
      const [event] = await tx.$queryRaw<{ liveSeq: number }[]>`SELECT "liveSeq" FROM "Event" WHERE id = ${eventId} FOR UPDATE`;
      if (!event) throw new NotFound("Event");
      const at = event.liveSeq + 1;
      const changed = await tx.liveItem.updateMany({ where: { eventId, seq }, data: { hiddenAt: hidden ? new Date() : null, updatedSeq: at } });
      if (!changed.count) throw new NotFound("Message");
      await tx.event.update({ where: { id: eventId }, data: { liveSeq: at } });
      await tx.searchOutbox.create({ data: { entityType: "live", entityId: String(eventId) } });
      return tx.liveItem.findUniqueOrThrow({ where: { eventId_seq: { eventId, seq } }, select: itemSelect });
    });
    log.info({ eventId, seq, hidden, by: caller.handle }, "live message moderated");
    const v = view(item);
    publisher.publish(eventRoom(eventId), "live:item", { eventId, at: v.updatedSeq, item: v });
    return { eventId, item: v };
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

  return { getLiveThread, catchUp, post, setState, setHidden };
}

export type LiveService = ReturnType<typeof createLive>;
