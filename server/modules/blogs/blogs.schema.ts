import { z } from "zod";
import { MAX_ID } from "../../lib/ids.ts";

// Pure zod shared by forms (hints) and the server (truth).

export const MAX_BLOG_BODY = 50_000;
export const MAX_COMMENT = 5_000;
export const BLOG_POSTS_PER_PAGE = 15;
export const MAX_COVER_BYTES = 5 * 1024 * 1024;

export const BLOG_CATEGORIES = [
  ["blessay", "Blessay"],
  ["reflection", "Reflection"],
  ["case-study", "Case study"],
  ["news", "News"],
  ["event", "Event"],
] as const;

const id = (what: string) => z.coerce.number({ error: `Choose a ${what}` }).int().positive(`Choose a ${what}`).max(MAX_ID, `Choose a ${what}`);
const blank = (v: unknown) => (v === "" || v == null ? undefined : v);

/** "Housing, place-based budgets" → ["housing", "place-based budgets"]: lower case, unique, at most 8. */
export function parseTags(text: string): string[] {
  const tags = text
    .split(",")
    .map((t) => t.trim().toLowerCase().replace(/\s+/g, " "))
    .filter(Boolean);
  return [...new Set(tags)];
}

export const blogPostSchema = z.object({
  title: z.string().trim().min(5, "Enter a title of at least 5 characters").max(150, "Title must be 150 characters or fewer"),
  body: z.string().trim().min(1, "Enter the text of your post").max(MAX_BLOG_BODY, `Your post must be ${MAX_BLOG_BODY.toLocaleString("en-GB")} characters or fewer`),
  tags: z
    .string()
    .default("")
    .transform(parseTags)
    .pipe(z.array(z.string().max(30, "Each tag must be 30 characters or fewer")).max(8, "Use at most 8 tags")),
  category: z.enum(BLOG_CATEGORIES.map(([v]) => v) as [string, ...string[]], { error: "Choose a category" }),
  /** "member" (the author's own blog) or "news" (facilitators only). */
  blog: z.preprocess(blank, z.enum(["member", "news"]).default("member")),
  issueNumber: z.preprocess(blank, z.coerce.number({ error: "Enter the issue number as a whole number" }).int("Enter the issue number as a whole number").positive("Enter the issue number as a whole number").max(100_000).optional()),
  /** One highlight per line, for weekly updates. */
  highlights: z
    .string()
    .default("")
    .transform((t) => t.split("\n").map((l) => l.replace(/^[-*•]\s*/, "").trim()).filter(Boolean))
    .pipe(z.array(z.string().max(200, "Each highlight must be 200 characters or fewer")).max(12, "Use at most 12 highlights")),
  /** What to do with it: keep as draft, publish now, or schedule for publishAt (UK time "YYYY-MM-DDTHH:MM"). */
  intent: z.enum(["draft", "publish", "schedule"], { error: "Choose whether to save, publish or schedule" }),
  publishAt: z.preprocess(blank, z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "Enter the date and time to publish, like 2010-03-30T09:00").optional()),
});

export type BlogPostInput = z.input<typeof blogPostSchema>;

export const blogPostRefSchema = z.object({ postId: id("post") });

export const commentSchema = z.object({
  postId: id("post"),
  body: z.string().trim().min(1, "Enter your comment").max(MAX_COMMENT, `Your comment must be ${MAX_COMMENT.toLocaleString("en-GB")} characters or fewer`),
  parentId: z.preprocess(blank, id("comment").optional()),
});

export const commentRefSchema = z.object({ commentId: id("comment") });

export const blogJoinSchema = z.object({ postId: id("post") });
