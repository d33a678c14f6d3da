import { z } from "zod";

/** Where a kind of notice goes. Every channel but "off" also lights the bell. */
export const CHANNELS = ["in_app", "email", "digest", "off"] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = {
  in_app: "On the site only",
  email: "On the site and by email straight away",
  digest: "On the site and in the weekly digest",
  off: "Off",
};

/** Every kind of notice, with the label the preferences page shows and the default channel. */
export const KINDS = {
  mention: { label: "Someone mentions me", defaultChannel: "email" },
  reply: { label: "Someone replies to my thread", defaultChannel: "email" },
  quote: { label: "Someone quotes my post", defaultChannel: "email" },
  watched_thread: { label: "New posts in threads I watch", defaultChannel: "in_app" },
  watched_forum: { label: "New posts in forums I watch", defaultChannel: "digest" },
  blog_post: { label: "New posts in blogs I watch", defaultChannel: "digest" },
  blog_comment: { label: "Comments on my blog posts", defaultChannel: "in_app" },
  event_soon: { label: "An event I am going to starts within the hour", defaultChannel: "email" },
  question_answered: { label: "My question is answered in a live Q&A", defaultChannel: "in_app" },
  document_version: { label: "A document I watch gets a new version", defaultChannel: "digest" },
} as const satisfies Record<string, { label: string; defaultChannel: Channel }>;
export type NotificationKind = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as NotificationKind[];
export const isKind = (k: string): k is NotificationKind => k in KINDS;

/** The weekly digest itself: sent ("email") or not ("off"). Stored as a preference row like the kinds. */
export const DIGEST_PREFERENCE = "weekly_digest";

export const WATCH_TARGETS = ["thread", "forum", "blog", "event", "document"] as const;
export type WatchTarget = (typeof WATCH_TARGETS)[number];

export const watchFormSchema = z.object({
  targetType: z.enum(WATCH_TARGETS, { error: "Unknown thing to watch" }),
  targetId: z.string().trim().min(1).max(100),
  // "watch", "mute" or "clear" (neither).
  state: z.enum(["watch", "mute", "clear"], { error: "Choose watch, mute or neither" }),
});

export const preferencesSchema = z.object({
  ...Object.fromEntries(KIND_NAMES.map((k) => [k, z.enum(CHANNELS, { error: "Choose how to be told" })])),
  [DIGEST_PREFERENCE]: z.enum(["email", "off"], { error: "Choose whether to get the weekly digest" }),
}) as unknown as z.ZodType<Record<NotificationKind, Channel> & { weekly_digest: "email" | "off" }>;

export const NOTIFICATIONS_PER_PAGE = 30;

/** One line describing a (possibly grouped) notice: "Ann Smith replied to your thread …", "5 new replies …". */
export function describeNotification(n: { kind: string; count: number; actorNames: string[]; title: string }): string {
  const who = n.actorNames[0] ?? "Someone";
  const others = n.actorNames.length > 1 ? ` and ${n.actorNames.length === 2 ? n.actorNames[1] : "others"}` : "";
  const many = n.count > 1;
  const t = `“${n.title}”`;
  switch (n.kind) {
    case "mention":
      return many ? `${n.count} mentions of you in ${t}` : `${who} mentioned you in ${t}`;
    case "reply":
      return many ? `${n.count} new replies to your thread ${t}` : `${who} replied to your thread ${t}`;
    case "quote":
      return many ? `${n.count} quotes of your posts in ${t}` : `${who} quoted your post in ${t}`;
    case "watched_thread":
      return many ? `${n.count} new posts in ${t}` : `${who} posted in ${t}`;
    case "watched_forum":
      return many ? `${n.count} new posts in the forum ${t}` : `${who}${others} posted in the forum ${t}`;
    case "blog_post":
      return many ? `${n.count} new blog posts in ${t}` : `${who} published ${t}`;
    case "blog_comment":
      return many ? `${n.count} new comments on ${t}` : `${who} commented on ${t}`;
    case "event_soon":
      return `${t} starts within the hour`;
    case "question_answered":
      return many ? `${n.count} of your questions were answered in ${t}` : `Your question was answered in ${t}`;
    case "document_version":
      return many ? `${n.count} new versions of ${t}` : `New version of ${t}`;
    default:
      return `${who}: ${t}`;
  }
}
