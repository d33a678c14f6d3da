import type { Prisma } from "../../db/generated/client.ts";
import { IMAGE_MIME_BY_EXTENSION, imageTypeOf } from "../../storage/image-type.ts";
import { Forbidden, NotFound, SignInRequired, TooManyRequests, UserError, ValidationError, validate } from "../../lib/errors.ts";
import { existingId } from "../../lib/ids.ts";
import { isValidDate, londonToUtc, toLondonParts } from "../../lib/london-time.ts";
import { plainExcerpt, renderMarkdown } from "../../lib/markdown.ts";
import { RateLimiter } from "../../lib/rate-limit.ts";
import { slugify } from "../../lib/slug.ts";
import { isFacilitator, type Caller, type ModuleDeps } from "../deps.ts";
import type { Notified, NotificationsService, WatchRef } from "../notifications/notifications.ts";
import { BLOG_POSTS_PER_PAGE, blogPostRefSchema, blogPostSchema, commentRefSchema, commentSchema, MAX_COVER_BYTES } from "./blogs.schema.ts";

type Tx = Prisma.TransactionClient;
const authorSelect = { handle: true, fullName: true, organisation: true, role: true } as const;

/** Socket.IO room of a post's readers: new comments arrive there as "blog:comment". */
export const blogPostRoom = (postId: number) => `blogpost:${postId}`;

/** The address of a post: the News blog has its own, member posts live under their author's blog. */
export function blogPostPath(p: { id: number; slug: string; blog: string; author: { handle: string } }) {
  return p.blog === "news" ? `/news/${p.id}-${p.slug}` : `/blogs/${p.author.handle}/${p.id}-${p.slug}`;
}

/** What a save may carry besides the form fields: an uploaded cover image, or a request to drop it. */
export interface CoverUpload {
  bytes: Uint8Array;
}

const published = { status: "published" as const };

/**
 * What members watch to hear about new posts: a member's blog is keyed by the author's user id (stable when
 * a handle changes), the News blog by "news".
 */
export function blogWatchRef(p: { blog: string; authorId: string }): WatchRef {
  return { targetType: "blog", targetId: p.blog === "news" ? "news" : p.authorId };
}

