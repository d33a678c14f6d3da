import { z } from "zod";
import { idSchema, MAX_ID } from "../../lib/ids.ts";

// Pure zod for the live event thread, shared by the page's form and the socket gateway.

export const MAX_LIVE_COMMENT = 1_000;

export const livePostSchema = z.object({
  eventId: idSchema,
  clientId: z.string().trim().min(8, "Missing message id").max(64, "Message id is too long").regex(/^[\w-]+$/, "Invalid message id"),
  body: z
    .string()
    .trim()
    .min(1, "Enter your comment")
    .max(MAX_LIVE_COMMENT, `Comments must be ${MAX_LIVE_COMMENT.toLocaleString("en-GB")} characters or fewer`),
  kind: z.enum(["comment", "highlight"]).default("comment"),
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
