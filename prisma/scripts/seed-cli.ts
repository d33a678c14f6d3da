// npm run db:seed — adds the demo community to an empty database (embedded, or DATABASE_URL when set).
import { parseConfig } from "../../server/config.ts";
import { openDatabase } from "../../server/db/database.ts";
import { createLogger } from "../../server/logger.ts";
import { createAuth } from "../../server/modules/auth/auth.ts";
import { createLucia } from "../../server/modules/auth/lucia.ts";
import { createFileStore } from "../../server/storage/file-store.ts";
import { demoAccounts, seedDemoContent } from "../seed.ts";

const config = parseConfig();
const log = createLogger(config.logLevel);
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
try {
  const files = createFileStore(config.dataDir);
  const auth = createAuth({ db: database.prisma, log, publisher: { publish() {} }, changes: { changed() {} }, files, lucia: createLucia(database.prisma, { secure: false }) });
  if (await seedDemoContent(database.prisma, log, { hashPassword: auth.hashPassword, files })) log.info(demoAccounts(), "demo accounts");
} finally {
  await database.close();
}
