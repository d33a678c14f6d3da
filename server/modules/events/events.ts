import { Forbidden, NotFound, SignInRequired, UserError, ValidationError, validate } from "../../lib/errors.ts";
import { existingId } from "../../lib/ids.ts";
import { isValidDate, londonToUtc, toLondonParts } from "../../lib/london-time.ts";
import { renderMarkdown } from "../../lib/markdown.ts";
import { slugify } from "../../lib/slug.ts";
import { isFacilitator, type Caller, type ModuleDeps } from "../deps.ts";
import { agendaLines, eventSchema, EVENTS_PER_PAGE, rsvpSchema } from "./events.schema.ts";
import { toICalendar } from "./ical.ts";
import type { ForumsService } from "../forums/forums.ts";
import { liveState } from "../live/live.ts";

const eventId = (v: unknown) => existingId(v, "Event");

/** The flat form values for an existing event (dates back in UK time). */
function formValuesFor(e: { title: string; summary: string; descriptionSource: string; startsAt: Date; endsAt: Date; format: string; venue: string | null; address: string | null; onlineUrl: string | null; capacity: number | null; speakers: string; themes: string[]; places: string[]; agenda: { startsAt: Date; title: string }[] }) {
  const parts = (d: Date, w: string) => {
    const p = toLondonParts(d);
    return { [`${w}Day`]: String(p.day), [`${w}Month`]: String(p.month), [`${w}Year`]: String(p.year), [`${w}Time`]: `${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")}` };
  };
  const firstDay = Date.UTC(toLondonParts(e.startsAt).year, toLondonParts(e.startsAt).month - 1, toLondonParts(e.startsAt).day);
  const agenda = e.agenda
    .map((a) => {
      const p = toLondonParts(a.startsAt);
      const day = Math.round((Date.UTC(p.year, p.month - 1, p.day) - firstDay) / 86_400_000) + 1;
      return `${day > 1 ? `Day ${day} ` : ""}${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")} ${a.title}`;
    })
    .join("\n");
  return {
    title: e.title,
    summary: e.summary,
    description: e.descriptionSource,
    ...parts(e.startsAt, "start"),
    ...parts(e.endsAt, "end"),
    format: e.format,
    venue: e.venue ?? "",
    address: e.address ?? "",
    onlineUrl: e.onlineUrl ?? "",
    capacity: e.capacity == null ? "" : String(e.capacity),
    speakers: e.speakers,
    agenda,
    themes: e.themes,
    places: e.places,
  };
}

/** The forum holding every event's event space (created by the live_questions migration). */
export const EVENT_SPACES_FORUM = "event-spaces";

