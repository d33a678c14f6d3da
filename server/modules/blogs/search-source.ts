import type { SearchSource } from "../../search/record.ts";
import { plainExcerpt } from "../../lib/markdown.ts";
import { blogPostPath } from "./blogs.ts";

/** Published blog and news posts, one record each; drafts, scheduled and deleted posts index as nothing. */
export const blogSearchSource: SearchSource = {
  entityType: "blog_post",
  async records(db, entityId) {
    const id = Number(entityId);
    if (!Number.isInteger(id) || id < 1) return [];
    const p = await db.blogPost.findUnique({ where: { id }, include: { author: { select: { handle: true, fullName: true } } } });
    if (!p || p.status !== "published") return [];
    const body = [p.highlights.join(". "), plainExcerpt(p.bodySource, 19_000), p.tags.join(", ")].filter(Boolean).join("\n");
    return [
      {
        id: `blog_post:${p.id}`,
        entity: `blog_post:${p.id}`,
        type: "blog",
        title: p.title,
        body,
        url: blogPostPath(p),
        themes: [],
        places: [],
        date: p.publishedAt ?? p.createdAt,
        visibility: "public",
        context: p.blog === "news" ? "News" : `${p.author.fullName}'s blog`,
      },
    ];
  },
  async *allIds(db) {
    let after = 0;
    for (;;) {
      const rows = await db.blogPost.findMany({ where: { status: "published", id: { gt: after } }, orderBy: { id: "asc" }, take: 500, select: { id: true } });
      if (!rows.length) return;
      yield rows.map((r) => String(r.id));
      after = rows[rows.length - 1].id;
    }
  },
};
