import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SearchQuery } from "../../server/search/engine.ts";
import type { SearchRecord } from "../../server/search/record.ts";
import { meilisearchEngineUnderTest, postgresEngineUnderTest, type EngineUnderTest } from "../fixtures/search-engines.ts";

/**
 * One contract, every engine: the embedded PostgreSQL engine always, Meilisearch whenever
 * MEILISEARCH_URL is set. Both must give the same answers to the same records.
 */
const engines: [string, () => Promise<EngineUnderTest>][] = [["postgres", postgresEngineUnderTest]];
if (process.env.MEILISEARCH_URL) engines.push(["meilisearch", () => meilisearchEngineUnderTest(process.env.MEILISEARCH_URL!, process.env.MEILISEARCH_API_KEY)]);

const record = (r: Partial<SearchRecord> & Pick<SearchRecord, "id" | "title" | "body">): SearchRecord => ({
  entity: r.id.split(":").slice(0, 2).join(":"),
  type: "thread",
  url: `/x/${r.id}`,
  themes: [],
  places: [],
  date: new Date("2010-01-01T12:00:00Z"),
  visibility: "public",
  ...r,
});

const records: SearchRecord[] = [
  record({ id: "thread:1", title: "Pooled budgets in Bradford", body: "How we pooled budgets to tackle worklessness across agencies.", themes: ["Worklessness"], places: ["Bradford"], date: new Date("2010-03-01T12:00:00Z") }),
  record({ id: "post:2", type: "post", title: "Re: Young people", body: "Our NEET figures in Kent fell after the youth offer.", themes: ["Children's services"], places: ["Kent"], date: new Date("2010-05-10T12:00:00Z") }),
  record({ id: "event:3", type: "event", title: "Summit workshop", body: "Young people not in education, employment or training: what works.", themes: ["Children's services"], places: ["Lewisham"], date: new Date("2009-11-20T12:00:00Z") }),
  record({ id: "document:4:page:12", entity: "document:4", type: "document", title: "Practitioner's guide", body: "Targets in the LAA were renegotiated with the primary care trust.", url: "/library/4-guide/file#page=12", page: 12, themes: ["Health inequalities"], places: ["Croydon"], date: new Date("2010-02-15T12:00:00Z"), visibility: "members" }),
  record({ id: "document:4:page:13", entity: "document:4", type: "document", title: "Practitioner's guide", body: "The local area agreement set shared outcomes; the PCT joined later.", url: "/library/4-guide/file#page=13", page: 13, themes: ["Health inequalities"], places: ["Croydon"], date: new Date("2010-02-15T12:00:00Z"), visibility: "members" }),
  record({ id: "thread:5", title: "Safeguarding review notes", body: "Confidential draft about the safeguarding review.", themes: ["Children's services"], places: ["Kent"], date: new Date("2010-06-01T12:00:00Z"), visibility: "facilitators" }),
  record({ id: "live:6:1", entity: "live:6", type: "live", title: "Live: Total Place Summit", body: "Asset management came up again: shared buildings save money.", themes: ["Asset management"], places: ["Worcestershire"], date: new Date("2010-04-12T12:00:00Z") }),
];

const everyone = ["public", "members", "facilitators"] as SearchQuery["visibility"];
const ask = (q: string, more: Partial<SearchQuery> = {}): SearchQuery => ({ q, sort: "relevance", page: 1, perPage: 20, visibility: everyone, ...more });
const ids = (r: { hits: { id: string }[] }) => r.hits.map((h) => h.id).sort();

