/** The HTTP response for an Atom feed built by server/lib/atom.ts. */
export function atomResponse(xml: string) {
  return new Response(xml, { headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300" } });
}
