import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent as createFixtureEvent, eventForm } from "../fixtures/event.ts";
import { makeFacilitator } from "../fixtures/forum.ts";
import { Browserless } from "../fixtures/http.ts";
import { startTestServer, type TestServer } from "../fixtures/server.ts";

let server: TestServer;
let facilitator: Browserless;

beforeAll(async () => {
  server = await startTestServer();
  facilitator = (await makeFacilitator(server)).client;
});
afterAll(async () => server?.stop());

const nextYear = new Date().getUTCFullYear() + 1;

const createEvent = (overrides: Record<string, string> = {}) => createFixtureEvent(facilitator, eventForm(overrides));

async function rsvp(client: Browserless, url: string, status: string) {
  const res = await client.post(url, { status });
  return { status: res.status, html: await res.text() };
}

describe("events", () => {
  it("lets facilitators create events, shown in UK time with an agenda, and refuses members", async () => {
    const { url } = await createEvent();
    const html = await (await facilitator.get(url)).text();
    expect(html).toContain("Customer insight masterclass");
    const weekday = new Intl.DateTimeFormat("en-GB", { weekday: "long", timeZone: "Europe/London" }).format(new Date(Date.UTC(nextYear, 6, 14, 12)));
    expect(html).toContain(`${weekday} 14 July ${nextYear}`);
    expect(html).toContain("10:00am to 4:30pm (UK time)");
    expect(html).toContain("Journey maps");
    expect(html).toContain("<strong>journey maps</strong>");

    const member = new Browserless(server.url);
    await member.signUp();
    expect((await member.get("/events/new")).status).toBe(403);
    expect((await member.post("/events/new", eventForm())).status).toBe(422);
    const list = await (await fetch(`${server.url}/events`)).text();
    expect(list).toContain("Customer insight masterclass");
  });

  it("explains each problem in the form and keeps what was typed", async () => {
    const res = await facilitator.post("/events/new", eventForm({ title: "", endDay: "31", endMonth: "2", venue: "", agenda: "Welcome without a time" }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Enter a title of at least 5 characters");
    expect(html).toContain("Enter the venue for an in-person event");
    expect(html).toContain("Agenda line 1 must start with a time");
    expect(html).toContain("How the deep dives followed families through services.");
    const bad = await (await facilitator.post("/events/new", eventForm({ endDay: "31", endMonth: "2" }))).text();
    expect(bad).toContain("End must be a real date");
    const backwards = await (await facilitator.post("/events/new", eventForm({ endTime: "09:00" }))).text();
    expect(backwards).toContain("End must be after the start");
  });

  it("fills places in order, keeps a waiting list, and promotes the first waiting member when someone drops out", async () => {
    const { url } = await createEvent({ title: "Small workshop with two places", capacity: "2" });
    const [a, b, c, d] = [new Browserless(server.url), new Browserless(server.url), new Browserless(server.url), new Browserless(server.url)];
    for (const m of [a, b, c, d]) await m.signUp();
    await rsvp(a, url, "going");
    await rsvp(b, url, "going");
    const third = await rsvp(c, url, "going");
    expect(third.html).toContain("on the waiting list");
    expect((await (await c.get(url)).text())).toContain("You are number 1 in the queue");
    await rsvp(d, url, "going");
    expect((await (await d.get(url)).text())).toContain("You are number 2 in the queue");

    await rsvp(a, url, "not_going");
    expect(await (await c.get(url)).text()).toContain("You are going.");
    expect(await (await d.get(url)).text()).toContain("You are number 1 in the queue");
    // Anonymous readers see counts but not who is going.
    const anon = await (await fetch(server.url + url)).text();
    expect(anon).toContain("2 people going");
    expect(anon).not.toContain("Who is going");
  });

  it("never gives more places than the capacity when members reply at once", async () => {
    const { eventId } = await createEvent({ title: "Very popular seminar", capacity: "3" });
    const members = await Promise.all(Array.from({ length: 8 }, async (_, i) => {
      const handle = `rush-${i}-${Math.random().toString(36).slice(2, 6)}`;
      const user = await server.services.db.user.create({ data: { id: handle, handle, fullName: `Rush ${i}`, email: `${handle}@example.org`, passwordHash: "x", organisation: "Kent County Council", jobTitle: "Officer" } });
      return { id: user.id, handle: user.handle, fullName: user.fullName, role: "member" as const };
    }));
    const results = await Promise.all(members.map((m) => server.services.events.rsvp(m, { eventId, status: "going" })));
    expect(results.filter((r) => r.status === "going")).toHaveLength(3);
    expect(results.filter((r) => r.status === "waiting")).toHaveLength(5);
    expect(await server.services.db.rsvp.count({ where: { eventId, status: "going" } })).toBe(3);
  });

  it("serves .ics files and a calendar feed that an independent iCalendar parser reads, with UK times right in summer and winter", async () => {
    const summer = await createEvent({ title: "Summer place-based budgets clinic" });
    const winter = await createEvent({ title: "Winter offender management seminar", startMonth: "1", endMonth: "1", startDay: "12", endDay: "12" });

    const res = await fetch(`${server.url}${summer.url}/calendar.ics`);
    expect(res.headers.get("content-type")).toContain("text/calendar");
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const one = new ICAL.Component(ICAL.parse(await res.text()));
    const vevent = new ICAL.Event(one.getFirstSubcomponent("vevent")!);
    expect(vevent.summary).toBe("Summer place-based budgets clinic");
    expect(vevent.startDate.toJSDate().toISOString()).toBe(`${nextYear}-07-14T09:00:00.000Z`); // 10:00 BST
    expect(vevent.endDate.toJSDate().toISOString()).toBe(`${nextYear}-07-14T15:30:00.000Z`);
    expect(vevent.uid).toBe(`event-${summer.eventId}@${new URL(server.url).hostname}`);
    expect(vevent.location).toContain("Bradford City Hall");

    const feed = new ICAL.Component(ICAL.parse(await (await fetch(`${server.url}/events/calendar.ics`)).text()));
    const byTitle = new Map(feed.getAllSubcomponents("vevent").map((c) => { const e = new ICAL.Event(c); return [e.summary, e]; }));
    expect(byTitle.get("Winter offender management seminar")!.startDate.toJSDate().toISOString()).toBe(`${nextYear}-01-12T10:00:00.000Z`); // 10:00 GMT
    expect(byTitle.has("Summer place-based budgets clinic")).toBe(true);
    expect(winter.eventId).toBeGreaterThan(summer.eventId);
  });

  it("closes replies once an event is over", async () => {
    const { eventId } = await createEvent({ title: "Last year's conference", startYear: "2020", endYear: "2020" });
    const member = new Browserless(server.url);
    const me = await member.signUp();
    const caller = await server.services.db.user.findUniqueOrThrow({ where: { handle: me.handle } });
    await expect(server.services.events.rsvp({ id: caller.id, handle: caller.handle, fullName: caller.fullName, role: "member" }, { eventId, status: "going" })).rejects.toThrow("replies are closed");
    const past = await (await fetch(`${server.url}/events?when=past`)).text();
    expect(past).toContain("Last year&#x27;s conference");
  });
});
