import { createReadStream } from "node:fs";
import express from "express";
import type { Logger } from "../logger.ts";
import type { LibraryService } from "../modules/library/library.ts";

/**
 * Library downloads, served by Express rather than Remix so they stream from disk with Range support
 * and their own headers (a Remix response would append to, not replace, the app-wide frame headers).
 * Every file gets its stored type, `nosniff`, and `Content-Disposition: attachment` unless it is a PDF or
 * a raster image asked for inline; nothing uploaded is ever served as HTML or SVG inline.
 */
export function libraryFileRoutes(library: LibraryService, log: Logger) {
  const router = express.Router();

  async function serve(req: express.Request, res: express.Response, documentId: string, versionId: string | undefined, inline: boolean, countable: boolean) {
    const range = parseRange(req.headers.range);
    let file;
    try {
      // A reader's PDF viewer fetches a file in many ranges: count only the request that starts it. The
      // preview frame on the document page is not a download.
      file = await library.openFile(null, { documentId, versionId, inline, count: countable && req.method === "GET" && (!range || range.start === 0) });
    } catch (error) {
      if (error instanceof Error && error.name === "UserError") return res.status(404).type("text/plain").send("File not found.");
      throw error;
    }
    const disposition = file.inline ? "inline" : "attachment";
    const asciiName = file.fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
    res.setHeader("Content-Type", file.mime);
    res.setHeader("Content-Disposition", `${disposition}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Cache-Control", "private, max-age=300, no-transform");
    res.setHeader("Accept-Ranges", "bytes");
    if (file.inline) {
      // The document page shows PDFs in a frame: allow this same site to frame the file, and nothing else.
      res.setHeader("X-Frame-Options", "SAMEORIGIN");
      res.setHeader("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'");
    } else {
      res.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; sandbox");
    }
    let start = 0;
    let end = file.size - 1;
    if (range) {
      if (range.start >= file.size || (range.end != null && range.end < range.start)) {
        res.setHeader("Content-Range", `bytes */${file.size}`);
        return res.status(416).end();
      }
      start = range.start;
      end = Math.min(range.end ?? file.size - 1, file.size - 1);
      res.status(206).setHeader("Content-Range", `bytes ${start}-${end}/${file.size}`);
    }
    res.setHeader("Content-Length", String(Math.max(0, end - start + 1)));
    if (req.method === "HEAD" || file.size === 0) return res.end();
    const stream = createReadStream(file.path, { start, end });
    stream.on("error", (error) => {
      log.error({ err: error, documentId }, "library file read failed");
      if (!res.headersSent) res.status(500).end();
      else res.destroy();
    });
    stream.pipe(res);
  }

  const wrap = (fn: (req: express.Request, res: express.Response) => Promise<unknown>) => (req: express.Request, res: express.Response, next: express.NextFunction) => {
    fn(req, res).catch(next);
  };

  router.get(
    "/library/:documentId(\\d+)/files/:versionId(\\d+)",
    wrap((req, res) => serve(req, res, req.params.documentId, req.params.versionId, req.query.inline === "1", req.query.inline !== "1")),
  );
  // The current version, opened inline where it can be ("/library/5-guide/file#page=12" from search hits).
  router.get(
    "/library/:ref/file",
    wrap(async (req, res) => {
      const id = /^(\d+)(-|$)/.exec(req.params.ref)?.[1];
      if (!id) return res.status(404).type("text/plain").send("File not found.");
      return serve(req, res, id, undefined, true, true);
    }),
  );
  return router;
}

/** A single "bytes=start-end" range; anything else (multiple ranges, suffix ranges) is served whole. */
function parseRange(header: string | undefined) {
  const m = header ? /^bytes=(\d+)-(\d*)$/.exec(header.trim()) : null;
  if (!m) return null;
  return { start: Number(m[1]), end: m[2] ? Number(m[2]) : null };
}
