import { z } from "zod";
import { OTHER_PLACE, PILOT_PLACES } from "./places.ts";

// Pure zod and data: shared by the member forms in app/ and the server.

/** The Total Place themes members can say they are interested in (directory filter and profile). */
export const THEME_INTERESTS = [
  "Adult social care",
  "Asset management",
  "Children's services",
  "Counting public spend",
  "Customer insight",
  "Drugs and alcohol",
  "Health inequalities",
  "Housing",
  "Offender management",
  "Worklessness",
] as const;

export const MEMBERS_PER_PAGE = 24;
export const BIO_MAX = 2000;
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;

const interestsSchema = z.preprocess(
  (v) => (v == null || v === "" ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.enum(THEME_INTERESTS, { error: "Choose themes from the list" })).max(THEME_INTERESTS.length),
);

export const profileSchema = z.object({
  fullName: z.string().trim().min(1, "Enter your full name").max(100, "Full name must be 100 characters or fewer"),
  organisation: z.string().trim().min(1, "Enter your organisation").max(120, "Organisation must be 120 characters or fewer"),
  place: z.enum([...PILOT_PLACES, OTHER_PLACE], { error: "Select your place, or Other" }),
  jobTitle: z.string().trim().min(1, "Enter your job title").max(120, "Job title must be 120 characters or fewer"),
  bio: z.string().trim().max(BIO_MAX, `Your bio must be ${BIO_MAX} characters or fewer`).default(""),
  themeInterests: interestsSchema,
});

export const directorySchema = z.object({
  q: z.string().trim().max(100).optional().default(""),
  organisation: z.string().trim().max(120).optional().default(""),
  place: z.string().trim().max(120).optional().default(""),
  role: z.enum(["", "member", "facilitator", "admin"]).optional().default(""),
  theme: z.string().trim().max(80).optional().default(""),
  page: z.coerce.number().int().min(1).max(10_000).optional().default(1),
});
export type DirectoryQuery = z.input<typeof directorySchema>;