export function createBlogs(deps: ModuleDeps & { notifications?: NotificationsService }) {
  const { db, log, publisher, changes, files, notifications } = deps;
  // Generous for people, a wall for bots.
  const commentLimiter = new RateLimiter(8, 60_000);
  const postLimiter = new RateLimiter(20, 60 * 60_000);

  function requireMember(caller: Caller) {
    if (!caller) throw new SignInRequired();
    return caller;
  }

  // ── Notifications: who may watch a blog, and the weekly update in the digest ────────────

  notifications?.addWatchTarget("blog", async (_caller, targetId) => {
    if (targetId === "news") return true;
    return !!(await db.user.findUnique({ where: { id: targetId }, select: { id: true } }));
  });

  notifications?.addDigestSection(async (since, until) => {
    const update = await db.blogPost.findFirst({
      where: { blog: "news", ...published, publishedAt: { gte: since, lt: until } },
      orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
      select: { id: true, slug: true, title: true, blog: true, highlights: true, author: { select: { handle: true } } },
    });
    if (!update) return null;
    const url = blogPostPath(update);
    return { heading: "The latest weekly update", items: [{ title: update.title, url }, ...update.highlights.slice(0, 6).map((h) => ({ title: h, url }))] };
  });

  /** Tells the blog's watchers about a newly published post (inside the publishing transaction). */
  async function notifyPublished(tx: Tx, p: { id: number; slug: string; title: string; blog: string; authorId: string; bodySource: string; author: { handle: string } }): Promise<Notified | null> {
    if (!notifications) return null;
    return notifications.notify(tx, {
      kind: "blog_post",
      watchersOf: blogWatchRef(p),
      actorId: p.authorId,
      subject: { type: "blog_post", id: p.id, title: p.title, url: blogPostPath(p) },
      excerpt: plainExcerpt(p.bodySource, 300),
    });
  }

  /** Drafts and scheduled posts are for their author, and for facilitators on the News blog. */
  function canSeeUnpublished(caller: Caller, p: { authorId: string; blog: string }) {
    return !!caller && (caller.id === p.authorId || (p.blog === "news" && isFacilitator(caller)));
  }
  const canEdit = canSeeUnpublished;

  async function findVisible(caller: Caller, postIdValue: unknown) {
    const postId = existingId(postIdValue, "Blog post");
    const post = await db.blogPost.findUnique({ where: { id: postId }, include: { author: { select: authorSelect } } });
    if (!post || (post.status !== "published" && !canSeeUnpublished(caller, post))) throw new NotFound("Blog post");
    return post;
  }

  /** UK wall-clock "2010-03-30T09:00" → the instant; must be in the future. */
  function scheduleInstant(value: string | undefined, now: Date) {
    if (!value) throw new ValidationError({ publishAt: "Enter the date and time to publish" });
    const [date, time] = value.split("T");
    const [year, month, day] = date.split("-").map(Number);
    const [hour, minute] = time.split(":").map(Number);
    if (!isValidDate(year, month, day) || hour > 23 || minute > 59) throw new ValidationError({ publishAt: "Enter a real date and time" });
    const at = londonToUtc({ year, month, day, hour, minute });
    if (at <= now) throw new ValidationError({ publishAt: "The publishing time must be in the future" });
    return at;
  }

  async function storeCover(cover: CoverUpload | undefined) {
    if (!cover || cover.bytes.byteLength === 0) return undefined;
    if (cover.bytes.byteLength > MAX_COVER_BYTES) throw new ValidationError({ cover: "The cover image must be 5 MB or smaller" });
    const kind = imageTypeOf(cover.bytes);
    if (!kind) throw new ValidationError({ cover: "The cover image must be a PNG, JPEG or WebP picture" });
    const stored = await files.put("blog-covers", cover.bytes, { extension: kind.extension, maxBytes: MAX_COVER_BYTES });
    return stored.key;
  }

  async function enqueueIndex(tx: Tx, postId: number) {
    await tx.searchOutbox.create({ data: { entityType: "blog_post", entityId: String(postId) } });
  }

  // ── Reading ───────────────────────────────────────────────────────────────────────────

  const listSelect = {
    id: true, slug: true, title: true, blog: true, bodySource: true, coverImage: true, tags: true, category: true, status: true,
    publishAt: true, publishedAt: true, issueNumber: true, highlights: true, likeCount: true, commentCount: true, updatedAt: true, createdAt: true,
    author: { select: authorSelect },
  } as const;
  type ListRow = Prisma.BlogPostGetPayload<{ select: typeof listSelect }>;
  const summary = ({ bodySource, ...p }: ListRow) => ({ ...p, url: blogPostPath(p), excerpt: plainExcerpt(bodySource, 240) });

  async function page(where: Prisma.BlogPostWhereInput, pageWanted: number | undefined, orderBy: Prisma.BlogPostOrderByWithRelationInput[] = [{ publishedAt: "desc" }, { id: "desc" }]) {
    const total = await db.blogPost.count({ where });
    const pageCount = Math.max(1, Math.ceil(total / BLOG_POSTS_PER_PAGE));
    const pageNo = Math.min(Math.max(1, pageWanted ?? 1), pageCount);
    const rows = await db.blogPost.findMany({ where, orderBy, skip: (pageNo - 1) * BLOG_POSTS_PER_PAGE, take: BLOG_POSTS_PER_PAGE, select: listSelect });
    return { page: pageNo, pageCount, total, posts: rows.map(summary) };
  }

  /** Every member's recently published posts, optionally with one tag. */
  async function listPosts(_caller: Caller, input: { tag?: string | null; page?: number } = {}) {
    const tag = input.tag?.trim().toLowerCase() || null;
    const result = await page({ ...published, blog: "member", ...(tag ? { tags: { has: tag } } : {}) }, input.page);
    const tagRows = await db.$queryRaw<{ tag: string; n: bigint }[]>`
      SELECT t AS tag, count(*) AS n FROM "BlogPost", unnest(tags) AS t
      WHERE status = 'published' AND blog = 'member' GROUP BY t ORDER BY n DESC, t ASC LIMIT 20`;
    return { ...result, tag, popularTags: tagRows.map((r) => ({ tag: r.tag, count: Number(r.n) })) };
  }

  /** One member's blog; the author also sees their drafts and scheduled posts. */
  async function memberBlog(caller: Caller, input: { handle: string; page?: number }) {
    const owner = await db.user.findUnique({ where: { handle: String(input.handle).toLowerCase() }, select: { id: true, handle: true, fullName: true, organisation: true, jobTitle: true } });
    if (!owner) throw new NotFound("Blog");
    const isOwner = caller?.id === owner.id;
    const result = await page({ authorId: owner.id, blog: "member", ...published }, input.page);
    const unpublished = isOwner
      ? (await db.blogPost.findMany({ where: { authorId: owner.id, blog: "member", status: { not: "published" } }, orderBy: { updatedAt: "desc" }, take: 50, select: listSelect })).map(summary)
      : [];
    const watch = notifications && caller ? await notifications.watchState(caller, blogWatchRef({ blog: "member", authorId: owner.id })) : "none";
    const { id: ownerId, ...ownerShown } = owner;
    return { owner: ownerShown, isOwner, ...result, unpublished, watch, watchKey: ownerId };
  }

  /** A member's newest published posts on their own blog, for their profile. */
  async function recentPostsBy(_caller: Caller, input: { userId: string; limit?: number }) {
    const rows = await db.blogPost.findMany({ where: { authorId: input.userId, blog: "member", ...published }, orderBy: [{ publishedAt: "desc" }, { id: "desc" }], take: Math.min(Math.max(1, input.limit ?? 5), 20), select: listSelect });
    return rows.map(summary);
  }

  /** The News blog: weekly updates and other facilitator news, newest first. */
  async function newsList(caller: Caller, input: { page?: number } = {}) {
    const result = await page({ blog: "news", ...published }, input.page);
    const unpublished = isFacilitator(caller)
      ? (await db.blogPost.findMany({ where: { blog: "news", status: { not: "published" } }, orderBy: { updatedAt: "desc" }, take: 50, select: listSelect })).map(summary)
      : [];
    const watch = notifications && caller ? await notifications.watchState(caller, { targetType: "blog", targetId: "news" }) : "none";
    return { ...result, unpublished, canWrite: isFacilitator(caller), watch, watchKey: "news" };
  }

  async function getPost(caller: Caller, input: { postId: unknown }) {
    const post = await findVisible(caller, input.postId);
    const [comments, mine] = await Promise.all([
      db.blogComment.findMany({ where: { postId: post.id }, orderBy: { id: "asc" }, take: 1000, include: { author: { select: authorSelect } } }),
      caller ? db.blogLike.findUnique({ where: { postId_userId: { postId: post.id, userId: caller.id } } }) : null,
    ]);
    const mayRemoveAny = !!caller && (caller.id === post.authorId || isFacilitator(caller));
    const view = (c: (typeof comments)[number]) => ({ id: c.id, parentId: c.parentId, bodyHtml: c.bodyHtml, createdAt: c.createdAt, author: c.author, canDelete: mayRemoveAny || c.authorId === caller?.id });
    const threads = comments.filter((c) => c.parentId == null).map((c) => ({ ...view(c), replies: comments.filter((r) => r.parentId === c.id).map(view) }));
    // Weekly updates link to the issues either side of this one.
    let previous: { title: string; url: string } | null = null;
    let next: { title: string; url: string } | null = null;
    if (post.blog === "news" && post.status === "published" && post.publishedAt) {
      const sel = { id: true, slug: true, title: true, blog: true, author: { select: { handle: true } } } as const;
      const [prev, nxt] = await Promise.all([
        db.blogPost.findFirst({ where: { blog: "news", ...published, OR: [{ publishedAt: { lt: post.publishedAt } }, { publishedAt: post.publishedAt, id: { lt: post.id } }] }, orderBy: [{ publishedAt: "desc" }, { id: "desc" }], select: sel }),
        db.blogPost.findFirst({ where: { blog: "news", ...published, OR: [{ publishedAt: { gt: post.publishedAt } }, { publishedAt: post.publishedAt, id: { gt: post.id } }] }, orderBy: [{ publishedAt: "asc" }, { id: "asc" }], select: sel }),
      ]);
      previous = prev ? { title: prev.title, url: blogPostPath(prev) } : null;
      next = nxt ? { title: nxt.title, url: blogPostPath(nxt) } : null;
    }
    return {
      post: { ...post, url: blogPostPath(post), revisionCount: await db.blogPostRevision.count({ where: { postId: post.id } }) },
      comments: threads,
      likedByMe: !!mine,
      canEdit: canEdit(caller, post),
      canComment: !!caller && post.status === "published",
      canLike: !!caller && post.status === "published" && caller.id !== post.authorId,
      previous,
      next,
    };
  }

  /** Starting values for a new post; on the News blog, the next weekly update number. */
  async function newPostForm(caller: Caller, input: { blog?: string | null } = {}) {
    const me = requireMember(caller);
    const canWriteNews = isFacilitator(me);
    if (!(canWriteNews && input.blog === "news")) return { canWriteNews, initial: { blog: "member", category: "blessay" } };
    const last = await db.blogPost.aggregate({ where: { blog: "news" }, _max: { issueNumber: true } });
    return { canWriteNews, initial: { blog: "news", category: "news", issueNumber: String((last._max.issueNumber ?? 0) + 1) } };
  }

  /** The current form values of a post, for its edit page. */
  async function getForEdit(caller: Caller, input: { postId: unknown }) {
    const me = requireMember(caller);
    const post = await findVisible(me, input.postId);
    if (!canEdit(me, post)) throw new Forbidden("Only the author can edit this post");
    const at = post.publishAt ? toLondonParts(post.publishAt) : null;
    const two = (n: number) => String(n).padStart(2, "0");
    return {
      post: { id: post.id, url: blogPostPath(post), status: post.status, coverImage: post.coverImage, blog: post.blog },
      values: {
        title: post.title,
        body: post.bodySource,
        tags: post.tags.join(", "),
        category: post.category,
        blog: post.blog,
        issueNumber: post.issueNumber == null ? "" : String(post.issueNumber),
        highlights: post.highlights.join("\n"),
        publishAt: at ? `${at.year}-${two(at.month)}-${two(at.day)}T${two(at.hour)}:${two(at.minute)}` : "",
      },
    };
  }

  // ── Writing ───────────────────────────────────────────────────────────────────────────

  /** Renders the Markdown as it would be published, without saving anything (the Preview button). */
  function previewPost(caller: Caller, input: Record<string, unknown>) {
    requireMember(caller);
    const body = String(input.body ?? "").slice(0, 50_000);
    if (!body.trim()) throw new ValidationError({ body: "Enter the text of your post to preview it" });
    const highlights = input.blog === "news" ? String(input.highlights ?? "").split("\n").map((l) => l.replace(/^[-*•]\s*/, "").trim()).filter(Boolean).slice(0, 12) : [];
    return { title: String(input.title ?? "").trim(), html: renderMarkdown(body), highlights };
  }

  /**
   * Creates (no postId) or updates a post: save as draft, publish now, or schedule. Every save keeps a
   * revision, so the history shows each version.
   */
  async function savePost(caller: Caller, input: Record<string, unknown> & { postId?: unknown; cover?: CoverUpload; removeCover?: unknown }) {
    const me = requireMember(caller);
    const data = validate(blogPostSchema, input);
    const now = new Date();
    const existing = input.postId != null && input.postId !== "" ? await findVisible(me, input.postId) : null;
    if (existing && !canEdit(me, existing)) throw new Forbidden("Only the author can edit this post");
    const blog = existing ? existing.blog : data.blog;
    if (blog === "news" && !isFacilitator(me)) throw new Forbidden("Only facilitators can write on the News blog");
    const publishAt = data.intent === "schedule" ? scheduleInstant(data.publishAt, now) : null;
    const issueNumber = blog === "news" ? (data.issueNumber ?? null) : null;
    if (issueNumber != null) {
      const clash = await db.blogPost.findFirst({ where: { blog: "news", issueNumber, ...(existing ? { id: { not: existing.id } } : {}) }, select: { id: true } });
      if (clash) throw new ValidationError({ issueNumber: `Weekly update ${issueNumber} already exists: choose another number` });
    }
    if (!existing) {
      const wait = postLimiter.hit(me.id);
      if (wait) throw new TooManyRequests(`You have written many posts in the last hour. Wait ${Math.ceil(wait / 60)} minutes – your text has been kept.`, wait);
    }
    const coverKey = await storeCover(input.cover);
    const status: "draft" | "scheduled" | "published" = data.intent === "draft" ? "draft" : data.intent === "schedule" ? "scheduled" : "published";
    const fields = {
      title: data.title,
      slug: slugify(data.title, 60),
      bodySource: data.body,
      bodyHtml: renderMarkdown(data.body),
      tags: data.tags,
      category: data.category,
      issueNumber,
      highlights: blog === "news" ? data.highlights : [],
      status,
      publishAt,
      // A post keeps its first publication date through later edits.
      publishedAt: status === "published" ? (existing?.publishedAt ?? now) : null,
      ...(coverKey ? { coverImage: coverKey } : input.removeCover === "true" || input.removeCover === true ? { coverImage: null } : {}),
    };
    let saved;
    try {
      saved = await db.$transaction(async (tx) => {
        const p = existing
          ? await tx.blogPost.update({ where: { id: existing.id }, data: fields, include: { author: { select: authorSelect } } })
          : await tx.blogPost.create({ data: { ...fields, blog, authorId: me.id }, include: { author: { select: authorSelect } } });
        await tx.blogPostRevision.create({ data: { postId: p.id, editorId: me.id, title: p.title, bodySource: p.bodySource } });
        await enqueueIndex(tx, p.id);
        // Watchers hear once: when the post is first published, not on later edits.
        const notified = status === "published" && existing?.status !== "published" ? await notifyPublished(tx, p) : null;
        return { ...p, notified };
      });
    } catch (error) {
      // Nothing was saved, so the picture just stored belongs to no post.
      if (coverKey) await files.remove(coverKey).catch(() => {});
      throw error;
    }
    if (saved.notified) notifications?.deliver(saved.notified);
    if (existing?.coverImage && existing.coverImage !== saved.coverImage) await files.remove(existing.coverImage).catch(() => {});
    log.info({ blogPostId: saved.id, status, by: me.handle }, existing ? "blog post updated" : "blog post created");
    changes.changed(["lists", `blogpost:${saved.id}`]);
    return { postId: saved.id, status, url: blogPostPath(saved) };
  }

  /**
   * Publishes every scheduled post whose time has come. The conditional UPDATE claims each post once, so
   * two schedulers (or two processes) never publish the same post twice.
   */
  async function publishDuePosts(now = new Date()) {
    const notified: Notified[] = [];
    const ids = await db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: number }[]>`
        UPDATE "BlogPost" SET status = 'published', "publishedAt" = "publishAt", "updatedAt" = ${now}
        WHERE status = 'scheduled' AND "publishAt" <= ${now} RETURNING id`;
      if (rows.length) await tx.searchOutbox.createMany({ data: rows.map((r) => ({ entityType: "blog_post", entityId: String(r.id) })) });
      if (rows.length && notifications) {
        const posts = await tx.blogPost.findMany({ where: { id: { in: rows.map((r) => r.id) } }, orderBy: { id: "asc" }, include: { author: { select: { handle: true } } } });
        for (const p of posts) {
          const n = await notifyPublished(tx, p);
          if (n) notified.push(n);
        }
      }
      return rows.map((r) => r.id);
    });
    if (notified.length) notifications?.deliver(...notified);
    if (ids.length) {
      log.info({ blogPostIds: ids }, "scheduled blog posts published");
      changes.changed(["lists", ...ids.map((id) => `blogpost:${id}`)]);
    }
    return ids;
  }

  /** Runs publishDuePosts every `everyMs`; returns a stop function. */
  function startScheduler(everyMs = 15_000) {
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        await publishDuePosts();
      } catch (error) {
        log.error({ err: error }, "blog scheduler failed");
      } finally {
        running = false;
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  async function deletePost(caller: Caller, input: unknown) {
    const me = requireMember(caller);
    const { postId } = validate(blogPostRefSchema, input);
    const post = await findVisible(me, postId);
    if (!canEdit(me, post)) throw new Forbidden("Only the author can delete this post");
    await db.$transaction(async (tx) => {
      await tx.blogPost.delete({ where: { id: post.id } });
      await enqueueIndex(tx, post.id);
    });
    if (post.coverImage) await files.remove(post.coverImage).catch(() => {});
    changes.changed(["lists", `blogpost:${post.id}`]);
    return { url: post.blog === "news" ? "/news" : `/blogs/${post.author.handle}` };
  }

  async function getRevisions(caller: Caller, input: unknown) {
    const me = requireMember(caller);
    const { postId } = validate(blogPostRefSchema, input);
    const post = await findVisible(me, postId);
    if (!canEdit(me, post) && !isFacilitator(me)) throw new Forbidden("Only the author and facilitators can see the history of a post");
    const revisions = await db.blogPostRevision.findMany({ where: { postId: post.id }, orderBy: { id: "desc" }, include: { editor: { select: { handle: true, fullName: true } } } });
    return { post: { id: post.id, title: post.title, url: blogPostPath(post) }, revisions: revisions.map((r) => ({ id: r.id, title: r.title, bodyHtml: renderMarkdown(r.bodySource), createdAt: r.createdAt, editor: r.editor })) };
  }

  /** The stored cover image of a visible post, with its content type. */
  async function coverImage(caller: Caller, input: { postId: unknown }) {
    const post = await findVisible(caller, input.postId);
    if (!post.coverImage) throw new NotFound("Cover image");
    const ext = post.coverImage.split(".").pop() ?? "";
    const type = IMAGE_MIME_BY_EXTENSION[ext];
    if (!type) throw new NotFound("Cover image");
    return { type, size: await files.size(post.coverImage), stream: () => files.read(post.coverImage!) };
  }

  // ── Comments and likes ────────────────────────────────────────────────────────────────

  /** Adds a comment; a reply to a reply attaches to the top comment (one level of replies). */
  async function addComment(caller: Caller, input: unknown) {
    const me = requireMember(caller);
    const data = validate(commentSchema, input);
    const post = await findVisible(me, data.postId);
    if (post.status !== "published") throw new UserError("Comments open when the post is published", 409);
    const wait = commentLimiter.hit(me.id);
    if (wait) throw new TooManyRequests(`You are commenting very quickly. Wait ${wait} seconds, then try again – your text has been kept.`, wait);
    let parentId: number | null = null;
    // Who to tell: the post's author and, for a reply, the author of the comment replied to.
    const toldAbout = new Set([post.authorId]);
    if (data.parentId) {
      const parent = await db.blogComment.findUnique({ where: { id: data.parentId }, select: { id: true, postId: true, parentId: true, authorId: true } });
      if (!parent || parent.postId !== post.id) throw new ValidationError({ parentId: "The comment you are replying to is no longer there" });
      parentId = parent.parentId ?? parent.id;
      toldAbout.add(parent.authorId);
    }
    const { comment, notified } = await db.$transaction(async (tx) => {
      const c = await tx.blogComment.create({ data: { postId: post.id, authorId: me.id, parentId, bodySource: data.body, bodyHtml: renderMarkdown(data.body) }, include: { author: { select: authorSelect } } });
      await tx.blogPost.update({ where: { id: post.id }, data: { commentCount: { increment: 1 } } });
      const n = notifications
        ? await notifications.notify(tx, {
            kind: "blog_comment",
            userIds: [...toldAbout],
            actorId: me.id,
            subject: { type: "blog_post", id: post.id, title: post.title, url: `${blogPostPath(post)}#comment-${c.id}` },
            excerpt: plainExcerpt(data.body, 300),
            groupKey: `blog_comment:blog_post:${post.id}`,
          })
        : null;
      return { comment: c, notified: n };
    });
    if (notified) notifications?.deliver(notified);
    const view = { id: comment.id, postId: post.id, parentId: comment.parentId, bodyHtml: comment.bodyHtml, createdAt: comment.createdAt, author: comment.author };
    changes.changed(["lists", `blogpost:${post.id}`]);
    publisher.publish(blogPostRoom(post.id), "blog:comment", view);
    return { comment: view, url: `${blogPostPath(post)}#comment-${comment.id}` };
  }

  /**
   * Removes a comment (with its replies): its author, the post's author on their own blog, or a facilitator
   * (keeping spam out).
   */
  async function deleteComment(caller: Caller, input: unknown) {
    const me = requireMember(caller);
    const { commentId } = validate(commentRefSchema, input);
    const comment = await db.blogComment.findUnique({ where: { id: commentId }, include: { post: { include: { author: { select: authorSelect } } } } });
    if (!comment) throw new NotFound("Comment");
    const post = comment.post;
    if (comment.authorId !== me.id && post.authorId !== me.id && !isFacilitator(me)) throw new Forbidden("Only the comment's author, the post's author or a facilitator can remove a comment");
    await db.$transaction(async (tx) => {
      const replies = await tx.blogComment.count({ where: { parentId: comment.id } });
      await tx.blogComment.delete({ where: { id: comment.id } });
      await tx.blogPost.update({ where: { id: post.id }, data: { commentCount: { decrement: 1 + replies } } });
      if (isFacilitator(me) && comment.authorId !== me.id) await tx.moderationAction.create({ data: { actorId: me.id, action: "delete-blog-comment", subject: `blog_comment:${comment.id}`, detail: comment.bodySource.slice(0, 200) } });
    });
    changes.changed(["lists", `blogpost:${post.id}`]);
    publisher.publish(blogPostRoom(post.id), "blog:comment-removed", { postId: post.id, commentId: comment.id });
    return { url: `${blogPostPath(post)}#comments-heading` };
  }

  async function toggleLike(caller: Caller, input: unknown) {
    const me = requireMember(caller);
    const { postId } = validate(blogPostRefSchema, input);
    const post = await findVisible(me, postId);
    if (post.status !== "published") throw new UserError("Only published posts can be liked", 409);
    if (post.authorId === me.id) throw new UserError("You cannot like your own post", 409);
    const result = await db.$transaction(async (tx) => {
      const removed = await tx.blogLike.deleteMany({ where: { postId, userId: me.id } });
      if (removed.count) return { liked: false, likeCount: (await tx.blogPost.update({ where: { id: postId }, data: { likeCount: { decrement: 1 } }, select: { likeCount: true } })).likeCount };
      const added = await tx.blogLike.createMany({ data: [{ postId, userId: me.id }], skipDuplicates: true });
      if (!added.count) return { liked: true, likeCount: (await tx.blogPost.findUniqueOrThrow({ where: { id: postId }, select: { likeCount: true } })).likeCount };
      return { liked: true, likeCount: (await tx.blogPost.update({ where: { id: postId }, data: { likeCount: { increment: 1 } }, select: { likeCount: true } })).likeCount };
    });
    changes.changed([`blogpost:${postId}`]);
    publisher.publish(blogPostRoom(postId), "blog:liked", { postId, likeCount: result.likeCount });
    return { postId, ...result, url: blogPostPath(post) };
  }

  /** For the socket gateway: the post must be one the caller may read. */
  async function locatePost(caller: Caller, postId: number) {
    const post = await findVisible(caller, postId);
    return { postId: post.id };
  }

  return {
    listPosts,
    memberBlog,
    recentPostsBy,
    newsList,
    getPost,
    newPostForm,
    getForEdit,
    previewPost,
    savePost,
    publishDuePosts,
    startScheduler,
    deletePost,
    getRevisions,
    coverImage,
    addComment,
    deleteComment,
    toggleLike,
    locatePost,
  };
}

export type Blogs = ReturnType<typeof createBlogs>;
