const dateTime = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit", hour12: true, timeZone: "Europe/London" });
const dateOnly = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });

/** "4 March 2010 at 2:15pm" in UK time, GOV.UK style. Same output on server and client. */
export function formatDateTime(value: string | Date) {
  const parts = dateTime.formatToParts(new Date(value));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("day")} ${get("month")} ${get("year")} at ${get("hour")}:${get("minute")}${get("dayPeriod").toLowerCase().replace(/\s|\./g, "")}`;
}

export function formatDate(value: string | Date) {
  return dateOnly.format(new Date(value));
}

export function plural(n: number, one: string, many = `${one}s`) {
  return `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;
}

const weekdayDate = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });
const timeOnly = new Intl.DateTimeFormat("en-GB", { hour: "numeric", minute: "2-digit", hour12: true, timeZone: "Europe/London" });

export function formatTime(value: string | Date) {
  return timeOnly.format(new Date(value)).replace(/\s/g, "").toLowerCase();
}

/** "Tuesday 2 March 2010, 10:00am to 4:00pm (UK time)", or across days "… to Wednesday 3 March 2010, 1:00pm". */
export function formatEventWhen(start: string | Date, end: string | Date) {
  const sameDay = weekdayDate.format(new Date(start)) === weekdayDate.format(new Date(end));
  const from = `${weekdayDate.format(new Date(start)).replace(",", "")}, ${formatTime(start)}`;
  const to = sameDay ? formatTime(end) : `${weekdayDate.format(new Date(end)).replace(",", "")}, ${formatTime(end)}`;
  return `${from} to ${to} (UK time)`;
}
