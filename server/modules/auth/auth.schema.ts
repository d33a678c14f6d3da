import { z } from "zod";
import { OTHER_PLACE, PILOT_PLACES } from "../members/places.ts";

// Pure zod: used by forms in app/ for hints and by the server as the truth.

export const HANDLE_PATTERN = /^[a-z0-9][a-z0-9_-]{2,29}$/;

const COMMON_PASSWORDS = new Set([
  "password", "password1", "password123", "123456789", "1234567890", "qwertyuiop", "letmein123",
  "welcome123", "iloveyou12", "totalplace", "totalplace1", "council123", "changeme123",
]);

export const passwordSchema = z
  .string()
  .min(10, "Password must be at least 10 characters")
  .max(128, "Password must be 128 characters or fewer")
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), "That password is too common – choose one that is harder to guess")
  .refine((p) => new Set(p).size >= 5, "Password must use at least 5 different characters");

export const signUpSchema = z
  .object({
    fullName: z.string().trim().min(1, "Enter your full name").max(100, "Full name must be 100 characters or fewer"),
    handle: z
      .string()
      .trim()
      .toLowerCase()
      .transform((h) => h.replace(/^@/, ""))
      .refine((h) => h === "" || HANDLE_PATTERN.test(h), "Handle must be 3 to 30 characters: letters, numbers, hyphens or underscores, starting with a letter or number"),
    email: z.string().trim().toLowerCase().min(1, "Enter your email address").max(254, "Email address is too long").pipe(z.email("Enter an email address in the correct format, like name@example.gov.uk")),
    password: passwordSchema,
    organisation: z.string().trim().min(1, "Enter your organisation").max(120, "Organisation must be 120 characters or fewer"),
    place: z.enum([...PILOT_PLACES, OTHER_PLACE], { error: "Select your place, or Other" }),
    jobTitle: z.string().trim().min(1, "Enter your job title").max(120, "Job title must be 120 characters or fewer"),
  })
  .refine((v) => v.password.toLowerCase() !== v.email, { path: ["password"], message: "Password must not be your email address" });

export type SignUpInput = z.input<typeof signUpSchema>;

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "Enter your email address").max(254, "Email address is too long"),
  password: z.string().min(1, "Enter your password").max(128, "Password must be 128 characters or fewer"),
});
