import type { Role } from "../../server/db/generated/enums.ts";
import { Browserless } from "../fixtures/http.ts";
import type { TestServer } from "../fixtures/server.ts";

let signUps = 0;

/**
 * A real member made through the sign-up use case (each from its own client IP so the per-IP sign-up limit
 * never bites), optionally promoted in the database. Returns the use-case caller, the session cookie for
 * sockets, and a signed-in Browserless client.
 */
export async function newMember(server: TestServer, opts: { role?: Role; fullName?: string; handle?: string } = {}) {
  const n = `${Date.now().toString(36).slice(-4)}${(++signUps).toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  const fullName = opts.fullName ?? `Member ${n}`;
  const handle = opts.handle ?? `m-${n}`;
  const email = `${handle}@example.org`;
  const result = await server.services.auth.signUp(
    { fullName, handle, email, password: "correct horse battery", organisation: "Kent County Council", jobTitle: "Policy officer", place: "Kent" },
    { ip: `10.${(signUps >> 16) & 255}.${(signUps >> 8) & 255}.${signUps & 255}` },
  );
  const role = opts.role ?? "member";
  if (role !== "member") await server.services.db.user.update({ where: { id: result.userId }, data: { role } });
  const cookie = result.cookie.split(";")[0];
  const client = new Browserless(server.url);
  const i = cookie.indexOf("=");
  client.cookies.set(cookie.slice(0, i), cookie.slice(i + 1));
  return { caller: { id: result.userId, handle: result.handle, fullName, role }, cookie, client, handle: result.handle, email };
}

export type Member = Awaited<ReturnType<typeof newMember>>;

/** A forum made through the use case by a facilitator. */
export async function newForum(server: TestServer, facilitator: Member, name = `Forum ${Math.random().toString(36).slice(2, 8)}`) {
  return server.services.forums.createForum(facilitator.caller, { name, description: "A forum made for an integration test.", kind: "theme" });
}
