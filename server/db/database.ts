import type { Logger } from "../logger.ts";
import { openDriver, type DatabaseKind } from "./adapters.ts";
import { PrismaClient, type Prisma } from "./generated/client.ts";
import { applyMigrations } from "./migrate.ts";

export type { PrismaClient };
export type Db = PrismaClient;
/** The client inside an interactive transaction. */
export type Tx = Prisma.TransactionClient;

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  close(): Promise<void>;
}

/** Opens the database, applies pending migrations, and returns the one Prisma client of this process. */
export async function openDatabase(opts: { databaseUrl?: string; dataDir: string; log: Logger }): Promise<Database> {
  const driver = await openDriver(opts);
  const applied = await applyMigrations(driver.factory, (line) => opts.log.trace({ engine: line }, "schema engine"));
  if (applied.length) opts.log.info({ applied }, "applied database migrations");
  const prisma = new PrismaClient({ adapter: driver.factory });
  return {
    kind: driver.kind,
    prisma,
    async close() {
      await prisma.$disconnect();
      await driver.close();
    },
  };
}
