import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import type { Db } from "../../db/database.ts";
import type { Role } from "../../db/generated/enums.ts";

/** The user fields every request carries once signed in. */
export interface SessionUser {
  id: string;
  handle: string;
  fullName: string;
  role: Role;
}

/** Lucia v3 adapter over our Prisma client (the published one stops at Prisma 5). */
function prismaLuciaAdapter(db: Db): Adapter {
  const toSession = (s: { id: string; userId: string; expiresAt: Date }): DatabaseSession => ({
    id: s.id,
    userId: s.userId,
    expiresAt: s.expiresAt,
    attributes: {},
  });
  return {
    async getSessionAndUser(sessionId) {
      const row = await db.session.findUnique({
        where: { id: sessionId },
        include: { user: { select: { id: true, handle: true, fullName: true, role: true } } },
      });
      if (!row) return [null, null];
      const user: DatabaseUser = { id: row.user.id, attributes: row.user };
      return [toSession(row), user];
    },
    async getUserSessions(userId) {
      return (await db.session.findMany({ where: { userId } })).map(toSession);
    },
    async setSession(session) {
      await db.session.create({ data: { id: session.id, userId: session.userId, expiresAt: session.expiresAt } });
    },
    async updateSessionExpiration(sessionId, expiresAt) {
      await db.session.updateMany({ where: { id: sessionId }, data: { expiresAt } });
    },
    async deleteSession(sessionId) {
      await db.session.deleteMany({ where: { id: sessionId } });
    },
    async deleteUserSessions(userId) {
      await db.session.deleteMany({ where: { userId } });
    },
    async deleteExpiredSessions() {
      await db.session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
    },
  };
}

export function createLucia(db: Db, opts: { secure: boolean }) {
  return new Lucia(prismaLuciaAdapter(db), {
    sessionExpiresIn: new TimeSpan(30, "d"),
    sessionCookie: { name: "tpc_session", attributes: { secure: opts.secure, sameSite: "lax" } },
    getUserAttributes: (a) => ({ handle: a.handle, fullName: a.fullName, role: a.role }),
  });
}

export type AppLucia = ReturnType<typeof createLucia>;

declare module "lucia" {
  interface Register {
    Lucia: AppLucia;
    DatabaseUserAttributes: Omit<SessionUser, "id">;
  }
}
