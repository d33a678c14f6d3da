import { z } from "zod";
import { idSchema, MAX_ID } from "../../lib/ids.ts";

// Pure zod for the live event thread, shared by the page's form and the socket gateway.

export const MAX_LIVE_COMMENT = 1_000;
export const MAX_LIVE_PHOTO_BYTES = 5 * 1024 * 1024;

export const livePostSchema = z.object({
  eventId: idSchema,
  clientId: z.string().trim().min(8, "Missing message id").max(64, "Message id is too long").regex(/^[\w-]+$/, "Invalid message id"),
  body: z
    .string()
    .trim()
    .min(1, "Enter your comment")
    .max(MAX_LIVE_COMMENT, `Comments must be ${MAX_LIVE_COMMENT.toLocaleString("en-GB")} characters or fewer`),
  kind: z.enum(["comment", "highlight", "question"]).default("comment"),
  // Questions only: shown to other members without the asker's name (facilitators still see it).
  anonymous: z.preprocess((v) => v === true || v === "true" || v === "on", z.boolean()).default(false),
});

export const liveVoteSchema = z.object({
  eventId: idSchema,
  seq: idSchema,
  // true adds the member's one vote, false takes it back.
  up: z.preprocess((v) => (v === "false" ? false : v === "true" ? true : v), z.boolean({ error: "Choose to vote or take your vote back" })).default(true),
});

export const QUESTION_STATUSES = ["open", "asking", "answered", "dismissed"] as const;
export const questionStatusSchema = z.object({
  eventId: idSchema,
  seq: idSchema,
  status: z.enum(QUESTION_STATUSES, { error: "Choose a question status" }),
});

export const reporterSchema = z.object({
  eventId: idSchema,
  handle: z.string().trim().min(1, "Enter the member's handle").max(40, "Handles are 40 characters or fewer").transform((h) => h.replace(/^@/, "").toLowerCase()),
  appointed: z.preprocess((v) => v !== false && v !== "false", z.boolean()),
});

export const liveJoinSchema = z.object({
  eventId: idSchema,
  afterSeq: z.coerce.number().int().min(0).max(MAX_ID).default(0),
});

export const liveStateSchema = z.object({
  eventId: idSchema,
  action: z.enum(["open", "close"], { error: "Choose open or close" }),
});

export const liveHideSchema = z.object({
  eventId: idSchema,
  seq: idSchema,
  hidden: z.preprocess((v) => v === true || v === "true", z.boolean()),
});
