import type { Db } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import type { FileStore } from "../storage/file-store.ts";
import type { SessionUser } from "./auth/lucia.ts";

/** The signed-in member making a request, or null for a visitor. */
export type Caller = SessionUser | null;

/** Sends realtime events to Socket.IO rooms (thread:<id>, user:<id>, …) once a write has committed. */
export interface Publisher {
  /** `except` leaves out the members of another room (e.g. facilitators, who are sent a fuller copy). */
  publish(room: string, event: string, payload: unknown, opts?: { except?: string }): void;
}

/**
 * Told after a write commits which cached pages it made stale: "thread:<id>", "lists" (forum lists,
 * home, profiles) or "all".
 */
export interface ContentChanges {
  changed(tags: string[]): void;
}

export interface ModuleDeps {
  db: Db;
  log: Logger;
  publisher: Publisher;
  changes: ContentChanges;
  /** Uploaded files under DATA_DIR/uploads. */
  files: FileStore;
}

export const isFacilitator = (caller: Caller) => caller?.role === "facilitator" || caller?.role === "admin";
