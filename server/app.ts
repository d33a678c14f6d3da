import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { createRequestHandler as createFetchHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { Config } from "./config.ts";
import { openDatabase } from "./db/database.ts";
import { PageCache, servePageCache } from "./http/page-cache.ts";
// ── Library ──
import { libraryFileRoutes } from "./http/library-files.ts";
import type { Logger } from "./logger.ts";
import type { Publisher } from "./modules/deps.ts";
import { isSameOrigin } from "./origin.ts";
import { attachRealtime } from "./realtime/gateway.ts";
import { buildServices } from "./services.ts";
import "./context.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface RunningServer {
  url: string;
  port: number;
  services: ReturnType<typeof buildServices>;
  close(): Promise<void>;
}

/** Opens the database, builds the services, and serves Remix and Socket.IO on one HTTP server. */
export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  const realtimeRef: { publish?: Publisher["publish"]; tellOtherServers?: (event: string, payload: unknown) => void } = {};
  const pageCache = new PageCache();
  const services = buildServices({
    config,
    database,
    log,
    // Realtime attaches after the HTTP server exists; writes before that have no one to tell.
    publisher: { publish: (room, event, payload, opts) => realtimeRef.publish?.(room, event, payload, opts) },
    changes: {
      changed(tags) {
        pageCache.invalidate(tags);
        realtimeRef.tellOtherServers?.("pages:invalidate", tags);
      },
    },
  });

  // ── Search: settings applied (and awaited) at start, then the outbox worker drains in the background ──
  await services.searchIndexer.start();

  const shouldSeed = config.seed === "always" || (config.seed === "auto" && database.kind === "pglite");
  if (shouldSeed) {
    // Loaded only when needed: production starts never read the demo data.
    const { demoAccounts, seedDemoContent } = await import("../prisma/seed.ts");
    if ((await database.prisma.user.count()) === 0) {
      await seedDemoContent(database.prisma, log, { hashPassword: services.auth.hashPassword, files: services.files });
      // ── Search: demo content is written without going through the outbox everywhere; index all of it once ──
      const { reindexAll } = await import("./search/reindex.ts");
      const { searchSources } = await import("./search/sources.ts");
      await reindexAll({ db: database.prisma, engine: services.searchIndexer.engine, sources: searchSources }).catch((error: unknown) => log.error({ err: error }, "indexing the demo content failed"));
    }
    if (config.seed === "auto") log.info(demoAccounts(), "demo accounts (embedded database)");
  }

  const buildPath = path.join(root, "build/index.js");
  if (!fs.existsSync(buildPath)) throw new Error("The app is not built: run `npm run build` first (npm start does this).");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader(
      "Content-Security-Policy",
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    );
    next();
  });
  app.use(compression());
  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));

  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
  app.get("/healthz", async (_req, res) => {
    try {
      await database.prisma.$queryRaw`SELECT 1`;
      // ── Search: engine reachability, settings and outbox backlog (a search outage does not fail the check) ──
      const search = await services.searchIndexer.status().catch((error: unknown) => ({ ok: false, detail: String(error) }));
      res.json({ status: "ok", database: database.kind, search });
    } catch (error) {
      log.error({ err: error }, "health check failed");
      res.status(503).json({ status: "error", database: database.kind });
    }
  });

  // Same-origin check on every mutation, before anything reads the body.
  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    // RFC 8058 one-click unsubscribe: mail clients POST it from elsewhere; it carries its own signed token.
    if (req.path === "/unsubscribe/one-click") return next();
    if (isSameOrigin(req.headers, config.publicUrl)) return next();
    log.warn({ method: req.method, url: req.url, origin: req.headers.origin }, "cross-origin request refused");
    res.status(403).type("text/plain").send("Cross-origin request refused.");
  });

  // ── Library ── file downloads (before the page cache: they are not pages).
  app.use(libraryFileRoutes(services.library, log));

  const mode = config.env === "production" ? "production" : "development";
  const renderPage = createFetchHandler(build, mode);
  // Anonymous readers get cached pages; see server/http/page-cache.ts for what is cached and when it is dropped.
  app.get("*", servePageCache(pageCache, (request, ip) => renderPage(request, { services, caller: null, sessionId: null, ip })));

  // After the page cache, so cached pages cost no file-system check.
  app.use(express.static(path.join(root, "public"), { maxAge: "1h", index: false }));

  app.all(
    "*",
    createRequestHandler({
      build,
      mode,
      getLoadContext: async (req, res): Promise<AppLoadContext> => {
        const { user, session, setCookie } = await services.auth.sessionFromCookie(req.headers.cookie);
        if (setCookie) res.append("Set-Cookie", setCookie);
        return { services, caller: user, sessionId: session?.id ?? null, ip: req.ip ?? "unknown" };
      },
    }),
  );

  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    log.error({ err: error }, "unhandled request error");
    if (!res.headersSent) res.status(500).type("text/plain").send("Something went wrong.");
  });

  const httpServer = http.createServer(app);
  httpServer.keepAliveTimeout = 65_000;
  const realtime = await attachRealtime({ httpServer, services, log, redisUrl: config.redisUrl, redisPrefix: config.redisPrefix, publicUrl: config.publicUrl });
  realtimeRef.publish = realtime.publish;
  realtimeRef.tellOtherServers = realtime.tellOtherServers;
  realtime.onServerEvent("pages:invalidate", (tags) => {
    if (Array.isArray(tags)) pageCache.invalidate(tags.map(String));
  });

  // Background work: text extraction for the library, scheduled blog posts.
  services.library.extractionWorker.start();
  const stopBlogScheduler = services.blogs.startScheduler();

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  services.notifications.start({ baseUrl: url });

  let closing: Promise<void> | null = null;
  async function close() {
    closing ??= (async () => {
      // Stop accepting, let in-flight requests finish (up to 10 s), close sockets, then the database.
      await services.notifications.stop();
      const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      stopBlogScheduler();
      await services.library.extractionWorker.stop();
      // Armed before realtime.close(): Socket.IO's close also waits for the HTTP server, so a client holding
      // a connection open (an unread response body) would otherwise stall shutdown for good.
      const timer = setTimeout(() => httpServer.closeAllConnections(), 10_000);
      await realtime.close();
      await httpClosed;
      clearTimeout(timer);
      await services.searchIndexer.stop(); // ── Search ──
      await database.close();
    })();
    return closing;
  }

  return { url, port, services, close };
}
