/**
 * Recognises the raster image formats we accept from members by their first bytes, never by the file's
 * name or the browser's claimed type (an HTML or SVG file renamed .png is refused).
 */
export type ImageType = { mime: "image/png" | "image/jpeg" | "image/webp"; extension: "png" | "jpg" | "webp" };

export function imageTypeOf(bytes: Uint8Array): ImageType | null {
  const at = (i: number, ...values: number[]) => values.every((v, j) => bytes[i + j] === v);
  if (bytes.length >= 8 && at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return { mime: "image/png", extension: "png" };
  if (bytes.length >= 3 && at(0, 0xff, 0xd8, 0xff)) return { mime: "image/jpeg", extension: "jpg" };
  // RIFF....WEBP
  if (bytes.length >= 12 && at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return { mime: "image/webp", extension: "webp" };
  return null;
}

export const IMAGE_MIME_BY_EXTENSION: Record<string, ImageType["mime"]> = { png: "image/png", jpg: "image/jpeg", webp: "image/webp" };

/** GIF, accepted only where the image is re-encoded before it is served (profile pictures). */
export const isGif = (bytes: Uint8Array) => bytes.length >= 6 && /^GIF8[79]a$/.test(String.fromCharCode(...bytes.subarray(0, 6)));
