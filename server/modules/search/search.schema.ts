import { z } from "zod";

// Pure zod shared by the search form and the server.

export const SEARCH_TYPES = ["thread", "post", "event", "live", "document", "blog"] as const;
export const RESULTS_PER_PAGE = 20;
export const MAX_QUERY_LENGTH = 200;

/** A query-string value given once or several times (?type=thread&type=post). */
const many = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess((v) => (v == null || v === "" ? [] : Array.isArray(v) ? v.filter((x) => x !== "") : [v]), z.array(item).max(max, "Too many filters"));

export const searchSchema = z.object({
  q: z.preprocess((v) => (v == null ? "" : v), z.string().max(MAX_QUERY_LENGTH, `Search for ${MAX_QUERY_LENGTH} characters or fewer`)),
  type: many(z.enum(SEARCH_TYPES, { error: "Choose a type from the list" }), SEARCH_TYPES.length),
  theme: many(z.string().trim().min(1).max(100), 10),
  place: many(z.string().trim().min(1).max(100), 10),
  year: many(z.coerce.number().int().min(1900).max(2200), 10),
  sort: z.preprocess((v) => (v === "" || v == null ? "relevance" : v), z.enum(["relevance", "date"], { error: "Sort by relevance or date" })),
  page: z.preprocess((v) => (v === "" || v == null ? 1 : v), z.coerce.number().int().min(1).max(500)),
});

export type SearchInput = z.infer<typeof searchSchema>;

export const TYPE_LABELS: Record<(typeof SEARCH_TYPES)[number], string> = {
  thread: "Discussion",
  post: "Reply",
  event: "Event",
  live: "Live thread",
  document: "Document",
  blog: "Blog post",
};
