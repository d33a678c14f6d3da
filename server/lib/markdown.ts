import createDOMPurify from "dompurify";
import { JSDOM } from "jsdom";
import { Marked } from "marked";

/**
 * Markdown → safe HTML, done once at write time (posts store source and sanitized HTML).
 * DOMPurify runs on a jsdom window; only a small allow-list of tags and attributes survives, so no script,
 * event handler, javascript: URL, style or iframe can reach a page whatever the input.
 */
const window = new JSDOM("").window;
const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);

const ALLOWED_TAGS = [
  "p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li",
  "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td", "span",
];
const ALLOWED_ATTR = ["href", "title", "class", "rel", "start", "align"];

purify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A") {
    const href = node.getAttribute("href") ?? "";
    const internal = href.startsWith("/") && !href.startsWith("//");
    if (!internal) {
      node.setAttribute("rel", "nofollow ugc noopener");
    } else {
      node.removeAttribute("rel");
    }
    node.setAttribute("class", "govuk-link");
  }
  if (node.hasAttribute("class")) {
    // Only our own classes; user-supplied class names could mimic interface elements.
    const allowed = (node.getAttribute("class") ?? "").split(/\s+/).filter((c) => /^(govuk-link|mention)$/.test(c));
    if (allowed.length) node.setAttribute("class", allowed.join(" "));
    else node.removeAttribute("class");
  }
});

const marked = new Marked({ gfm: true, breaks: true, async: false });
// Headings inside posts start at h2 so the page's own h1 stays the only one.
marked.use({
  renderer: {
    heading({ tokens, depth }) {
      const level = Math.min(4, Math.max(2, depth + 1));
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
  },
});

const MENTION = /(^|[^\w@/])@([a-z0-9][a-z0-9_-]{2,29})\b/gi;

/** Handles mentioned as @handle in Markdown source (outside code), lower-cased and unique. */
export function findMentions(source: string): string[] {
  const withoutCode = source.replace(/```[\s\S]*?```/g, "").replace(/`[^`]*`/g, "");
  const found = new Set<string>();
  for (const m of withoutCode.matchAll(MENTION)) found.add(m[2].toLowerCase());
  return [...found];
}

/**
 * Renders Markdown to sanitized HTML. Mentions of handles in `knownHandles` become profile links;
 * other @words stay plain text.
 */
export function renderMarkdown(source: string, knownHandles: ReadonlySet<string> = new Set()): string {
  const html = marked.parse(source) as string;
  const options = { ALLOWED_TAGS, ALLOWED_ATTR, ALLOW_DATA_ATTR: false };
  if (!knownHandles.size || !source.includes("@")) return purify.sanitize(html, options);
  // Link mentions in text nodes only (never inside code, pre or existing links), on the sanitized tree.
  const body = purify.sanitize(html, { ...options, RETURN_DOM: true }) as HTMLElement;
  const doc = body.ownerDocument;
  const walker = doc.createTreeWalker(body, 4 /* SHOW_TEXT */);
  const texts: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text);
  for (const text of texts) {
    if (text.parentElement?.closest("a, code, pre")) continue;
    const value = text.data;
    if (!value.includes("@")) continue;
    const frag = doc.createDocumentFragment();
    let last = 0;
    for (const m of value.matchAll(MENTION)) {
      const handle = m[2].toLowerCase();
      if (!knownHandles.has(handle)) continue;
      const start = (m.index ?? 0) + m[1].length;
      frag.append(value.slice(last, start));
      const a = doc.createElement("a");
      a.setAttribute("href", `/members/${handle}`);
      a.setAttribute("class", "govuk-link mention");
      a.textContent = `@${m[2]}`;
      frag.append(a);
      last = start + 1 + m[2].length;
    }
    if (last === 0) continue;
    frag.append(value.slice(last));
    text.replaceWith(frag);
  }
  return body.innerHTML;
}

/** Plain-text excerpt of Markdown for quotes, titles and previews. */
export function plainExcerpt(source: string, max = 280): string {
  const text = source
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/^>.*$/gm, " ")
    .replace(/[#*_`>|[\]()!-]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > max ? text.slice(0, max - 1).trimEnd() + "…" : text;
}
