/**
 * A small Atom 1.0 (RFC 4287) builder. Takes a plain list of entries, so any module can publish a feed;
 * every link is made absolute against `origin`, and all text is XML-escaped.
 */
export interface AtomEntry {
  /** Site path ("/blogs/amina/3-title") or absolute URL of the entry's page. */
  url: string;
  title: string;
  updated: Date;
  published?: Date;
  author?: string;
  /** Plain-text summary. */
  summary?: string;
  /** Sanitized HTML (our stored bodyHtml); relative links in it are resolved against `origin` by readers via xml:base. */
  contentHtml?: string;
  categories?: string[];
  /** Stable id; defaults to the absolute URL. */
  id?: string;
}

export interface AtomFeed {
  /** Absolute origin ("https://community.example.org"), from PUBLIC_URL or the request. */
  origin: string;
  /** Site path of the feed itself ("/news/feed.xml"). */
  selfPath: string;
  /** Site path of the page the feed mirrors ("/news"). */
  alternatePath: string;
  title: string;
  subtitle?: string;
  entries: AtomEntry[];
  /** When the feed has no entries. */
  updated?: Date;
}

// Characters XML 1.0 forbids outright (control characters) are dropped rather than escaped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text.replace(INVALID_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

export function absoluteUrl(origin: string, pathOrUrl: string): string {
  return new URL(pathOrUrl, origin.endsWith("/") ? origin : `${origin}/`).toString();
}

/** Site-relative href/src attributes in stored HTML made absolute, for readers that ignore xml:base. */
function absoluteLinks(origin: string, html: string) {
  const base = origin.replace(/\/+$/, "");
  return html.replace(/\b(href|src)="\/(?!\/)/g, `$1="${base}/`);
}

export function buildAtom(feed: AtomFeed): string {
  const abs = (p: string) => escapeXml(absoluteUrl(feed.origin, p));
  const newest = feed.entries.reduce<Date | undefined>((max, e) => (!max || e.updated > max ? e.updated : max), undefined);
  const updated = (newest ?? feed.updated ?? new Date(0)).toISOString();
  const entries = feed.entries.map((e) => {
    const url = absoluteUrl(feed.origin, e.url);
    return [
      "  <entry>",
      `    <id>${escapeXml(e.id ?? url)}</id>`,
      `    <title type="text">${escapeXml(e.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(url)}"/>`,
      `    <updated>${e.updated.toISOString()}</updated>`,
      e.published ? `    <published>${e.published.toISOString()}</published>` : null,
      e.author ? `    <author><name>${escapeXml(e.author)}</name></author>` : null,
      ...(e.categories ?? []).map((c) => `    <category term="${escapeXml(c)}"/>`),
      e.summary ? `    <summary type="text">${escapeXml(e.summary)}</summary>` : null,
      e.contentHtml ? `    <content type="html" xml:base="${escapeXml(url)}">${escapeXml(absoluteLinks(feed.origin, e.contentHtml))}</content>` : null,
      "  </entry>",
    ]
      .filter((l): l is string => l !== null)
      .join("\n");
  });
  return [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom">`,
    `  <id>${abs(feed.selfPath)}</id>`,
    `  <title type="text">${escapeXml(feed.title)}</title>`,
    feed.subtitle ? `  <subtitle type="text">${escapeXml(feed.subtitle)}</subtitle>` : null,
    `  <link rel="self" type="application/atom+xml" href="${abs(feed.selfPath)}"/>`,
    `  <link rel="alternate" type="text/html" href="${abs(feed.alternatePath)}"/>`,
    `  <updated>${updated}</updated>`,
    // Atom requires an author for entries without one; the community itself stands in.
    `  <author><name>Total Place Community</name></author>`,
    ...entries,
    `</feed>`,
    "",
  ]
    .filter((l): l is string => l !== null)
    .join("\n");
}
