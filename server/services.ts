import type { Config } from "./config.ts";
import type { Database } from "./db/database.ts";
import type { Logger } from "./logger.ts";
import { createAuth } from "./modules/auth/auth.ts";
import { createLucia } from "./modules/auth/lucia.ts";
import type { ContentChanges, Publisher } from "./modules/deps.ts";
import { createEvents } from "./modules/events/events.ts";
import { createForums } from "./modules/forums/forums.ts";
// ── Library ──
import { createLibrary } from "./modules/library/library.ts";
import { createLive } from "./modules/live/live.ts";
import { createMembers, type ProfileContent } from "./modules/members/members.ts";
import { createNotifications } from "./modules/notifications/notifications.ts";
// ── Search ──
import { createSearch } from "./modules/search/search.ts";
import { createSearchEngine } from "./search/index.ts";
import { createSearchIndexer } from "./search/indexer.ts";
import { searchSources } from "./search/sources.ts";
import { createFileStore } from "./storage/file-store.ts";
// ── Blogs, news, feeds and home ──
import { createBlogs } from "./modules/blogs/blogs.ts";
import { createFeeds } from "./modules/feeds/feeds.ts";
import { createHome } from "./modules/home/home.ts";

/** Builds every use-case module once per process around the one database client. */
export function buildServices(opts: { config: Config; database: Database; log: Logger; publisher: Publisher; changes: ContentChanges }) {
  const { config, database, log, publisher, changes } = opts;
  const files = createFileStore(config.dataDir);
  const deps = { db: database.prisma, log, publisher, changes, files };
  const lucia = createLucia(database.prisma, { secure: config.sessionSecure });
  // Notifications first: forums and events tell it about their writes.
  const notifications = createNotifications({ ...deps, config });
  const forums = createForums({ ...deps, notifications });
  // ── Search: one engine per process (chosen from config), fed by the outbox worker ──
  const searchEngine = createSearchEngine(config, database.prisma);
  const searchIndexer = createSearchIndexer({ db: database.prisma, engine: searchEngine, sources: searchSources, log });
  const services = {
    config,
    db: database.prisma,
    files,
    auth: createAuth({ ...deps, lucia }),
    forums,
    events: createEvents({ ...deps, forums }),
    live: createLive({ ...deps, notifications }),
    // Profiles list the member's blog posts and library documents (read when a profile is asked for).
    members: createMembers({ ...deps, profileContent: (): ProfileContent => services }),
    notifications,
    // ── Library ── (discussions are threads in the forums module)
    library: createLibrary({ ...deps, forums, notifications, publicUrl: config.publicUrl }),
    // ── Blogs, news, feeds and home ──
    // Blogs tell watchers about new posts, register the "blog" watch target and the weekly-update digest section.
    blogs: createBlogs({ ...deps, notifications }),
    feeds: createFeeds(deps, { publicUrl: config.publicUrl }),
    home: createHome(deps),
    // ── Search ──
    search: createSearch({ engine: searchEngine, log }),
    searchIndexer,
  };
  return services;
}

export type Services = ReturnType<typeof buildServices>;