for (const [name, open] of engines) {
  describe(`search contract: ${name} engine`, () => {
    let under: EngineUnderTest;
    beforeAll(async () => {
      under = await open();
      await under.engine.applySettings();
      const byEntity = new Map<string, SearchRecord[]>();
      for (const r of records) byEntity.set(r.entity, [...(byEntity.get(r.entity) ?? []), r]);
      await under.engine.replace([...byEntity].map(([entity, rs]) => ({ entity, records: rs })));
    }, 120_000);
    afterAll(async () => under?.stop());
    const search = (q: string, more: Partial<SearchQuery> = {}) => under.engine.search(ask(q, more));

    it("finds exact words and marks them in an escaped snippet", async () => {
      const r = await search("worklessness ");
      expect(ids(r)).toEqual(["thread:1"]);
      expect(r.hits[0].snippetHtml).toMatch(/<mark>worklessness<\/mark>/i);
      expect(r.hits[0].snippetHtml.replace(/<\/?mark>/g, "")).not.toMatch(/[<>]/);
    });

    it("tolerates one typo in words of 5 to 8 letters and none in shorter words", async () => {
      expect(ids(await search("budgetz "))).toEqual(["thread:1"]);
      expect(ids(await search("pooled budgetz agencies"))).toEqual(["thread:1"]);
      // Swapping two neighbouring letters is one typo; a wrong first letter counts as two.
      expect(ids(await search("bugdets "))).toEqual(["thread:1"]);
      expect(ids(await search("pudgets "))).toEqual([]);
      // "Kent" with one wrong letter: 4 letters get no typo allowance.
      expect(ids(await search("kemt "))).toEqual([]);
      // Two typos in an 8-letter word ("bradford") are too many.
      expect(ids(await search("brudfard "))).toEqual([]);
    });

    it("tolerates two typos in words of 9 letters or more", async () => {
      expect(ids(await search("worklesnes "))).toEqual(["thread:1"]);
      expect(ids(await search("safegurdng "))).toEqual(["thread:5"]);
    });

    it("matches the last word as a prefix, and only the last", async () => {
      expect(ids(await search("pool"))).toEqual(["thread:1"]);
      expect(ids(await search("budgets brad"))).toEqual(["thread:1"]);
      expect(ids(await search("brad budgets"))).toEqual([]);
      // A trailing space ends the word: no prefix any more.
      expect(ids(await search("pool "))).toEqual([]);
    });

    it("treats the sector's acronyms and their expansions as synonyms, both ways", async () => {
      expect(ids(await search("NEET "))).toEqual(["event:3", "post:2"]);
      expect(ids(await search("not in education, employment or training "))).toEqual(["event:3", "post:2"]);
      expect(ids(await search("LAA "))).toEqual(["document:4:page:12", "document:4:page:13"]);
      expect(ids(await search("local area agreement "))).toEqual(["document:4:page:12", "document:4:page:13"]);
      expect(ids(await search("primary care trust "))).toEqual(["document:4:page:12", "document:4:page:13"]);
      expect(ids(await search("pct "))).toEqual(["document:4:page:12", "document:4:page:13"]);
    });

    it("names the page of a document hit and links to it", async () => {
      const r = await search("renegotiated ");
      expect(r.hits).toHaveLength(1);
      expect(r.hits[0]).toMatchObject({ id: "document:4:page:12", type: "document", page: 12, url: "/library/4-guide/file#page=12" });
    });

    it("counts facets over the whole result and filters by them", async () => {
      const r = await search("young people ");
      expect(r.total).toBe(2);
      expect(r.facets.type).toEqual({ post: 1, event: 1 });
      expect(r.facets.theme).toEqual({ "Children's services": 2 });
      expect(r.facets.place).toEqual({ Kent: 1, Lewisham: 1 });
      expect(r.facets.year).toEqual({ "2009": 1, "2010": 1 });
      expect(ids(await search("young people ", { places: ["Kent"] }))).toEqual(["post:2"]);
      expect(ids(await search("young people ", { years: [2009] }))).toEqual(["event:3"]);
      expect(ids(await search("young people ", { types: ["event"] }))).toEqual(["event:3"]);
      expect(ids(await search("", { themes: ["Children's services"] }))).toEqual(["event:3", "post:2", "thread:5"]);
    });

    it("sorts by date, newest first", async () => {
      const r = await search("", { sort: "date" });
      const order = r.hits.map((h) => h.id);
      expect(order.slice(0, 4)).toEqual(["thread:5", "post:2", "live:6:1", "thread:1"]);
      expect(order.slice(4, 6).sort()).toEqual(["document:4:page:12", "document:4:page:13"]);
      expect(order[6]).toBe("event:3");
      const relevant = await search("young people ", { sort: "date" });
      expect(relevant.hits.map((h) => h.id)).toEqual(["post:2", "event:3"]);
      const dates = r.hits.map((h) => h.date.getTime());
      expect(dates).toEqual([...dates].sort((a, b) => b - a));
      expect(r.total).toBe(records.length);
    });

    it("never returns what the searcher may not see, in hits, totals or facets", async () => {
      const visitor = await search("", { visibility: ["public"] });
      expect(ids(visitor)).toEqual(["event:3", "live:6:1", "post:2", "thread:1"]);
      expect(visitor.facets.type.document).toBeUndefined();
      expect(visitor.facets.place.Croydon).toBeUndefined();
      const member = await search("", { visibility: ["public", "members"] });
      expect(member.total).toBe(6);
      expect(ids(member)).not.toContain("thread:5");
      expect(ids(await search("safeguarding ", { visibility: ["public", "members"] }))).toEqual([]);
      expect(ids(await search("safeguarding ", { visibility: everyone }))).toEqual(["thread:5"]);
      expect(ids(await search("LAA ", { visibility: ["public"] }))).toEqual([]);
    });

    it("replaces an entity's records and drops them when the entity has none", async () => {
      await under.engine.replace([{ entity: "live:6", records: [record({ id: "live:6:1", entity: "live:6", type: "live", title: "Live: Total Place Summit", body: "Only the café queue was discussed.", date: new Date("2010-04-12T12:00:00Z") })] }]);
      expect(ids(await search("asset management "))).toEqual([]);
      expect(ids(await search("queue "))).toEqual(["live:6:1"]);
      await under.engine.replace([{ entity: "live:6", records: [] }]);
      expect(ids(await search("queue "))).toEqual([]);
    });
  });
}
