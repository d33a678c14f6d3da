import type { Prisma } from "../../db/generated/client.ts";
import { Forbidden, NotFound, SignInRequired, TooManyRequests, UserError, ValidationError, validate } from "../../lib/errors.ts";
import { existingId } from "../../lib/ids.ts";
import { findMentions, plainExcerpt, renderMarkdown } from "../../lib/markdown.ts";
import { RateLimiter } from "../../lib/rate-limit.ts";
import { slugify } from "../../lib/slug.ts";
import { isFacilitator, type Caller, type ModuleDeps } from "../deps.ts";
import type { Notified, NotificationsService } from "../notifications/notifications.ts";
import {
  editPostSchema,
  forumSchema,
  hidePostSchema,
  moderateThreadSchema,
  newThreadSchema,
  POSTS_PER_PAGE,
  postRefSchema,
  quoteMarkdown,
  replySchema,
  SYSTEM_FORUM_SLUGS,
  THREADS_PER_PAGE,
} from "./forums.schema.ts";

type Tx = Prisma.TransactionClient;
const authorSelect = { handle: true, fullName: true, organisation: true, role: true } as const;
const LIKERS_SHOWN = 20;

/** Rooms and events that viewers of a thread receive (see server/realtime). */
export const threadRoom = (threadId: number) => `thread:${threadId}`;

