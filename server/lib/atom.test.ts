import { describe, expect, it } from "vitest";
import { absoluteUrl, buildAtom, escapeXml } from "./atom.ts";

describe("atom builder", () => {
  it("escapes markup and drops characters XML cannot hold", () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>\u0000\u001f`)).toBe("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;");
  });

  it("makes links absolute against the origin, with or without a trailing slash", () => {
    expect(absoluteUrl("https://community.example.org", "/news/1-update")).toBe("https://community.example.org/news/1-update");
    expect(absoluteUrl("https://community.example.org/", "/news")).toBe("https://community.example.org/news");
    expect(absoluteUrl("https://community.example.org", "https://elsewhere.example/x")).toBe("https://elsewhere.example/x");
  });

  it("builds a feed whose ids, links and content links are absolute and whose updated is the newest entry", () => {
    const xml = buildAtom({
      origin: "https://community.example.org",
      selfPath: "/news/feed.xml",
      alternatePath: "/news",
      title: "News & views",
      entries: [
        { url: "/news/2-two", title: "Two", updated: new Date("2010-04-06T08:00:00Z"), contentHtml: `<a href="/members/amina">Amina</a> <a href="//cdn.example/x">cdn</a>` },
        { url: "/news/1-one", title: "One", updated: new Date("2010-03-30T08:00:00Z") },
      ],
    });
    expect(xml).toContain(`<link rel="self" type="application/atom+xml" href="https://community.example.org/news/feed.xml"/>`);
    expect(xml).toContain("<title type=\"text\">News &amp; views</title>");
    expect(xml).toContain("<id>https://community.example.org/news/2-two</id>");
    expect(xml).toContain("<updated>2010-04-06T08:00:00.000Z</updated>\n  <author>");
    expect(xml).toContain("href=&quot;https://community.example.org/members/amina&quot;");
    // Protocol-relative links are left alone.
    expect(xml).toContain("href=&quot;//cdn.example/x&quot;");
  });
});
