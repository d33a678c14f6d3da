import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

/**
 * Applies and creates Prisma migrations offline through the WASM schema engine and our driver adapter,
 * so neither PGlite nor PostgreSQL needs the Prisma CLI's native engine (which downloads from outside npm).
 * Node 20 needs --experimental-wasm-modules to import the engine.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
export const prismaDir = path.resolve(here, "../../prisma");
const schemaPath = path.join(prismaDir, "schema.prisma");
const migrationsDir = path.join(prismaDir, "migrations");

const noFilters = { externalTables: [], externalEnums: [] };

function readMigrationsList() {
  const dirs = fs.existsSync(migrationsDir)
    ? fs
        .readdirSync(migrationsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: fs.existsSync(file)
            ? ({ tag: "ok", value: fs.readFileSync(file, "utf8") } as const)
            : ({ tag: "error", value: "migration.sql is missing" } as const),
        },
      };
    }),
  };
}

async function withEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  log: (line: string) => void,
  run: (engine: import("@prisma/schema-engine-wasm").SchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await import("@prisma/schema-engine-wasm");
  const schema = fs.readFileSync(schemaPath, "utf8");
  const engine = await SchemaEngine.new(
    { datamodels: [[schemaPath, schema]] },
    (line: string) => log(line),
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    return await run(engine);
  } finally {
    engine.free();
  }
}

export async function applyMigrations(factory: SqlMigrationAwareDriverAdapterFactory, log: (line: string) => void = () => {}) {
  return withEngine(factory, log, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList: readMigrationsList(), filters: noFilters });
    return out.appliedMigrationNames;
  });
}

/**
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql for the difference between the database the
 * factory points at (with every migration applied) and schema.prisma. The WASM engine has no shadow
 * database for PostgreSQL, so the caller applies the migrations to a throwaway database first.
 */
export async function createMigration(factory: SqlMigrationAwareDriverAdapterFactory, name: string, log: (line: string) => void = () => {}) {
  return withEngine(factory, log, async (engine) => {
    const schema = { path: schemaPath, content: fs.readFileSync(schemaPath, "utf8") };
    const out = await engine.diff({
      from: { tag: "schemaDatasource", files: [schema], configDir: prismaDir },
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    const script = (out.stdout ?? "").trim();
    if (!script || script === "-- This is an empty migration.") return null;
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dirName = `${stamp}_${name}`;
    fs.mkdirSync(path.join(migrationsDir, dirName), { recursive: true });
    fs.writeFileSync(path.join(migrationsDir, dirName, "migration.sql"), script + "\n");
    const lock = path.join(migrationsDir, "migration_lock.toml");
    if (!fs.existsSync(lock)) fs.writeFileSync(lock, 'provider = "postgresql"\n');
    return dirName;
  });
}