export function createForums(deps: ModuleDeps & { notifications: NotificationsService }) {
  const { db, log, publisher, changes, notifications } = deps;
  // A member may post 8 times a minute: generous for people, a wall for bots.
  const postLimiter = new RateLimiter(8, 60_000);

  function requireMember(caller: Caller) {
    if (!caller) throw new SignInRequired();
    return caller;
  }
  function requireFacilitator(caller: Caller) {
    const c = requireMember(caller);
    if (!isFacilitator(c)) throw new Forbidden("Only facilitators can do that");
    return c;
  }
  function checkPostRate(caller: NonNullable<Caller>) {
    const wait = postLimiter.hit(caller.id);
    if (wait) throw new TooManyRequests(`You are posting very quickly. Wait ${wait} seconds, then post again – your text has been kept.`, wait);
  }

  /** Renders a post body, linking @mentions of existing members; returns their ids for the Mention rows. */
  async function render(source: string) {
    const handles = findMentions(source);
    const users = handles.length ? await db.user.findMany({ where: { handle: { in: handles } }, select: { id: true, handle: true } }) : [];
    return { html: renderMarkdown(source, new Set(users.map((u) => u.handle))), mentionedIds: users.map((u) => u.id) };
  }

  async function enqueueIndex(tx: Tx, entityType: "thread" | "post", entityId: number) {
    await tx.searchOutbox.create({ data: { entityType, entityId: String(entityId) } });
  }

  /**
   * Tells the people a new post concerns, most personal reason first, each member once: those mentioned,
   * the thread's starter, the quoted post's author, then thread and forum watchers. The author starts
   * watching the thread (unless they muted it).
   */
  async function notifyAboutPost(
    tx: Tx,
    p: { authorId: string; thread: { id: number; slug: string; title: string; forumId: number; authorId: string; hidden: boolean }; forum: { slug: string; name: string }; postId: number; number: number; body: string; mentionedIds: string[]; quotedAuthorId?: string | null },
  ): Promise<Notified[]> {
    await notifications.watch(tx, p.authorId, { targetType: "thread", targetId: p.thread.id });
    // Hidden threads are for facilitators only: nobody is told about them.
    if (p.thread.hidden) return [];
    const subject = { type: "thread", id: p.thread.id, title: p.thread.title, url: postUrl(p.forum.slug, p.thread, p.number, p.postId) };
    const excerpt = plainExcerpt(p.body, 300);
    const mutedVia = [{ targetType: "thread" as const, targetId: p.thread.id }];
    const told = new Set<string>();
    const all: Notified[] = [];
    const send = async (input: Omit<Parameters<NotificationsService["notify"]>[1], "actorId" | "except" | "excerpt" | "subject"> & { subject?: typeof subject }) => {
      const n = await notifications.notify(tx, { subject, ...input, excerpt, actorId: p.authorId, except: told, mutedVia: [...mutedVia, ...(input.mutedVia ?? [])] });
      for (const u of n.userIds) told.add(u);
      all.push(n);
    };
    if (p.mentionedIds.length) await send({ kind: "mention", userIds: p.mentionedIds });
    if (p.number > 1) await send({ kind: "reply", userIds: [p.thread.authorId] });
    if (p.quotedAuthorId) await send({ kind: "quote", userIds: [p.quotedAuthorId] });
    if (p.number > 1) await send({ kind: "watched_thread", watchersOf: { targetType: "thread", targetId: p.thread.id } });
    await send({
      kind: "watched_forum",
      watchersOf: { targetType: "forum", targetId: p.thread.forumId },
      // The forum notice names the forum; its link goes to the first post it announces.
      subject: { ...subject, type: "forum", id: p.thread.forumId, title: p.forum.name },
    });
    return all;
  }

  async function visibleThread(caller: Caller, threadId: number) {
    existingId(threadId, "Thread");
    const thread = await db.thread.findUnique({ where: { id: threadId }, include: { forum: { select: { id: true, slug: true, name: true } } } });
    if (!thread || (thread.hidden && !isFacilitator(caller))) throw new NotFound("Thread");
    return thread;
  }

  // ── Forums ────────────────────────────────────────────────────────────────────────────

  async function listForums(_caller: Caller) {
    const forums = await db.forum.findMany({ orderBy: [{ kind: "asc" }, { position: "asc" }, { name: "asc" }] });
    return { themes: forums.filter((f) => f.kind === "theme"), places: forums.filter((f) => f.kind === "place") };
  }

  /** The most recently active threads across all forums, for the home page. */
  /** Theme names to tag events and documents with: the theme forums, without the platform's own. */
  async function themeTags(_caller: Caller) {
    const themes = await db.forum.findMany({ where: { kind: "theme", slug: { notIn: [...SYSTEM_FORUM_SLUGS] } }, orderBy: [{ position: "asc" }, { name: "asc" }], select: { name: true } });
    return themes.map((t) => t.name);
  }

  async function latestThreads(caller: Caller, input: { limit?: number } = {}) {
    const threads = await db.thread.findMany({
      where: isFacilitator(caller) ? {} : { hidden: false },
      orderBy: { lastPostAt: "desc" },
      take: Math.min(Math.max(1, input.limit ?? 10), 50),
      include: { forum: { select: { slug: true, name: true } }, author: { select: { handle: true, fullName: true } } },
    });
    return threads.map((t) => ({ id: t.id, slug: t.slug, title: t.title, forum: t.forum, author: t.author, replyCount: Math.max(0, t.postCount - 1), lastPostAt: t.lastPostAt, lastPostId: t.lastPostId, pinned: t.pinned, locked: t.locked }));
  }

  async function getForum(caller: Caller, input: { slug: string; page?: number }) {
    const forum = await db.forum.findUnique({ where: { slug: input.slug } });
    if (!forum) throw new NotFound("Forum");
    const where = { forumId: forum.id, ...(isFacilitator(caller) ? {} : { hidden: false }) };
    const total = await db.thread.count({ where });
    const pageCount = Math.max(1, Math.ceil(total / THREADS_PER_PAGE));
    const page = Math.min(Math.max(1, input.page ?? 1), pageCount);
    const threads = await db.thread.findMany({
      where,
      orderBy: [{ pinned: "desc" }, { lastPostAt: "desc" }],
      skip: (page - 1) * THREADS_PER_PAGE,
      take: THREADS_PER_PAGE,
      include: { author: { select: authorSelect } },
    });
    const lastPostIds = threads.map((t) => t.lastPostId).filter((id): id is number => id != null);
    const lastPosts = await db.post.findMany({ where: { id: { in: lastPostIds } }, select: { id: true, number: true, author: { select: { handle: true, fullName: true } } } });
    const lastById = new Map(lastPosts.map((p) => [p.id, p]));
    return {
      forum,
      page,
      pageCount,
      total,
      threads: threads.map((t) => ({ ...t, replyCount: Math.max(0, t.postCount - 1), lastPost: t.lastPostId ? (lastById.get(t.lastPostId) ?? null) : null })),
    };
  }

  async function createForum(caller: Caller, input: unknown) {
    const actor = requireFacilitator(caller);
    const data = validate(forumSchema, input);
    const slug = slugify(data.name);
    if (await db.forum.findUnique({ where: { slug } })) throw new ValidationError({ name: "A forum with that name already exists" });
    const forum = await db.$transaction(async (tx) => {
      const f = await tx.forum.create({ data: { ...data, slug } });
      await tx.moderationAction.create({ data: { actorId: actor.id, action: "create-forum", subject: `forum:${f.id}`, detail: f.name } });
      return f;
    });
    log.info({ forumId: forum.id, by: actor.handle }, "forum created");
    changes.changed(["lists"]);
    return forum;
  }

  async function updateForum(caller: Caller, input: { slug: string } & Record<string, unknown>) {
    const actor = requireFacilitator(caller);
    const data = validate(forumSchema, input);
    const forum = await db.forum.findUnique({ where: { slug: input.slug } });
    if (!forum) throw new NotFound("Forum");
    // The slug stays stable so links keep working after a rename.
    await db.$transaction(async (tx) => {
      await tx.forum.update({ where: { id: forum.id }, data });
      await tx.moderationAction.create({ data: { actorId: actor.id, action: "edit-forum", subject: `forum:${forum.id}`, detail: data.name } });
    });
    changes.changed(["all"]);
    return { slug: forum.slug };
  }

  // ── Threads and posts ─────────────────────────────────────────────────────────────────

  /** `rateLimited: false` is for threads the platform opens on a member's behalf (an event's event space). */
  async function createThread(caller: Caller, input: unknown, opts: { rateLimited?: boolean } = {}) {
    const author = requireMember(caller);
    const data = validate(newThreadSchema, input);
    const forum = await db.forum.findUnique({ where: { slug: data.forumSlug }, select: { id: true, slug: true, name: true } });
    if (!forum) throw new NotFound("Forum");
    if (opts.rateLimited !== false) checkPostRate(author);
    const { html, mentionedIds } = await render(data.body);
    const now = new Date();
    const thread = await db.$transaction(async (tx) => {
      const t = await tx.thread.create({
        data: { forumId: forum.id, authorId: author.id, title: data.title, slug: slugify(data.title), postCount: 1, lastPostAt: now, createdAt: now },
      });
      const post = await tx.post.create({
        data: { threadId: t.id, authorId: author.id, number: 1, bodySource: data.body, bodyHtml: html, createdAt: now, mentions: { create: mentionedIds.map((userId) => ({ userId })) } },
      });
      await tx.thread.update({ where: { id: t.id }, data: { lastPostId: post.id } });
      await tx.forum.update({ where: { id: forum.id }, data: { threadCount: { increment: 1 }, postCount: { increment: 1 }, lastPostAt: now } });
      await enqueueIndex(tx, "thread", t.id);
      const notified = await notifyAboutPost(tx, { authorId: author.id, thread: t, forum, postId: post.id, number: 1, body: data.body, mentionedIds });
      return { ...t, notified };
    });
    notifications.deliver(...thread.notified);
    log.info({ threadId: thread.id, by: author.handle }, "thread created");
    changes.changed(["lists"]);
    publisher.publish(`forum:${forum.id}`, "thread:created", { threadId: thread.id });
    return { threadId: thread.id, url: `/forums/${forum.slug}/t/${thread.id}-${thread.slug}` };
  }

  async function getThread(caller: Caller, input: { threadId: number; page?: number | "last" }) {
    const thread = await visibleThread(caller, input.threadId);
    const pageCount = Math.max(1, Math.ceil(thread.postCount / POSTS_PER_PAGE));
    const requested = input.page === "last" ? pageCount : (input.page ?? 1);
    const page = Math.min(Math.max(1, requested), pageCount);
    const from = (page - 1) * POSTS_PER_PAGE + 1;
    const posts = await db.post.findMany({
      where: { threadId: thread.id, number: { gte: from, lt: from + POSTS_PER_PAGE } },
      orderBy: { number: "asc" },
      include: {
        author: { select: authorSelect },
        likes: { take: LIKERS_SHOWN, orderBy: { createdAt: "asc" }, select: { user: { select: { handle: true, fullName: true } } } },
      },
    });
    const likedByCaller = caller
      ? new Set((await db.postLike.findMany({ where: { userId: caller.id, postId: { in: posts.map((p) => p.id) } }, select: { postId: true } })).map((l) => l.postId))
      : new Set<number>();
    const facilitator = isFacilitator(caller);
    return {
      thread: { ...thread, replyCount: Math.max(0, thread.postCount - 1) },
      page,
      pageCount,
      canReply: !!caller && (!thread.locked || facilitator),
      canModerate: facilitator,
      posts: posts.map((p) => {
        const removed = p.deletedAt ? "deleted" : p.hiddenAt ? "hidden" : null;
        // Deleted posts show nothing; hidden ones show their text to facilitators only.
        const showBody = !removed || (removed === "hidden" && facilitator);
        return {
          id: p.id,
          number: p.number,
          author: p.author,
          createdAt: p.createdAt,
          editedAt: p.editedAt,
          removed,
          bodyHtml: showBody ? p.bodyHtml : null,
          likeCount: p.likeCount,
          likers: p.likes.map((l) => l.user),
          likedByMe: likedByCaller.has(p.id),
          canEdit: !!caller && !p.deletedAt && (caller.handle === p.author.handle || facilitator),
          canDelete: !!caller && !p.deletedAt && caller.handle === p.author.handle,
          canLike: !!caller && !removed && caller.handle !== p.author.handle,
        };
      }),
    };
  }

  async function replyToThread(caller: Caller, input: unknown) {
    const author = requireMember(caller);
    const data = validate(replySchema, input);
    const thread = await visibleThread(caller, data.threadId);
    if (thread.locked && !isFacilitator(author)) throw new UserError("This thread is locked: nobody can reply to it", 409, { body: "This thread is locked: nobody can reply to it" });
    let quotedAuthorId: string | null = null;
    if (data.quotedPostId) {
      const quoted = await db.post.findUnique({ where: { id: data.quotedPostId }, select: { threadId: true, authorId: true } });
      if (!quoted || quoted.threadId !== thread.id) throw new ValidationError({ body: "The post you quoted is not in this thread" });
      quotedAuthorId = quoted.authorId;
    } else {
      // Quotes added with JavaScript carry no hidden field: the quote header names the post.
      const named = Number(/^> \*\*@[\w-]+\*\* \[wrote\]\(\/p\/(\d{1,9})\)/m.exec(data.body)?.[1]);
      const quoted = named ? await db.post.findUnique({ where: { id: named }, select: { threadId: true, authorId: true } }) : null;
      if (quoted?.threadId === thread.id) {
        data.quotedPostId = named;
        quotedAuthorId = quoted.authorId;
      }
    }
    checkPostRate(author);
    const { html, mentionedIds } = await render(data.body);
    const now = new Date();
    const post = await db.$transaction(async (tx) => {
      // The increment takes the thread row's lock, so concurrent replies get distinct numbers.
      // Hidden and forum are re-read under that lock: a hide or move since visibleThread must not skew forum counters.
      const { postCount, hidden, forumId } = await tx.thread.update({ where: { id: thread.id }, data: { postCount: { increment: 1 } }, select: { postCount: true, hidden: true, forumId: true } });
      const p = await tx.post.create({
        data: {
          threadId: thread.id,
          authorId: author.id,
          number: postCount,
          bodySource: data.body,
          bodyHtml: html,
          quotedPostId: data.quotedPostId ?? null,
          createdAt: now,
          mentions: { create: mentionedIds.map((userId) => ({ userId })) },
        },
      });
      await tx.thread.update({ where: { id: thread.id }, data: { lastPostAt: now, lastPostId: p.id } });
      if (!hidden) await tx.forum.update({ where: { id: forumId }, data: { postCount: { increment: 1 }, lastPostAt: now } });
      await enqueueIndex(tx, "post", p.id);
      const notified = await notifyAboutPost(tx, { authorId: author.id, thread: { ...thread, hidden, forumId }, forum: thread.forum, postId: p.id, number: p.number, body: data.body, mentionedIds, quotedAuthorId });
      return { ...p, notified };
    });
    notifications.deliver(...post.notified);
    changes.changed([`thread:${thread.id}`, "lists"]);
    publisher.publish(threadRoom(thread.id), "post:created", { threadId: thread.id, postId: post.id, number: post.number, author: author.fullName });
    return { postId: post.id, number: post.number, url: postUrl(thread.forum.slug, thread, post.number, post.id) };
  }

  async function editPost(caller: Caller, input: unknown) {
    const editor = requireMember(caller);
    const data = validate(editPostSchema, input);
    const post = await db.post.findUnique({ where: { id: data.postId }, include: { author: { select: { handle: true } }, thread: { include: { forum: { select: { slug: true } } } } } });
    if (!post || (post.thread.hidden && !isFacilitator(editor))) throw new NotFound("Post");
    if (post.deletedAt) throw new UserError("That post has been deleted", 409);
    if (post.author.handle !== editor.handle && !isFacilitator(editor)) throw new Forbidden("You can only edit your own posts");
    if (post.thread.locked && !isFacilitator(editor)) throw new UserError("This thread is locked: posts can no longer be edited", 409, { body: "This thread is locked: posts can no longer be edited" });
    if (data.body === post.bodySource) return { postId: post.id, url: postUrl(post.thread.forum.slug, post.thread, post.number, post.id) };
    const { html, mentionedIds } = await render(data.body);
    const notified = await db.$transaction(async (tx) => {
      // Keep the previous version for facilitators before overwriting it.
      await tx.postRevision.create({ data: { postId: post.id, editorId: editor.id, bodySource: post.bodySource, bodyHtml: post.bodyHtml, createdAt: post.editedAt ?? post.createdAt } });
      await tx.post.update({ where: { id: post.id }, data: { bodySource: data.body, bodyHtml: html, editedAt: new Date() } });
      // Members mentioned for the first time by this edit are told, once; earlier mentions are not repeated.
      const before = new Set((await tx.mention.findMany({ where: { postId: post.id }, select: { userId: true } })).map((m) => m.userId));
      await tx.mention.deleteMany({ where: { postId: post.id } });
      if (mentionedIds.length) await tx.mention.createMany({ data: mentionedIds.map((userId) => ({ postId: post.id, userId })) });
      await enqueueIndex(tx, "post", post.id);
      const added = mentionedIds.filter((id) => !before.has(id));
      if (!added.length || post.thread.hidden || post.hiddenAt) return null;
      return notifications.notify(tx, {
        kind: "mention",
        userIds: added,
        actorId: post.authorId,
        mutedVia: [{ targetType: "thread", targetId: post.threadId }],
        subject: { type: "thread", id: post.threadId, title: post.thread.title, url: postUrl(post.thread.forum.slug, post.thread, post.number, post.id) },
        excerpt: plainExcerpt(data.body, 300),
      });
    });
    if (notified) notifications.deliver(notified);
    changes.changed([`thread:${post.threadId}`, "lists"]);
    publisher.publish(threadRoom(post.threadId), "post:updated", { threadId: post.threadId, postId: post.id });
    return { postId: post.id, url: postUrl(post.thread.forum.slug, post.thread, post.number, post.id) };
  }

  async function getPostForEdit(caller: Caller, input: unknown) {
    const editor = requireMember(caller);
    const { postId } = validate(postRefSchema, input);
    const post = await db.post.findUnique({ where: { id: postId }, include: { author: { select: authorSelect }, thread: { include: { forum: { select: { slug: true, name: true } } } } } });
    if (!post || post.deletedAt || (post.thread.hidden && !isFacilitator(editor))) throw new NotFound("Post");
    if (post.author.handle !== editor.handle && !isFacilitator(editor)) throw new Forbidden("You can only edit your own posts");
    return { id: post.id, number: post.number, bodySource: post.bodySource, thread: { id: post.thread.id, title: post.thread.title, slug: post.thread.slug, forum: post.thread.forum }, url: postUrl(post.thread.forum.slug, post.thread, post.number, post.id) };
  }

  async function deletePost(caller: Caller, input: unknown) {
    const member = requireMember(caller);
    const { postId } = validate(postRefSchema, input);
    const post = await db.post.findUnique({ where: { id: postId }, include: { author: { select: { handle: true } }, thread: { include: { forum: { select: { slug: true } } } } } });
    if (!post) throw new NotFound("Post");
    if (post.author.handle !== member.handle) throw new Forbidden("You can only delete your own posts");
    if (!post.deletedAt) {
      await db.$transaction(async (tx) => {
        await tx.post.update({ where: { id: post.id }, data: { deletedAt: new Date() } });
        await enqueueIndex(tx, "post", post.id);
      });
      changes.changed([`thread:${post.threadId}`, "lists"]);
      publisher.publish(threadRoom(post.threadId), "post:updated", { threadId: post.threadId, postId: post.id });
    }
    return { url: postUrl(post.thread.forum.slug, post.thread, post.number, post.id) };
  }

  async function toggleLike(caller: Caller, input: unknown) {
    const member = requireMember(caller);
    const { postId } = validate(postRefSchema, input);
    const post = await db.post.findUnique({ where: { id: postId }, select: { id: true, threadId: true, authorId: true, deletedAt: true, hiddenAt: true, thread: { select: { hidden: true } } } });
    if (!post || (post.thread.hidden && !isFacilitator(member))) throw new NotFound("Post");
    if (post.deletedAt || post.hiddenAt) throw new UserError("That post can no longer be liked", 409);
    if (post.authorId === member.id) throw new UserError("You cannot like your own post", 409);
    const { liked, likeCount } = await db.$transaction(async (tx) => {
      const removed = await tx.postLike.deleteMany({ where: { postId, userId: member.id } });
      if (removed.count) {
        const p = await tx.post.update({ where: { id: postId }, data: { likeCount: { decrement: 1 } }, select: { likeCount: true } });
        return { liked: false, likeCount: p.likeCount };
      }
      // A second click racing the first finds its like already there: no error, and no second count.
      const added = await tx.postLike.createMany({ data: [{ postId, userId: member.id }], skipDuplicates: true });
      if (!added.count) return { liked: true, likeCount: (await tx.post.findUniqueOrThrow({ where: { id: postId }, select: { likeCount: true } })).likeCount };
      const p = await tx.post.update({ where: { id: postId }, data: { likeCount: { increment: 1 } }, select: { likeCount: true } });
      return { liked: true, likeCount: p.likeCount };
    });
    changes.changed([`thread:${post.threadId}`, "lists"]);
    publisher.publish(threadRoom(post.threadId), "post:liked", { threadId: post.threadId, postId, likeCount });
    return { postId, liked, likeCount };
  }

  async function getRevisions(caller: Caller, input: unknown) {
    requireFacilitator(caller);
    const { postId } = validate(postRefSchema, input);
    const post = await db.post.findUnique({
      where: { id: postId },
      include: { author: { select: authorSelect }, thread: { include: { forum: { select: { slug: true } } } }, revisions: { orderBy: { id: "desc" }, include: { editor: { select: { handle: true, fullName: true } } } } },
    });
    if (!post) throw new NotFound("Post");
    return { post: { id: post.id, number: post.number, bodyHtml: post.bodyHtml, editedAt: post.editedAt, author: post.author, threadTitle: post.thread.title, url: postUrl(post.thread.forum.slug, post.thread, post.number, post.id) }, revisions: post.revisions };
  }

  async function setPostHidden(caller: Caller, input: unknown) {
    const actor = requireFacilitator(caller);
    const { postId, hidden } = validate(hidePostSchema, input);
    const post = await db.post.findUnique({ where: { id: postId }, include: { thread: { include: { forum: { select: { slug: true } } } } } });
    if (!post) throw new NotFound("Post");
    await db.$transaction(async (tx) => {
      await tx.post.update({ where: { id: postId }, data: { hiddenAt: hidden ? new Date() : null } });
      await tx.moderationAction.create({ data: { actorId: actor.id, action: hidden ? "hide-post" : "unhide-post", subject: `post:${postId}` } });
      await enqueueIndex(tx, "post", postId);
    });
    changes.changed([`thread:${post.threadId}`, "lists"]);
    publisher.publish(threadRoom(post.threadId), "post:updated", { threadId: post.threadId, postId });
    return { url: postUrl(post.thread.forum.slug, post.thread, post.number, post.id) };
  }

  async function moderateThread(caller: Caller, input: unknown) {
    const actor = requireFacilitator(caller);
    const data = validate(moderateThreadSchema, input);
    const thread = await db.thread.findUnique({ where: { id: data.threadId }, include: { forum: { select: { slug: true } } } });
    if (!thread) throw new NotFound("Thread");
    let forumSlug = thread.forum.slug;
    await db.$transaction(async (tx) => {
      switch (data.action) {
        case "pin":
        case "unpin":
          await tx.thread.update({ where: { id: thread.id }, data: { pinned: data.action === "pin" } });
          break;
        case "lock":
        case "unlock":
          await tx.thread.update({ where: { id: thread.id }, data: { locked: data.action === "lock" } });
          break;
        case "hide":
        case "unhide": {
          const hide = data.action === "hide";
          // Conditional update: of two facilitators hiding at once, only one changes the counters.
          const { count } = await tx.thread.updateMany({ where: { id: thread.id, hidden: !hide }, data: { hidden: hide } });
          if (!count) break;
          // Read under the row lock just taken, so replies and moves made meanwhile are counted.
          const now = await tx.thread.findUniqueOrThrow({ where: { id: thread.id }, select: { forumId: true, postCount: true } });
          const sign = hide ? -1 : 1;
          await tx.forum.update({ where: { id: now.forumId }, data: { threadCount: { increment: sign }, postCount: { increment: sign * now.postCount } } });
          break;
        }
        case "move": {
          const target = data.forumSlug ? await tx.forum.findUnique({ where: { slug: data.forumSlug } }) : null;
          if (!target) throw new ValidationError({ forumSlug: "Choose the forum to move the thread to" });
          if (target.id === thread.forumId) break;
          // Conditional on the forum read above, so a repeated or concurrent move changes the counters once.
          const { count } = await tx.thread.updateMany({ where: { id: thread.id, forumId: thread.forumId }, data: { forumId: target.id } });
          forumSlug = target.slug;
          if (!count) break;
          const now = await tx.thread.findUniqueOrThrow({ where: { id: thread.id }, select: { hidden: true, postCount: true } });
          if (!now.hidden) {
            // Forum rows in id order, so two moves in opposite directions cannot deadlock.
            const counters = [{ id: thread.forumId, sign: -1 }, { id: target.id, sign: 1 }].sort((x, y) => x.id - y.id);
            for (const { id, sign } of counters) await tx.forum.update({ where: { id }, data: { threadCount: { increment: sign }, postCount: { increment: sign * now.postCount } } });
          }
          forumSlug = target.slug;
          break;
        }
      }
      await tx.moderationAction.create({ data: { actorId: actor.id, action: `${data.action}-thread`, subject: `thread:${thread.id}`, detail: data.forumSlug ?? "" } });
      await enqueueIndex(tx, "thread", thread.id);
    });
    log.info({ threadId: thread.id, action: data.action, by: actor.handle }, "thread moderated");
    changes.changed([`thread:${thread.id}`, "lists"]);
    publisher.publish(threadRoom(thread.id), "thread:updated", { threadId: thread.id });
    return { url: `/forums/${forumSlug}/t/${thread.id}-${thread.slug}` };
  }

  /** Where a post lives, for permalinks: /p/:id redirects to its page and anchor. */
  async function locatePost(caller: Caller, input: unknown) {
    const { postId } = validate(postRefSchema, input);
    const post = await db.post.findUnique({ where: { id: postId }, select: { id: true, number: true, threadId: true } });
    if (!post) throw new NotFound("Post");
    const thread = await visibleThread(caller, post.threadId);
    return { url: postUrl(thread.forum.slug, thread, post.number, post.id) };
  }

  /** Markdown that quotes a post, for the reply box ("Quote" without JavaScript goes through here). */
  async function quotePost(caller: Caller, input: unknown) {
    const { postId } = validate(postRefSchema, input);
    const post = await db.post.findUnique({ where: { id: postId }, select: { id: true, threadId: true, bodySource: true, deletedAt: true, hiddenAt: true, author: { select: { handle: true } } } });
    if (!post || post.deletedAt || post.hiddenAt) throw new NotFound("Post");
    await visibleThread(caller, post.threadId);
    return { postId: post.id, markdown: quoteMarkdown(post.author.handle, post.id, post.bodySource) };
  }

  return {
    quotePost,
    listForums,
    themeTags,
    latestThreads,
    getForum,
    createForum,
    updateForum,
    createThread,
    getThread,
    replyToThread,
    editPost,
    getPostForEdit,
    deletePost,
    toggleLike,
    getRevisions,
    setPostHidden,
    moderateThread,
    locatePost,
    locateThread: visibleThread,
  };
}

export function postUrl(forumSlug: string, thread: { id: number; slug: string }, number: number, postId: number) {
  const page = Math.ceil(number / POSTS_PER_PAGE);
  return `/forums/${forumSlug}/t/${thread.id}-${thread.slug}${page > 1 ? `?page=${page}` : ""}#post-${postId}`;
}

export type ForumsService = ReturnType<typeof createForums>;
