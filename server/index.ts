import { ConfigError, parseConfig } from "./config.ts";
import { startServer } from "./app.ts";
import { createLogger } from "./logger.ts";

let config;
try {
  config = parseConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const log = createLogger(config.logLevel);
const server = await startServer(config, log);
log.info({ url: server.url, database: config.databaseUrl ? "postgresql" : `embedded (${config.dataDir})` }, `Total Place Community is running at ${server.url}`);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    try {
      await server.close();
      log.info("stopped cleanly");
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  });
}
