import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";

export type DatabaseKind = "pglite" | "postgres";

export interface DriverHandle {
  kind: DatabaseKind;
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Closes the underlying driver (PGlite flushes and closes its files). */
  close(): Promise<void>;
}

/** Opens the embedded PGlite database under dataDir, or a PostgreSQL pool when a URL is given. */
export async function openDriver(opts: { databaseUrl?: string; dataDir: string }): Promise<DriverHandle> {
  if (opts.databaseUrl) {
    const factory = new PrismaPg({ connectionString: opts.databaseUrl, max: 10 });
    return { kind: "postgres", factory: awaitWholeScripts(factory), close: async () => {} };
  }
  const dir = opts.dataDir === "memory://" ? "memory://" : path.join(opts.dataDir, "pglite");
  if (dir !== "memory://") fs.mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create({ dataDir: dir, extensions: { pg_trgm } });
  return {
    kind: "pglite",
    factory: awaitWholeScripts(new PrismaPGlite(pglite)),
    close: async () => {
      if (!pglite.closed) await pglite.close();
    },
  };
}

/**
 * Both published adapters run migration scripts badly: pglite-prisma-adapter 0.7.2 does not await
 * `exec` (a failing migration is recorded as applied) and adapter-pg splits on ";" (breaks functions).
 * Run the whole script in one awaited call on the raw driver instead.
 */
function awaitWholeScripts(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  const patch = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const raw = (adapter as unknown as { client: { exec?: (s: string) => Promise<unknown>; query: (s: string) => Promise<unknown> } }).client;
    const onError = (adapter as unknown as { onError: (e: unknown) => never }).onError.bind(adapter);
    adapter.executeScript = async (script: string) => {
      try {
        if (typeof raw.exec === "function") await raw.exec(script);
        else await raw.query(script);
      } catch (error) {
        onError(error);
      }
    };
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => patch(await factory.connect()),
    connectToShadowDb: async () => patch(await factory.connectToShadowDb()),
  };
}
