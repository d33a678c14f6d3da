import sharp from "sharp";
import { imageTypeOf, isGif } from "../../storage/image-type.ts";
import { z } from "zod";
import type { Prisma } from "../../db/generated/client.ts";
import { Forbidden, NotFound, SignInRequired, TooManyRequests, UserError, ValidationError, validate } from "../../lib/errors.ts";
import { RateLimiter } from "../../lib/rate-limit.ts";
import { renderMarkdown } from "../../lib/markdown.ts";
import type { Blogs } from "../blogs/blogs.ts";
import { isFacilitator, type Caller, type ModuleDeps } from "../deps.ts";
import type { LibraryService } from "../library/library.ts";
import { AVATAR_MAX_BYTES, directorySchema, MEMBERS_PER_PAGE, profileSchema, THEME_INTERESTS } from "./members.schema.ts";
import { OTHER_PLACE, PILOT_PLACES } from "./places.ts";

const setRoleSchema = z.object({
  handle: z.string().min(1),
  role: z.enum(["member", "facilitator", "admin"], { error: "Choose a role" }),
});

/**
 * Other modules' content shown on a profile. A function, because those modules are built after members
 * (server/services.ts); absent in tests that build members alone.
 */
export interface ProfileContent {
  blogs: Pick<Blogs, "recentPostsBy">;
  library: Pick<LibraryService, "listDocumentsBy">;
}

