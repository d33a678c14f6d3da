import type { Caller } from "./modules/deps.ts";
import type { Services } from "./services.ts";

/** What every Remix loader and action receives as `context`. */
export interface RequestContext {
  services: Services;
  caller: Caller;
  sessionId: string | null;
  ip: string;
}

declare module "@remix-run/server-runtime" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends RequestContext {}
}
