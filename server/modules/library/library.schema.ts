import { z } from "zod";

// Pure zod and constants shared by the library forms (hints) and the server (truth).

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
export const MAX_UPLOAD_LABEL = "50 MB";
export const DOCUMENTS_PER_PAGE = 20;
/** The forum that holds documents' discussion threads (not a theme to tag documents with). */
export const DISCUSSION_FORUM_SLUG = "library-discussions";

export const ITEM_TYPES = {
  report: "Report",
  guide: "Guide",
  learning_history: "Learning history",
  presentation: "Presentation",
  graphic_recording: "Graphic recording",
  case_study: "Case study",
  video: "Video",
  other: "Other",
} as const;
export type ItemType = keyof typeof ITEM_TYPES;

export const LICENCES = ["Open Government Licence v3.0", "Creative Commons Attribution 4.0", "Creative Commons Attribution-NonCommercial 4.0", "All rights reserved"];

const optionalNumber = (min: number, max: number, message: string) =>
  z.preprocess((v) => (v === "" || v == null ? null : Number(v)), z.number({ error: message }).int(message).min(min, message).max(max, message).nullable());

export const documentSchema = z
  .object({
    title: z.string().trim().min(3, "Enter a title of at least 3 characters").max(200, "Title must be 200 characters or fewer"),
    authors: z.string().trim().max(2_000, "Authors must be 2,000 characters or fewer").default(""),
    itemType: z.enum(Object.keys(ITEM_TYPES) as [ItemType, ...ItemType[]], { error: "Select the type of item" }),
    themes: z.array(z.string().trim().max(80)).max(20).default([]),
    places: z.array(z.string().trim().max(80)).max(20).default([]),
    publishedDay: optionalNumber(1, 31, "Day must be a number from 1 to 31"),
    publishedMonth: optionalNumber(1, 12, "Month must be a number from 1 to 12"),
    publishedYear: optionalNumber(1990, 2100, "Year must be between 1990 and 2100"),
    publisher: z.string().trim().max(200, "Publisher must be 200 characters or fewer").default(""),
    description: z.string().trim().max(10_000, "Description must be 10,000 characters or fewer").default(""),
    licence: z.string().trim().max(200, "Licence must be 200 characters or fewer").default(""),
    linkUrl: z
      .string()
      .trim()
      .max(1_000, "Link must be 1,000 characters or fewer")
      .refine((v) => v === "" || /^https?:\/\/[^\s<>"]+$/.test(v), "Enter the link as a full address starting with https://")
      .transform((v) => (v === "" ? null : v))
      .optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.publishedDay || v.publishedMonth) && !v.publishedYear) ctx.addIssue({ code: "custom", path: ["publishedYear"], message: "Enter the year it was published" });
    if (v.publishedDay && !v.publishedMonth) ctx.addIssue({ code: "custom", path: ["publishedMonth"], message: "Enter the month it was published" });
  });

export type DocumentInput = z.input<typeof documentSchema>;

export const collectionSchema = z.object({
  name: z.string().trim().min(3, "Enter a name of at least 3 characters").max(120, "Name must be 120 characters or fewer"),
  description: z.string().trim().max(2_000, "Description must be 2,000 characters or fewer").default(""),
});

export const browseSchema = z.object({
  type: z.string().optional(),
  theme: z.string().optional(),
  place: z.string().optional(),
  year: z.coerce.number().int().optional().catch(undefined),
  collection: z.string().optional(),
  page: z.coerce.number().int().min(1).optional().catch(1),
});
export type BrowseInput = z.input<typeof browseSchema>;
