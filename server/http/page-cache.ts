import zlib from "node:zlib";
import type express from "express";

/**
 * Whole-page cache for visitors who are not signed in (most readers of a community). Entries are tagged
 * and dropped the moment content changes (see ContentChanges), so a page is never served stale after a
 * reply in this process; other processes hear about changes through Socket.IO's server-side events.
 */
export interface CachedPage {
  status: number;
  headers: [string, string][];
  body: Buffer;
  tag: string;
  /** Compressed copies, made on first request for each encoding. */
  br?: Buffer;
  gzip?: Buffer;
}

export type Encoding = "br" | "gzip" | "identity";

const THREAD_PATH = /^\/forums\/[^/]+\/t\/(\d+)(?:-[^/]*)?$/;
const CACHEABLE = [/^\/$/, /^\/forums$/, /^\/forums\/[^/]+$/, THREAD_PATH, /^\/members\/[^/]+$/];
const SESSION_COOKIE = /(?:^|;\s*)tpc_session=/;

export class PageCache {
  private pages = new Map<string, CachedPage>();
  private bytes = 0;
  /** Bumped on every invalidation; a render that saw an older generation is not stored. */
  generation = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  /** Only anonymous GETs of public pages are cached; anything with a session cookie is rendered live. */
  static keyFor(req: express.Request): string | null {
    if (req.method !== "GET") return null;
    if (SESSION_COOKIE.test(req.headers.cookie ?? "")) return null;
    const path = req.path;
    if (!CACHEABLE.some((re) => re.test(path))) return null;
    return req.originalUrl;
  }

  /** Brotli when the client takes it, else gzip, else none (q=0 means "not acceptable"). */
  static pickEncoding(acceptEncoding: string | undefined): Encoding {
    const accepted = new Set(
      (acceptEncoding ?? "")
        .split(",")
        .map((part) => part.trim().split(";"))
        .filter(([, q]) => !q || !/^q=0(\.0*)?$/.test(q.trim()))
        .map(([name]) => name.trim().toLowerCase()),
    );
    return accepted.has("br") ? "br" : accepted.has("gzip") ? "gzip" : "identity";
  }

  static encoded(page: CachedPage, encoding: Encoding): Buffer {
    if (encoding === "br") return (page.br ??= zlib.brotliCompressSync(page.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }));
    if (encoding === "gzip") return (page.gzip ??= zlib.gzipSync(page.body, { level: 6 }));
    return page.body;
  }

  static tagFor(path: string): string {
    const m = THREAD_PATH.exec(path);
    return m ? `thread:${m[1]}` : "lists";
  }

  get(key: string) {
    const page = this.pages.get(key);
    if (page) {
      // Map order doubles as recency order for eviction.
      this.pages.delete(key);
      this.pages.set(key, page);
    }
    return page;
  }

  set(key: string, page: CachedPage, seenGeneration: number) {
    if (seenGeneration !== this.generation) return;
    this.delete(key);
    this.pages.set(key, page);
    this.bytes += page.body.length;
    for (const [k] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(k);
    }
  }

  /** Drops pages: "all", "lists" (forum lists, home, profiles), or "thread:<id>". */
  invalidate(tags: string[]) {
    this.generation++;
    if (tags.includes("all")) {
      this.pages.clear();
      this.bytes = 0;
      return;
    }
    for (const [k, page] of this.pages) if (tags.includes(page.tag)) this.delete(k);
  }

  get size() {
    return this.pages.size;
  }

  private delete(key: string) {
    const old = this.pages.get(key);
    if (!old) return;
    this.bytes -= old.body.length;
    this.pages.delete(key);
  }
}

/**
 * Express handler: answers cacheable anonymous GETs from the cache, rendering (through `render`, the Remix
 * fetch handler with a visitor's context) and storing on a miss; everything else goes on to `next`.
 */
export function servePageCache(cache: PageCache, render: (request: Request, ip: string) => Promise<Response>): express.RequestHandler {
  return async (req, res, next) => {
    const key = PageCache.keyFor(req);
    if (!key) return next();
    try {
      let page = cache.get(key);
      res.setHeader("X-Page-Cache", page ? "hit" : "miss");
      if (!page) {
        const generation = cache.generation;
        // Only headers that cannot make the page personal reach the render.
        const headers = new Headers();
        for (const name of ["accept", "accept-language", "user-agent"]) {
          const value = req.headers[name];
          if (typeof value === "string") headers.set(name, value);
        }
        const url = new URL(req.originalUrl, `${req.protocol}://${req.get("host") ?? "localhost"}`);
        const response = await render(new Request(url, { headers }), req.ip ?? "unknown");
        page = { status: response.status, headers: [...response.headers], body: Buffer.from(await response.arrayBuffer()), tag: PageCache.tagFor(req.path) };
        if (response.status === 200 && !response.headers.has("set-cookie")) cache.set(key, page, generation);
      }
      res.status(page.status);
      for (const [name, value] of page.headers) if (name !== "content-length" && name !== "content-encoding") res.append(name, value);
      res.setHeader("Vary", "Cookie, Accept-Encoding");
      res.setHeader("Cache-Control", "no-cache");
      // Compressed once per cached page, not once per request (the compression middleware skips encoded bodies).
      const encoding = PageCache.pickEncoding(req.headers["accept-encoding"]);
      if (encoding !== "identity") res.setHeader("Content-Encoding", encoding);
      res.end(PageCache.encoded(page, encoding));
    } catch (error) {
      next(error);
    }
  };
}
