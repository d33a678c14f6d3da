import type { Db } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import type { SessionUser } from "./auth/lucia.ts";

/** The signed-in member making a request, or null for a visitor. */
export type Caller = SessionUser | null;

/** Sends realtime events to Socket.IO rooms (thread:<id>, user:<id>, …) once a write has committed. */
export interface Publisher {
  publish(room: string, event: string, payload: unknown): void;
}

export interface ModuleDeps {
  db: Db;
  log: Logger;
  publisher: Publisher;
}

export const isFacilitator = (caller: Caller) => caller?.role === "facilitator" || caller?.role === "admin";
