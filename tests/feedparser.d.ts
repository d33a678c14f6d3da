// feedparser ships no types and there is no @types package in the project: just the part the feed tests use.
declare module "feedparser" {
  import type { Transform } from "node:stream";
  interface FeedMeta {
    "#type": string;
    title: string;
    link: string;
    xmlurl: string;
    date: Date | null;
  }
  interface FeedItem {
    title: string;
    link: string;
    guid: string;
    date: Date | null;
    pubdate: Date | null;
    summary: string | null;
    description: string | null;
    author: string | null;
    categories: string[];
  }
  class FeedParser extends Transform {
    constructor(options?: { strict?: boolean; feedurl?: string; normalize?: boolean; addmeta?: boolean });
    meta: FeedMeta;
    read(): FeedItem | null;
  }
  export default FeedParser;
}