export function createMembers(deps: ModuleDeps & { profileContent?: () => ProfileContent }) {
  const { db, log, changes, profileContent } = deps;
  // Picture uploads decode images: 10 an hour per member is plenty for people and stops a loop.
  const avatarLimiter = new RateLimiter(10, 3_600_000);

  async function getProfile(caller: Caller, input: { handle: string }) {
    const user = await db.user.findUnique({
      where: { handle: input.handle.toLowerCase() },
      select: { id: true, handle: true, fullName: true, organisation: true, place: true, jobTitle: true, bio: true, role: true, createdAt: true, avatarPath: true, themeInterests: true },
    });
    if (!user) throw new NotFound("Member");
    const threads = await db.thread.findMany({
      where: { authorId: user.id, ...(isFacilitator(caller) ? {} : { hidden: false }) },
      orderBy: { createdAt: "desc" },
      take: 10,
      select: { id: true, slug: true, title: true, createdAt: true, postCount: true, forum: { select: { slug: true, name: true } } },
    });
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
    const content = profileContent?.();
    const [blogPosts, documents] = content
      ? await Promise.all([content.blogs.recentPostsBy(caller, { userId: user.id, limit: 5 }), content.library.listDocumentsBy(caller, { userId: user.id, limit: 10 })])
      : [[], []];
    const { id, avatarPath, bio, ...rest } = user;
    // Only the sanitized HTML leaves the server; the source is for the owner's edit form.
    const profile = { ...rest, bioHtml: bio ? renderMarkdown(bio) : "", avatarUrl: avatarUrlOf(user.handle, avatarPath) };
    return { profile, posts, threads, postCount, threadCount, blogPosts, documents, canChangeRole: caller?.role === "admin" && caller.id !== id, isMe: caller?.id === id };
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

  // ── Directory and profile editing ─────────────────────────────────────────────────────

  /** Members by name, organisation or job title, filtered by organisation, place, role and theme interest. */
  async function listMembers(_caller: Caller, input: unknown) {
    const q = validate(directorySchema, input);
    const and: Prisma.UserWhereInput[] = [];
    if (q.q) {
      const words = q.q.split(/\s+/).filter(Boolean).slice(0, 5);
      for (const w of words) and.push({ OR: [{ fullName: { contains: w, mode: "insensitive" } }, { organisation: { contains: w, mode: "insensitive" } }, { jobTitle: { contains: w, mode: "insensitive" } }, { handle: { contains: w.toLowerCase() } }] });
    }
    if (q.organisation) and.push({ organisation: { equals: q.organisation, mode: "insensitive" } });
    if (q.place) and.push({ place: q.place });
    if (q.role) and.push({ role: q.role });
    if (q.theme) and.push({ themeInterests: { has: q.theme } });
    const where: Prisma.UserWhereInput = and.length ? { AND: and } : {};
    const total = await db.user.count({ where });
    const pageCount = Math.max(1, Math.ceil(total / MEMBERS_PER_PAGE));
    const page = Math.min(q.page, pageCount);
    const rows = await db.user.findMany({
      where,
      orderBy: [{ fullName: "asc" }, { handle: "asc" }],
      skip: (page - 1) * MEMBERS_PER_PAGE,
      take: MEMBERS_PER_PAGE,
      select: { handle: true, fullName: true, organisation: true, place: true, jobTitle: true, role: true, avatarPath: true, themeInterests: true },
    });
    const organisations = await db.user.groupBy({ by: ["organisation"], _count: { _all: true }, orderBy: { organisation: "asc" } });
    return {
      query: q,
      total,
      page,
      pageCount,
      memberCount: await db.user.count(),
      members: rows.map(({ avatarPath, ...m }) => ({ ...m, avatarUrl: avatarUrlOf(m.handle, avatarPath) })),
      filters: { organisations: organisations.map((o) => o.organisation), places: [...PILOT_PLACES, OTHER_PLACE], themes: [...THEME_INTERESTS] },
    };
  }

  /** How many members there are, for the home page ("over 845 members"). */
  async function memberCount(_caller: Caller) {
    return db.user.count();
  }

  async function getProfileForEdit(caller: Caller) {
    if (!caller) throw new SignInRequired();
    const u = await db.user.findUniqueOrThrow({ where: { id: caller.id }, select: { handle: true, fullName: true, organisation: true, place: true, jobTitle: true, bio: true, themeInterests: true, avatarPath: true } });
    const { avatarPath, ...values } = u;
    return { values: { ...values, place: values.place ?? OTHER_PLACE }, avatarUrl: avatarUrlOf(u.handle, avatarPath), places: [...PILOT_PLACES, OTHER_PLACE], themes: [...THEME_INTERESTS] };
  }

  async function updateProfile(caller: Caller, input: unknown) {
    if (!caller) throw new SignInRequired();
    const data = validate(profileSchema, input);
    await db.user.update({ where: { id: caller.id }, data });
    log.info({ handle: caller.handle }, "profile updated");
    // Names and organisations show on posts and lists.
    changes.changed(["all"]);
    return { handle: caller.handle };
  }

  /** Checks the upload is a PNG, JPEG, GIF or WebP by its first bytes, then stores a 256×256 WebP copy. */
  async function setAvatar(caller: Caller, input: { bytes: Uint8Array | null }) {
    if (!caller) throw new SignInRequired();
    const wait = avatarLimiter.hit(caller.id);
    if (wait) throw new TooManyRequests(`You have changed your picture many times. Try again in ${Math.ceil(wait / 60)} minutes.`, wait);
    const bytes = input.bytes;
    if (!bytes || bytes.byteLength === 0) throw new ValidationError({ avatar: "Choose a picture to upload" });
    if (bytes.byteLength > AVATAR_MAX_BYTES) throw new ValidationError({ avatar: "The picture must be smaller than 5 MB" });
    if (!imageTypeOf(bytes) && !isGif(bytes)) throw new ValidationError({ avatar: "The picture must be a PNG, JPEG, GIF or WebP image" });
    let resized: Buffer;
    try {
      resized = await sharp(bytes, { limitInputPixels: 40_000_000, animated: false }).rotate().resize(256, 256, { fit: "cover" }).webp({ quality: 82 }).toBuffer();
    } catch {
      throw new ValidationError({ avatar: "That picture could not be read. Try another PNG or JPEG file" });
    }
    const stored = await deps.files.put("avatars", resized, { extension: "webp" });
    const before = await db.user.findUniqueOrThrow({ where: { id: caller.id }, select: { avatarPath: true } });
    await db.user.update({ where: { id: caller.id }, data: { avatarPath: stored.key } });
    if (before.avatarPath) await deps.files.remove(before.avatarPath).catch(() => {});
    changes.changed(["all"]);
    return { avatarUrl: avatarUrlOf(caller.handle, stored.key) };
  }

  async function removeAvatar(caller: Caller) {
    if (!caller) throw new SignInRequired();
    const before = await db.user.findUniqueOrThrow({ where: { id: caller.id }, select: { avatarPath: true } });
    await db.user.update({ where: { id: caller.id }, data: { avatarPath: null } });
    if (before.avatarPath) await deps.files.remove(before.avatarPath).catch(() => {});
    changes.changed(["all"]);
    return { avatarUrl: null };
  }

  /** The stored avatar for the avatar route: always WebP we made ourselves. */
  async function avatarFile(_caller: Caller, input: { handle: string }) {
    const u = await db.user.findUnique({ where: { handle: input.handle.toLowerCase() }, select: { avatarPath: true } });
    if (!u?.avatarPath) throw new NotFound("Picture");
    return { stream: deps.files.read(u.avatarPath), contentType: "image/webp", size: await deps.files.size(u.avatarPath) };
  }

  return { getProfile, setRole, listMembers, memberCount, getProfileForEdit, updateProfile, setAvatar, removeAvatar, avatarFile };
}

export type MembersService = ReturnType<typeof createMembers>;

/** Versioned by the stored key, so a new picture is a new address and old ones can be cached for long. */
function avatarUrlOf(handle: string, avatarPath: string | null) {
  return avatarPath ? `/members/${handle}/avatar?v=${avatarPath.slice(-12, -5)}` : null;
}

