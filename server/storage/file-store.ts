import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/**
 * Uploaded files under DATA_DIR/uploads, named by a random key (never by the uploader's file name, so
 * nothing a member names can reach another path). Writes go to a temporary file first and are renamed
 * into place only when complete, so a failed or abandoned upload leaves nothing half-stored.
 */
export interface StoredFile {
  key: string;
  size: number;
  sha256: string;
}

const KEY = /^[a-z0-9-]+\/[0-9a-f-]{36}(\.[a-z0-9]{1,8})?$/;

export function createFileStore(dataDir: string) {
  const root = path.join(dataDir, "uploads");
  const tmp = path.join(root, ".incoming");

  function pathOf(key: string) {
    if (!KEY.test(key)) throw new Error(`Invalid file key: ${key}`);
    return path.join(root, key);
  }

  /** Stores bytes or a stream in `folder` ("library", "avatars", …), failing past `maxBytes`. */
  async function put(folder: string, source: Uint8Array | Readable, opts: { extension?: string; maxBytes?: number } = {}): Promise<StoredFile> {
    if (!/^[a-z0-9-]+$/.test(folder)) throw new Error(`Invalid folder: ${folder}`);
    const ext = opts.extension ? `.${opts.extension.toLowerCase().replace(/[^a-z0-9]/g, "").slice(0, 8)}` : "";
    const key = `${folder}/${randomUUID()}${ext}`;
    await mkdir(tmp, { recursive: true });
    await mkdir(path.join(root, folder), { recursive: true });
    const temp = path.join(tmp, randomUUID());
    const hash = createHash("sha256");
    let size = 0;
    const limit = opts.maxBytes ?? Number.POSITIVE_INFINITY;
    async function* counted(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>) {
      for await (const chunk of chunks) {
        size += chunk.byteLength;
        if (size > limit) throw new FileTooLarge(limit);
        hash.update(chunk);
        yield chunk;
      }
    }
    try {
      await pipeline(counted(source instanceof Uint8Array ? [source] : source), createWriteStream(temp));
      await rename(temp, pathOf(key));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { key, size, sha256: hash.digest("hex") };
  }

  return {
    root,
    put,
    pathOf,
    read: (key: string, range?: { start: number; end: number }) => createReadStream(pathOf(key), range),
    size: async (key: string) => (await stat(pathOf(key))).size,
    remove: (key: string) => rm(pathOf(key), { force: true }),
  };
}

export class FileTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`File is larger than ${limit} bytes`);
    this.name = "FileTooLarge";
  }
}

export type FileStore = ReturnType<typeof createFileStore>;
