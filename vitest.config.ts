import { defineConfig } from "vitest/config";

// Integration suites start real servers (PGlite or PostgreSQL), so files run in separate forked processes.
const execArgv = ["--experimental-wasm-modules", "--no-warnings=ExperimentalWarning"];

export default defineConfig({
  test: {
    globalSetup: ["tests/fixtures/global-setup.ts"],
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["server/**/*.test.ts", "app/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: { name: "integration", include: ["tests/integration/**/*.test.ts"], pool: "forks", execArgv, testTimeout: 30_000, hookTimeout: 60_000 },
      },
      {
        extends: true,
        test: { name: "e2e", include: ["tests/e2e/**/*.test.ts"], pool: "forks", execArgv, testTimeout: 60_000, hookTimeout: 90_000, fileParallelism: false },
      },
    ],
  },
});
