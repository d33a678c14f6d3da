import { z } from "zod";
import { idSchema } from "../../lib/ids.ts";

// Pure zod shared by the event form (hints) and the server (truth). Times are Europe/London wall-clock.

const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;

const datePart = (label: string) => {
  const missing = `Enter the ${label.toLowerCase()} date and time`;
  const real = `${label} must be a real date`;
  const num = (min: number, max: number, message = real) =>
    z.preprocess((v) => (v === "" || v == null ? undefined : Number(v)), z.number({ error: missing }).int(real).min(min, message).max(max, message));
  return z.object({
    day: num(1, 31),
    month: num(1, 12),
    year: num(2000, 2100, "Year must be between 2000 and 2100"),
    time: z.string({ error: missing }).trim().min(1, missing).regex(TIME, `Enter the ${label.toLowerCase()} time as hours and minutes, like 09:30 or 14:00`),
  });
};

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional();

export const eventSchema = z
  .object({
    title: z.string().trim().min(5, "Enter a title of at least 5 characters").max(150, "Title must be 150 characters or fewer"),
    summary: z.string().trim().min(10, "Enter a one-line summary of at least 10 characters").max(300, "Summary must be 300 characters or fewer"),
    description: z.string().trim().min(1, "Enter a description").max(20_000, "Description must be 20,000 characters or fewer"),
    start: datePart("Start"),
    end: datePart("End"),
    format: z.enum(["in_person", "online"], { error: "Select whether the event is in person or online" }),
    venue: optionalText(200, "Venue must be 200 characters or fewer"),
    address: optionalText(500, "Address must be 500 characters or fewer"),
    onlineUrl: z
      .string()
      .trim()
      .max(500, "Link must be 500 characters or fewer")
      .refine((v) => v === "" || /^https:\/\/[^\s]+$/.test(v), "Enter the online link as a full address starting with https://")
      .transform((v) => (v === "" ? null : v))
      .optional(),
    capacity: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? Number(v) : null))
      .refine((v) => v === null || (Number.isInteger(v) && v >= 1 && v <= 100_000), "Capacity must be a whole number from 1 to 100,000, or empty for no limit"),
    speakers: z.string().trim().max(4_000, "Speakers must be 4,000 characters or fewer").default(""),
    agenda: z.string().trim().max(8_000, "Agenda must be 8,000 characters or fewer").default(""),
    themes: z.array(z.string().max(80)).max(20).default([]),
    places: z.array(z.string().max(80)).max(20).default([]),
  })
  .superRefine((v, ctx) => {
    if (v.format === "in_person" && !v.venue) ctx.addIssue({ code: "custom", path: ["venue"], message: "Enter the venue for an in-person event" });
    if (v.format === "online" && !v.onlineUrl) ctx.addIssue({ code: "custom", path: ["onlineUrl"], message: "Enter the link people use to join online" });
    for (const [i, line] of agendaLines(v.agenda).entries()) {
      if (!line.ok) ctx.addIssue({ code: "custom", path: ["agenda"], message: `Agenda line ${i + 1} must start with a time, like "09:30 Welcome"` });
    }
  });

export type EventInput = z.input<typeof eventSchema>;

/** Agenda is one item per line: "09:30 Welcome", or "Day 2 09:30 Workshops" for later days. */
export function agendaLines(text: string) {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^(?:day\s*(\d+)\s+)?([01]?\d|2[0-3])[:.]([0-5]\d)\s*[-–—]?\s*(.+)$/i.exec(line);
      if (!m) return { ok: false as const, line };
      return { ok: true as const, day: m[1] ? Number(m[1]) : 1, hour: Number(m[2]), minute: Number(m[3]), title: m[4].trim() };
    });
}

export const rsvpSchema = z.object({
  eventId: idSchema,
  status: z.enum(["going", "maybe", "not_going"], { error: "Choose going, maybe or can't go" }),
});

export const EVENTS_PER_PAGE = 20;
