/**
 * Europe/London wall-clock time ⇄ UTC without a timezone library. Event times are entered and shown in
 * UK time (GMT in winter, BST in summer) but stored in UTC.
 */
const parts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

export interface LondonParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export function toLondonParts(date: Date): LondonParts {
  const p = Object.fromEntries(parts.formatToParts(date).map((x) => [x.type, x.value]));
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour), minute: Number(p.minute) };
}

/** The UTC instant at which London clocks show the given time (the later one in the autumn overlap). */
export function londonToUtc({ year, month, day, hour, minute }: LondonParts): Date {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // London is UTC or UTC+1: try both offsets and keep the one that reads back as the wall time asked for.
  for (const offsetHours of [0, 1]) {
    const candidate = new Date(asUtc - offsetHours * 3_600_000);
    const back = toLondonParts(candidate);
    if (back.year === year && back.month === month && back.day === day && back.hour === hour && back.minute === minute) return candidate;
  }
  // In the spring gap (01:00–02:00 does not exist) take the instant an hour later.
  return new Date(asUtc);
}

/** A real calendar date? (31 February is not.) */
export function isValidDate(year: number, month: number, day: number) {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}
