import { z } from "zod";
import { NotFound } from "./errors.ts";

/** Ids are PostgreSQL integers: anything larger cannot name a row (and would make the query itself fail). */
export const MAX_ID = 2_147_483_647;

export const idSchema = z.coerce.number().int().positive().max(MAX_ID);

/** An id from an address or a form, or a 404 for the thing it should name. */
export function existingId(value: unknown, what: string): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1 || id > MAX_ID) throw new NotFound(what);
  return id;
}
