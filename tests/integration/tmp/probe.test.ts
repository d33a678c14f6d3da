import { it } from "vitest";
import { startTestServer } from "../../fixtures/server.ts";
it("probe", async () => {
  const server = await startTestServer();
  for (const p of ["/p/2147483648", "/p/99999999999999999999", "/forums/x/t/2147483648-x", "/forums/x/t/99999999999999999999-x", "/p/abc", "/forums/nope?page=99999999999999"]) {
    const r = await fetch(server.url + p, { redirect: "manual" });
    console.log(p, r.status);
  }
  try { await server.services.forums.locateThread(null, 2 ** 31); } catch (e) { console.log(e.constructor.name, e.code, String(e.message).slice(0, 200)); }
  await server.stop();
}, 60000);
