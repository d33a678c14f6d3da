// npm run db:migrate -- --name add_something
// Creates a migration from the difference between schema.prisma and prisma/migrations, using a throwaway
// in-memory PGlite (diffs through adapter-pg fail on some column types). Apply happens at server start.
import { parseArgs } from "node:util";
import { openDriver } from "../../server/db/adapters.ts";
import { applyMigrations, createMigration } from "../../server/db/migrate.ts";

const { values } = parseArgs({ options: { name: { type: "string" } } });
if (!values.name || !/^[a-z0-9_]+$/.test(values.name)) {
  process.stderr.write("Usage: npm run db:migrate -- --name snake_case_name\n");
  process.exit(1);
}
const driver = await openDriver({ dataDir: "memory://" });
try {
  await applyMigrations(driver.factory);
  const created = await createMigration(driver.factory, values.name);
  process.stdout.write(created ? `Created prisma/migrations/${created}\n` : "No schema changes: no migration created.\n");
} finally {
  await driver.close();
}
