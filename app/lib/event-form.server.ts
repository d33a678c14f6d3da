/** Nests the event form's flat fields (startDay, startTime …) the way the events use cases expect. */
export function eventFromForm(form: FormData) {
  const text = (k: string) => String(form.get(k) ?? "");
  const date = (w: string) => ({ day: text(`${w}Day`), month: text(`${w}Month`), year: text(`${w}Year`), time: text(`${w}Time`) });
  return {
    title: text("title"),
    summary: text("summary"),
    description: text("description"),
    start: date("start"),
    end: date("end"),
    format: text("format") || undefined,
    venue: text("venue"),
    address: text("address"),
    onlineUrl: text("onlineUrl"),
    capacity: text("capacity"),
    speakers: text("speakers"),
    agenda: text("agenda"),
    themes: form.getAll("themes").map(String),
    places: form.getAll("places").map(String),
  };
}