export function createEvents(deps: ModuleDeps & { forums: Pick<ForumsService, "createThread"> }) {
  const { db, log, changes, forums } = deps;

  function requireFacilitator(caller: Caller) {
    if (!caller) throw new SignInRequired();
    if (!isFacilitator(caller)) throw new Forbidden("Only facilitators can create and edit events");
    return caller;
  }

  /** Validates the form and turns its UK wall-clock dates and agenda lines into UTC instants. */
  function parseEventInput(input: unknown) {
    const data = validate(eventSchema, input);
    const toUtc = (p: { day: number; month: number; year: number; time: string }, field: string) => {
      if (!isValidDate(p.year, p.month, p.day)) throw new ValidationError({ [field]: `${field === "start" ? "Start" : "End"} must be a real date` });
      const [hour, minute] = p.time.split(/[:.]/).map(Number);
      return londonToUtc({ year: p.year, month: p.month, day: p.day, hour, minute });
    };
    const startsAt = toUtc(data.start, "start");
    const endsAt = toUtc(data.end, "end");
    if (endsAt <= startsAt) throw new ValidationError({ end: "End must be after the start" });
    const first = toLondonParts(startsAt);
    const agenda = agendaLines(data.agenda).flatMap((line, position) => {
      if (!line.ok) return [];
      const day = new Date(Date.UTC(first.year, first.month - 1, first.day + line.day - 1));
      return [{ position, title: line.title.slice(0, 200), startsAt: londonToUtc({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: line.hour, minute: line.minute }) }];
    });
    return {
      fields: {
        title: data.title,
        slug: slugify(data.title),
        summary: data.summary,
        descriptionSource: data.description,
        descriptionHtml: renderMarkdown(data.description),
        startsAt,
        endsAt,
        format: data.format,
        venue: data.format === "in_person" ? (data.venue ?? null) : null,
        address: data.format === "in_person" ? (data.address ?? null) : null,
        onlineUrl: data.format === "online" ? (data.onlineUrl ?? null) : null,
        capacity: data.capacity,
        speakers: data.speakers,
        themes: data.themes,
        places: data.places,
      },
      agenda,
    };
  }

  async function listEvents(_caller: Caller, input: { when?: "upcoming" | "past"; page?: number } = {}) {
    const now = new Date();
    const upcoming = input.when !== "past";
    const where = upcoming ? { endsAt: { gte: now } } : { endsAt: { lt: now } };
    const total = await db.event.count({ where });
    const pageCount = Math.max(1, Math.ceil(total / EVENTS_PER_PAGE));
    const page = Math.min(Math.max(1, input.page ?? 1), pageCount);
    const events = await db.event.findMany({
      where,
      orderBy: { startsAt: upcoming ? "asc" : "desc" },
      skip: (page - 1) * EVENTS_PER_PAGE,
      take: EVENTS_PER_PAGE,
      select: { id: true, slug: true, title: true, summary: true, startsAt: true, endsAt: true, format: true, venue: true, capacity: true, cancelledAt: true, _count: { select: { rsvps: { where: { status: "going" } } } } },
    });
    return { when: upcoming ? ("upcoming" as const) : ("past" as const), page, pageCount, total, events: events.map(({ _count, ...e }) => ({ ...e, goingCount: _count.rsvps })) };
  }

  async function getEvent(caller: Caller, input: { eventId: unknown }) {
    const id = eventId(input.eventId);
    const event = await db.event.findUnique({ where: { id }, include: { agenda: { orderBy: { position: "asc" } }, discussion: { select: { id: true, slug: true, postCount: true, hidden: true } } } });
    if (!event) throw new NotFound("Event");
    const [counts, mine, attendees] = await Promise.all([
      db.rsvp.groupBy({ by: ["status"], where: { eventId: id }, _count: true }),
      caller ? db.rsvp.findUnique({ where: { eventId_userId: { eventId: id, userId: caller.id } } }) : null,
      // Who is coming is for members only.
      caller
        ? db.rsvp.findMany({ where: { eventId: id, status: "going" }, orderBy: { requestedAt: "asc" }, take: 200, select: { user: { select: { handle: true, fullName: true, organisation: true } } } })
        : [],
    ]);
    const count = (s: string) => counts.find((c) => c.status === s)?._count ?? 0;
    let waitingPosition: number | null = null;
    if (mine?.status === "waiting") {
      waitingPosition = 1 + (await db.rsvp.count({ where: { eventId: id, status: "waiting", requestedAt: { lt: mine.requestedAt } } }));
    }
    const now = new Date();
    return {
      event,
      going: count("going"),
      maybe: count("maybe"),
      waiting: count("waiting"),
      placesLeft: event.capacity == null ? null : Math.max(0, event.capacity - count("going")),
      myRsvp: mine?.status ?? null,
      waitingPosition,
      attendees: attendees.map((a) => a.user),
      canRsvp: !!caller && event.endsAt > now && !event.cancelledAt,
      canEdit: isFacilitator(caller),
      isPast: event.endsAt <= now,
      liveState: liveState(event, now),
      liveCount: event.liveSeq,
      eventSpace: event.discussion && !event.discussion.hidden ? { url: `/forums/${EVENT_SPACES_FORUM}/t/${event.discussion.id}-${event.discussion.slug}`, postCount: event.discussion.postCount } : null,
      canStartEventSpace: !!caller && !event.discussion,
    };
  }

  async function createEvent(caller: Caller, input: unknown) {
    const actor = requireFacilitator(caller);
    const { fields, agenda } = parseEventInput(input);
    const event = await db.$transaction(async (tx) => {
      const e = await tx.event.create({ data: { ...fields, createdById: actor.id, agenda: { create: agenda } } });
      await tx.searchOutbox.create({ data: { entityType: "event", entityId: String(e.id) } });
      return e;
    });
    log.info({ eventId: event.id, by: actor.handle }, "event created");
    changes.changed(["lists"]);
    // The event space opens with the event; if that fails the event still stands and a member can start it later.
    await openEventSpace(caller, { eventId: event.id }, { rateLimited: false }).catch((error) => log.error({ err: error, eventId: event.id }, "event space not created"));
    return { eventId: event.id, url: `/events/${event.id}-${event.slug}` };
  }

  /**
   * Starts the event's discussion thread ("event space") in the Event spaces forum: reflections, slides
   * and follow-ups, open before and after the day. Any member may start it if it is missing; the first
   * caller wins and everyone else is sent to the same thread.
   */
  async function openEventSpace(caller: Caller, input: { eventId: unknown }, opts: { rateLimited?: boolean } = {}) {
    if (!caller) throw new SignInRequired();
    const id = eventId(input.eventId);
    const event = await db.event.findUnique({ where: { id }, select: { id: true, slug: true, title: true, startsAt: true, discussionThreadId: true } });
    if (!event) throw new NotFound("Event");
    const existing = await spaceUrl(event.discussionThreadId);
    if (existing) return { eventId: id, url: existing };
    const day = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric" }).format(event.startsAt);
    const title = `${event.title}: event space`.slice(0, 150);
    const body = `The event space for [${event.title}](/events/${event.id}-${event.slug}) on ${day}.\n\nShare your reflections, slides, notes and follow-ups here – before the day, on the day and afterwards.`;
    const thread = await forums.createThread(caller, { forumSlug: EVENT_SPACES_FORUM, title, body }, opts);
    // Only link it if nobody else did in the meantime.
    const linked = await db.event.updateMany({ where: { id, discussionThreadId: null }, data: { discussionThreadId: thread.threadId } });
    if (!linked.count) {
      const again = await db.event.findUniqueOrThrow({ where: { id }, select: { discussionThreadId: true } });
      return { eventId: id, url: (await spaceUrl(again.discussionThreadId)) ?? thread.url };
    }
    changes.changed(["lists"]);
    return { eventId: id, url: thread.url };
  }

  async function spaceUrl(threadId: number | null) {
    if (!threadId) return null;
    const t = await db.thread.findUnique({ where: { id: threadId }, select: { id: true, slug: true, forum: { select: { slug: true } } } });
    return t ? `/forums/${t.forum.slug}/t/${t.id}-${t.slug}` : null;
  }

  async function updateEvent(caller: Caller, input: { eventId: unknown } & Record<string, unknown>) {
    const actor = requireFacilitator(caller);
    const id = eventId(input.eventId);
    const { fields, agenda } = parseEventInput(input);
    const event = await db.$transaction(async (tx) => {
      const e = await tx.event.update({ where: { id }, data: { ...fields, revision: { increment: 1 } } }).catch(() => null);
      if (!e) throw new NotFound("Event");
      await tx.agendaItem.deleteMany({ where: { eventId: id } });
      if (agenda.length) await tx.agendaItem.createMany({ data: agenda.map((a) => ({ ...a, eventId: id })) });
      await promoteWaiting(tx, id);
      await tx.searchOutbox.create({ data: { entityType: "event", entityId: String(id) } });
      return e;
    });
    log.info({ eventId: id, by: actor.handle }, "event updated");
    changes.changed(["lists"]);
    return { eventId: id, url: `/events/${id}-${event.slug}` };
  }

  type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

  /** Fills free places from the waiting list, first come first served. */
  async function promoteWaiting(tx: Tx, id: number) {
    const event = await tx.event.findUnique({ where: { id }, select: { capacity: true } });
    const going = await tx.rsvp.count({ where: { eventId: id, status: "going" } });
    const free = event?.capacity == null ? Number.MAX_SAFE_INTEGER : event.capacity - going;
    if (free <= 0) return [];
    const next = await tx.rsvp.findMany({ where: { eventId: id, status: "waiting" }, orderBy: { requestedAt: "asc" }, take: Math.min(free, 1000), select: { userId: true } });
    if (next.length) await tx.rsvp.updateMany({ where: { eventId: id, userId: { in: next.map((n) => n.userId) } }, data: { status: "going" } });
    return next.map((n) => n.userId);
  }

  /**
   * Going / maybe / can't go. A full event puts "going" on the waiting list; a place given up goes to the
   * longest-waiting member. The event row is locked so two last-place requests cannot both get it.
   */
  async function rsvp(caller: Caller, input: unknown) {
    if (!caller) throw new SignInRequired();
    const data = validate(rsvpSchema, input);
    const result = await db.$transaction(async (tx) => {
      const [event] = await tx.$queryRaw<{ id: number; capacity: number | null; endsAt: Date; cancelledAt: Date | null }[]>`
        SELECT id, capacity, "endsAt", "cancelledAt" FROM "Event" WHERE id = ${data.eventId} FOR UPDATE`;
      if (!event) throw new NotFound("Event");
      if (event.endsAt <= new Date() || event.cancelledAt) throw new UserError("This event has finished: replies are closed", 409);
      const current = await tx.rsvp.findUnique({ where: { eventId_userId: { eventId: event.id, userId: caller.id } } });
      let status: "going" | "maybe" | "not_going" | "waiting" = data.status;
      if (status === "going" && current?.status === "waiting") status = "waiting";
      else if (status === "going" && current?.status !== "going" && event.capacity != null) {
        const going = await tx.rsvp.count({ where: { eventId: event.id, status: "going" } });
        if (going >= event.capacity) status = "waiting";
      }
      const keepPlaceInQueue = current && current.status === status;
      await tx.rsvp.upsert({
        where: { eventId_userId: { eventId: event.id, userId: caller.id } },
        create: { eventId: event.id, userId: caller.id, status },
        update: { status, ...(keepPlaceInQueue ? {} : { requestedAt: new Date() }) },
      });
      const promoted = current?.status === "going" && status !== "going" ? await promoteWaiting(tx, event.id) : [];
      return { status, promoted };
    });
    if (result.promoted.length) log.info({ eventId: data.eventId, promoted: result.promoted }, "promoted from the waiting list");
    changes.changed(["lists"]);
    return { eventId: data.eventId, status: result.status, promotedUserIds: result.promoted };
  }

  function calendarEntry(e: { id: number; slug: string; title: string; summary: string; startsAt: Date; endsAt: Date; venue: string | null; address: string | null; onlineUrl: string | null; revision: number; updatedAt: Date; cancelledAt: Date | null }, origin: string) {
    return {
      id: e.id,
      title: e.title,
      summary: e.summary,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      location: [e.venue, e.address].filter(Boolean).join(", ") || e.onlineUrl,
      url: `${origin}/events/${e.id}-${e.slug}`,
      revision: e.revision,
      updatedAt: e.updatedAt,
      cancelled: !!e.cancelledAt,
    };
  }

  /** One event as an .ics file. */
  async function eventCalendar(_caller: Caller, input: { eventId: unknown; origin: string }) {
    const id = eventId(input.eventId);
    const event = await db.event.findUnique({ where: { id } });
    if (!event) throw new NotFound("Event");
    return { filename: `${event.slug}.ics`, body: toICalendar([calendarEntry(event, input.origin)], { host: new URL(input.origin).hostname, name: event.title }) };
  }

  /** The subscribable feed: events from 30 days ago onwards, so recent changes still reach calendars. */
  async function upcomingCalendar(_caller: Caller, input: { origin: string }) {
    const events = await db.event.findMany({ where: { endsAt: { gte: new Date(Date.now() - 30 * 86_400_000) } }, orderBy: { startsAt: "asc" }, take: 500 });
    return toICalendar(events.map((e) => calendarEntry(e, input.origin)), { host: new URL(input.origin).hostname, name: "Total Place Community events" });
  }

  /** The event as the edit form's flat fields, dates in UK time. */
  async function getEventForEdit(caller: Caller, input: { eventId: unknown }) {
    requireFacilitator(caller);
    const id = eventId(input.eventId);
    const event = await db.event.findUnique({ where: { id }, include: { agenda: { orderBy: { position: "asc" } }, discussion: { select: { id: true, slug: true, postCount: true, hidden: true } } } });
    if (!event) throw new NotFound("Event");
    return { id: event.id, slug: event.slug, title: event.title, values: formValuesFor(event) };
  }

  return { listEvents, getEvent, getEventForEdit, createEvent, updateEvent, openEventSpace, rsvp, eventCalendar, upcomingCalendar };
}

export type EventsService = ReturnType<typeof createEvents>;
