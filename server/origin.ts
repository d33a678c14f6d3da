import type { IncomingHttpHeaders } from "node:http";

/**
 * Same-origin check for mutations and socket handshakes: the Origin (or, failing that, Referer) header
 * must name this host, or PUBLIC_URL's origin when set. Requests without either are refused.
 */
export function isSameOrigin(headers: IncomingHttpHeaders, publicUrl?: string): boolean {
  const source = headers.origin ?? headers.referer;
  if (!source || source === "null") return false;
  let origin: URL;
  try {
    origin = new URL(source);
  } catch {
    return false;
  }
  if (publicUrl && origin.origin === new URL(publicUrl).origin) return true;
  const host = headers["x-forwarded-host"] ?? headers.host;
  return !!host && origin.host === host;
}
