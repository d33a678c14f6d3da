import { z } from "zod";
import { MAX_ID } from "../../lib/ids.ts";

// Pure zod shared by forms (hints) and the server (truth).

export const POSTS_PER_PAGE = 20;
export const THREADS_PER_PAGE = 25;
export const MAX_POST_LENGTH = 20_000;

const body = z
  .string()
  .trim()
  .min(1, "Enter your message")
  .max(MAX_POST_LENGTH, `Your message must be ${MAX_POST_LENGTH.toLocaleString("en-GB")} characters or fewer`);


const id = (what: string) => z.coerce.number({ error: `Choose a ${what}` }).int().positive(`Choose a ${what}`).max(MAX_ID, `Choose a ${what}`);

export const forumSchema = z.object({
  name: z.string().trim().min(3, "Enter a forum name of at least 3 characters").max(80, "Forum name must be 80 characters or fewer"),
  description: z.string().trim().min(10, "Enter a description of at least 10 characters").max(500, "Description must be 500 characters or fewer"),
  kind: z.enum(["theme", "place"], { error: "Select whether the forum is for a theme or a place" }),
});

export const newThreadSchema = z.object({
  forumSlug: z.string().min(1),
  title: z.string().trim().min(5, "Enter a title of at least 5 characters").max(150, "Title must be 150 characters or fewer"),
  body,
});

export const replySchema = z.object({
  threadId: id("thread"),
  body,
  quotedPostId: z.preprocess((v) => (v === "" || v == null ? undefined : v), id("post").optional()),
});

export const editPostSchema = z.object({ postId: id("post"), body });

export const postRefSchema = z.object({ postId: id("post") });

export const moderateThreadSchema = z.object({
  threadId: id("thread"),
  action: z.enum(["pin", "unpin", "lock", "unlock", "hide", "unhide", "move"], { error: "Choose a moderation action" }),
  forumSlug: z.string().optional(),
});

export const hidePostSchema = z.object({ postId: id("post"), hidden: z.preprocess((v) => v === true || v === "true", z.boolean()) });

/** "> **@handle** [wrote](/p/1):" followed by the post's own lines, earlier quotes dropped. */
export function quoteMarkdown(handle: string, postId: number, source: string) {
  const lines = source
    .split("\n")
    .filter((l) => !l.startsWith(">"))
    .join("\n")
    .trim()
    .split("\n")
    .map((l) => `> ${l}`.trimEnd());
  return `> **@${handle}** [wrote](/p/${postId}):\n${lines.join("\n")}\n\n`;
}

/**
 * Forums the platform keeps for its own discussions (each event's event space, each document's discussion).
 * They are listed with the other forums but are not topics: never offered as theme tags.
 */
export const SYSTEM_FORUM_SLUGS: readonly string[] = ["event-spaces", "library-discussions"];
