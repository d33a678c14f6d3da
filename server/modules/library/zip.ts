import { Inflate } from "fflate";

/**
 * A small reader for the zip containers of .docx, .pptx and .odt. It reads the central directory,
 * refuses archives that could be decompression bombs (too many entries, too large in total, too high a
 * compression ratio), and inflates single entries with a hard cap on their real output size, because the
 * sizes an archive declares can lie.
 */
export const ZIP_LIMITS = {
  maxEntries: 2_000,
  maxTotalUncompressed: 200 * 1024 * 1024,
  maxEntryUncompressed: 50 * 1024 * 1024,
  // Real office XML compresses around 5-20:1; hundreds to one is a bomb.
  maxRatio: 200,
};

export class ZipProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZipProblem";
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  encrypted: boolean;
}

export function readZipDirectory(bytes: Uint8Array, limits = ZIP_LIMITS): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record is in the last 22 + 65535 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipProblem("The file is damaged: its zip structure is incomplete.");
  const count = view.getUint16(eocd + 10, true);
  const dirSize = view.getUint32(eocd + 12, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) throw new ZipProblem("The file uses zip64, which is not accepted for documents.");
  if (count > limits.maxEntries) throw new ZipProblem(`The file holds too many parts (${count}); it may be a zip bomb.`);
  if (dirOffset + dirSize > bytes.length) throw new ZipProblem("The file is damaged: its zip directory is cut short.");
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let total = 0;
  let p = dirOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) throw new ZipProblem("The file is damaged: its zip directory is unreadable.");
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const uncompressedSize = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const localHeaderOffset = view.getUint32(p + 42, true);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    p += 46 + nameLength + extraLength + commentLength;
    total += uncompressedSize;
    if (uncompressedSize > limits.maxEntryUncompressed || total > limits.maxTotalUncompressed) throw new ZipProblem("The file expands to far more than its size; it may be a zip bomb.");
    if (compressedSize > 0 && uncompressedSize / compressedSize > limits.maxRatio && uncompressedSize > 1024 * 1024) {
      throw new ZipProblem("The file is compressed far more than a real document; it may be a zip bomb.");
    }
    entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset, encrypted: (flags & 1) === 1 });
  }
  return entries;
}

/** Inflates one entry, stopping as soon as its real output passes what it declared (or the entry cap). */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, limits = ZIP_LIMITS): Uint8Array {
  if (entry.encrypted) throw new ZipProblem("The file is password-protected.");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) throw new ZipProblem("The file is damaged: a part of it is missing.");
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (data.length < entry.compressedSize) throw new ZipProblem("The file is damaged: it is cut short.");
  if (entry.method === 0) return data;
  if (entry.method !== 8) throw new ZipProblem("The file uses a compression method documents do not use.");
  const cap = Math.min(entry.uncompressedSize, limits.maxEntryUncompressed);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflate = new Inflate((chunk) => {
    size += chunk.length;
    if (size > cap) throw new ZipProblem("The file expands to more than it declares; it may be a zip bomb.");
    chunks.push(chunk);
  });
  try {
    // Feed in slices so a bomb is stopped after little work.
    for (let i = 0; i < data.length; i += 64 * 1024) inflate.push(data.subarray(i, i + 64 * 1024), i + 64 * 1024 >= data.length);
    if (data.length === 0) inflate.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof ZipProblem) throw error;
    throw new ZipProblem("The file is damaged: a part of it cannot be decompressed.");
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

export function readZipText(bytes: Uint8Array, entries: ZipEntry[], name: string): string | null {
  const entry = entries.find((e) => e.name === name);
  return entry ? new TextDecoder().decode(readZipEntry(bytes, entry)) : null;
}
