import { Link } from "@remix-run/react";
import { formatDate, formatDateTime, plural } from "~/lib/format";

export interface BlogPostSummary {
  id: number;
  url: string;
  title: string;
  excerpt: string;
  tags: string[];
  status: string;
  blog: string;
  issueNumber: number | null;
  publishedAt: string | null;
  publishAt: string | null;
  likeCount: number;
  commentCount: number;
  author: { handle: string; fullName: string };
}

export function BlogPostList({ posts, showAuthor = true }: { posts: BlogPostSummary[]; showAuthor?: boolean }) {
  if (!posts.length) return <p className="govuk-body">No posts yet.</p>;
  return (
    <ul className="govuk-list tpc-thread-list">
      {posts.map((p) => (
        <li key={p.id} className="tpc-thread-list__item">
          {p.blog === "news" && p.issueNumber ? <span className="govuk-caption-s">Weekly update {p.issueNumber}</span> : null}
          <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
            <Link to={p.url} className="govuk-link">
              {p.title}
            </Link>
            {p.status !== "published" ? <strong className="govuk-tag govuk-tag--yellow tpc-tag tpc-tag--after">{p.status === "draft" ? "Draft" : "Scheduled"}</strong> : null}
          </h3>
          <p className="govuk-body-s govuk-!-margin-bottom-1">{p.excerpt}</p>
          <p className="govuk-body-s govuk-!-margin-bottom-0 tpc-muted">
            {showAuthor ? (
              <>
                <Link to={`/blogs/${p.author.handle}`} className="govuk-link govuk-link--muted">
                  {p.author.fullName}
                </Link>
                {" · "}
              </>
            ) : null}
            {p.publishedAt ? formatDate(p.publishedAt) : p.publishAt ? `to be published ${formatDateTime(p.publishAt)}` : "not published"} · {plural(p.commentCount, "comment")} · {plural(p.likeCount, "like")}
            {p.tags.length ? ` · ${p.tags.join(", ")}` : ""}
          </p>
        </li>
      ))}
    </ul>
  );
}
