import { z } from "zod";
import { Forbidden, NotFound, SignInRequired, UserError, validate } from "../../lib/errors.ts";
import { isFacilitator, type Caller, type ModuleDeps } from "../deps.ts";

const setRoleSchema = z.object({
  handle: z.string().min(1),
  role: z.enum(["member", "facilitator", "admin"], { error: "Choose a role" }),
});

export function createMembers(deps: ModuleDeps) {
  const { db, log, changes } = deps;

  async function getProfile(caller: Caller, input: { handle: string }) {
    const user = await db.user.findUnique({
      where: { handle: input.handle.toLowerCase() },
      select: { id: true, handle: true, fullName: true, organisation: true, place: true, jobTitle: true, bio: true, role: true, createdAt: true },
    });
    if (!user) throw new NotFound("Member");
    const visibleThreads = isFacilitator(caller) ? {} : { hidden: false };
    const [posts, postCount, threadCount] = await Promise.all([
      db.post.findMany({
        where: { authorId: user.id, deletedAt: null, hiddenAt: null, thread: visibleThreads },
        orderBy: { createdAt: "desc" },
        take: 10,
        select: { id: true, number: true, bodyHtml: true, createdAt: true, thread: { select: { id: true, slug: true, title: true, forum: { select: { slug: true, name: true } } } } },
      }),
      db.post.count({ where: { authorId: user.id, deletedAt: null, hiddenAt: null } }),
      db.thread.count({ where: { authorId: user.id, hidden: false } }),
    ]);
    const { id, ...profile } = user;
    return { profile, posts, postCount, threadCount, canChangeRole: caller?.role === "admin" && caller.id !== id, isMe: caller?.id === id };
  }

  /** Admins promote members to facilitator or admin (and back). Admins cannot change their own role. */
  async function setRole(caller: Caller, input: unknown) {
    if (!caller) throw new SignInRequired();
    if (caller.role !== "admin") throw new Forbidden("Only admins can change roles");
    const data = validate(setRoleSchema, input);
    const user = await db.user.findUnique({ where: { handle: data.handle }, select: { id: true } });
    if (!user) throw new NotFound("Member");
    if (user.id === caller.id) throw new UserError("You cannot change your own role", 409, { role: "You cannot change your own role" });
    await db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { role: data.role } });
      await tx.moderationAction.create({ data: { actorId: caller.id, action: "set-role", subject: `user:${user.id}`, detail: data.role } });
    });
    log.info({ handle: data.handle, role: data.role, by: caller.handle }, "role changed");
    // Role tags show on every post by the member.
    changes.changed(["all"]);
    return { handle: data.handle, role: data.role };
  }

  return { getProfile, setRole };
}

export type MembersService = ReturnType<typeof createMembers>;
