import type { PrismaClient } from "../../server/db/generated/client.ts";
import { londonToUtc } from "../../server/lib/london-time.ts";
import { renderMarkdown } from "../../server/lib/markdown.ts";
import { slugify } from "../../server/lib/slug.ts";

// Demo blogs: the facilitator's weekly update series on the News blog (issues 38–45, spring 2010) and
// members' blessays with comments and likes. Weekly updates are dated in 2010; member posts are placed
// relative to the moment of seeding so the home page's activity stream mixes them with the forums.

export interface SeedWeeklyUpdate {
  issue: number;
  /** Publication day in 2010 (UK), "YYYY-MM-DD". */
  date: string;
  highlights: string[];
  body: string;
  category: "news" | "event";
  tags: string[];
}

export interface SeedBlogPost {
  author: string;
  title: string;
  body: string;
  tags: string[];
  category: "blessay" | "reflection" | "case-study";
  daysAgo: number;
  likes: string[];
  comments: { author: string; body: string; replies?: { author: string; body: string }[] }[];
  /** Scheduled for this many days ahead instead of published. */
  scheduledInDays?: number;
}

export const weeklyUpdates: SeedWeeklyUpdate[] = [
  {
    issue: 38,
    date: "2010-03-09",
    category: "news",
    tags: ["weekly update"],
    highlights: ["Final pilot reports are in with the Treasury team", "Birmingham's worklessness deep dive opens for comment", "Two new members' groups: asset management and offender management"],
    body: "## Pilot reports\n\nAll thirteen pilots have now sent their final reports to the Treasury team. Thank you to everyone who worked late to get the counts right: the numbers are already being quoted back to us.\n\n## From the forums\n\nThe busiest thread this week was on **pooled budgets for troubled families**. If you have a view on how the money should follow the family, add it there.\n\n## Coming up\n\nWe are planning a members' event for after Easter. Watch this space.",
  },
  {
    issue: 39,
    date: "2010-03-16",
    category: "news",
    tags: ["weekly update"],
    highlights: ["Over 1,000 members – thank you for spreading the word", "Kent's customer insight films now in the library", "Blessay of the week: Gareth Pryce on what 'place' means in Wales"],
    body: "## Community news\n\nWe passed a thousand members this week. Most of you found us through a colleague, which is exactly how a community of practice should grow.\n\n## In the library\n\nKent have shared the short films from their customer insight work. They are a good way into the conversation with elected members.\n\n## Forums\n\nThe **data sharing** thread has turned into a practical list of what worked. Please keep adding to it.",
  },
  {
    issue: 40,
    date: "2010-03-23",
    category: "news",
    tags: ["weekly update", "budget"],
    highlights: ["The Total Place report is published alongside the Budget tomorrow", "Summit materials and graphic recordings are online", "Have your say: what should the next phase look like?"],
    body: "## The report\n\nThe Total Place report is published alongside the Budget tomorrow. We will link to it here and in the library as soon as it is out.\n\n## After the Summit\n\nThe graphic recordings from the Summit are now in the library. The live thread from both days is still open to read.\n\n## Your views\n\nWe want to hear what you think the next phase should be. Reply to this update or start a thread in *Programme news*.",
  },
  {
    issue: 41,
    date: "2010-03-30",
    category: "news",
    tags: ["weekly update", "place-based budgets"],
    highlights: ["What the report says about place-based budgets", "Reading list: the pilot reports, one page each", "Easter break: the next update comes on 6 April"],
    body: "## What the report says\n\nThe report backs *place-based budgets* and asks every area to look at its counts. Several of you have asked what that means in practice: our summary is in the library, and the forum thread on place-based budgets is the place for questions.\n\n## One page each\n\nWe have put together a one-page summary of each pilot report. They are short enough to take into a partnership board.\n\n## Easter\n\nThe facilitators are taking a short break over Easter. The forums stay open, and the next update comes on 6 April.",
  },
  {
    issue: 42,
    date: "2010-04-06",
    category: "news",
    tags: ["weekly update", "pre-election period"],
    highlights: ["The pre-election period starts: what it means for this community", "New in the library: the learning history, chapter one", "Members' event: places are going fast"],
    body: "## The pre-election period\n\nThe general election has been called. The community stays open and practitioners can keep sharing learning, but please avoid party-political comment in posts and blogs. Facilitators will move anything that strays.\n\n## The learning history\n\nChapter one of the learning history is in the library: how the pilots got started, in the words of the people who did it.\n\n## Members' event\n\nPlaces for the national members' event are going fast. Reply on the event page if you can come.",
  },
  {
    issue: 43,
    date: "2010-04-13",
    category: "event",
    tags: ["weekly update", "members' event"],
    highlights: ["Members' event programme announced", "Worklessness: Coventry, Solihull and Warwickshire share their route map", "Blessay of the week: Sola Adeyemi on counting what matters"],
    body: "## Members' event\n\nThe programme for the national members' event is on the event page. Tables will mix people from different places and partners.\n\n## Worklessness\n\nCoventry, Solihull and Warwickshire have shared the route map from their worklessness work. It shows every service a person meets on the way back to work.\n\n## Blogs\n\nSola Adeyemi's blessay on *counting what matters* has started a good conversation. Read it and add a comment.",
  },
  {
    issue: 44,
    date: "2010-04-20",
    category: "news",
    tags: ["weekly update"],
    highlights: ["Search the library by full text – including every page of the pilot reports", "New forum for parallel places", "Thank you to this month's most helpful members"],
    body: "## Better search\n\nYou can now search the library by the full text of every document, page by page, together with the discussions.\n\n## Parallel places\n\nAt your request there is a new forum for the parallel places. Introduce yourselves there.\n\n## Thank you\n\nA special thank you to the members who answered the most questions this month. You know who you are.",
  },
  {
    issue: 45,
    date: "2010-04-27",
    category: "news",
    tags: ["weekly update", "learning history"],
    highlights: ["Learning history, chapter two: working across boundaries", "Members' event: the write-up and the graphic recording", "Our plans for the summer"],
    body: "## The learning history\n\nChapter two looks at working across organisational boundaries: what helped, what got in the way, and what people would do differently.\n\n## Members' event\n\nThe write-up and the graphic recording from the members' event are in the library. Thank you to everyone who came and to our hosts.\n\n## The summer\n\nWe will keep the weekly update going through the summer. Tell us what you would like to read more of.",
  },
];

export const blogPosts: SeedBlogPost[] = [
  {
    author: "amina-hussain",
    title: "What counting the money taught Bradford",
    category: "blessay",
    tags: ["counting spend", "bradford", "place-based budgets"],
    daysAgo: 26,
    likes: ["gareth-pryce", "sola-adeyemi", "priya-mistry", "jenny-walsh"],
    body: "When we started the count we thought the hard part would be the numbers. It was not. The hard part was getting thirty organisations to agree what they were counting.\n\n## The number\n\nWe found around **£7bn** of public money spent in the district each year. Less than a fifth of it is controlled locally.\n\n## What changed\n\nThe number itself changed little. The conversations it started changed a lot: partners saw for the first time how their spending landed on the same families.\n\n> The count is not the answer. It is the reason to ask better questions.\n\nI would love to hear how other places used their counts.",
    comments: [
      { author: "gareth-pryce", body: "The same happened with us: the number opened doors that years of partnership boards had not.", replies: [{ author: "amina-hussain", body: "Yes – and the doors stay open if you keep the conversation going after the report." }] },
      { author: "rob-tandy", body: "Useful. Did you find the health spend harder to pin down than the rest?" },
    ],
  },
  {
    author: "sola-adeyemi",
    title: "Counting what matters, not what is easy",
    category: "blessay",
    tags: ["counting spend", "customer insight"],
    daysAgo: 21,
    likes: ["amina-hussain", "claire-whitmore", "femi-okafor"],
    body: "Every service counts its outputs: visits made, forms processed, cases closed. Very few count what the person on the other end experienced.\n\nOur customer insight work followed six families for three months. Between them they met **forty-one** different services.\n\nIf we counted *contacts per family* instead of *cases per officer*, we would design services differently.",
    comments: [
      { author: "claire-whitmore", body: "Forty-one. We found something similar with older people leaving hospital.", replies: [{ author: "sola-adeyemi", body: "I would like to compare notes – shall we start a thread in adult social care?" }] },
      { author: "femi-okafor", body: "This is the post I will send to my director." },
    ],
  },
  {
    author: "gareth-pryce",
    title: "What 'place' means when your place is three valleys",
    category: "reflection",
    tags: ["place", "governance"],
    daysAgo: 18,
    likes: ["amina-hussain", "kath-dodd"],
    body: "In England the conversation is about one place with one budget. Our place is three valleys with very different histories, and people identify with their valley first.\n\nA place-based approach has to start from where people think their place is – not from the map of the council.",
    comments: [{ author: "kath-dodd", body: "Cumbria says hello. Our fells do the same job as your valleys." }],
  },
  {
    author: "priya-mistry",
    title: "Worklessness: the route map we wish we had drawn first",
    category: "case-study",
    tags: ["worklessness", "birmingham"],
    daysAgo: 15,
    likes: ["sola-adeyemi", "martin-osei", "ian-barraclough"],
    body: "We drew a route map of every service a person meets between losing a job and finding another. It covered a whole wall.\n\n## What we learned\n\n- Nobody owns the whole journey.\n- The same questions are asked up to nine times.\n- The most valued help was often the least funded.\n\nIf we did it again, we would draw the map *before* designing anything.",
    comments: [{ author: "martin-osei", body: "Nine times is painfully familiar. Did Jobcentre Plus join the mapping?", replies: [{ author: "priya-mistry", body: "They did, and they were the first to spot the duplication." }] }],
  },
  {
    author: "claire-whitmore",
    title: "Older people, hospital discharge and the Friday problem",
    category: "blessay",
    tags: ["adult social care", "health"],
    daysAgo: 12,
    likes: ["sola-adeyemi", "hannah-lees"],
    body: "Discharges pile up on Fridays. Care packages start on Mondays. In between, older people wait – in a hospital bed, or at home without the help they need.\n\nThe fix was not money. It was a shared rota between the hospital and the council team.",
    comments: [{ author: "hannah-lees", body: "Lovely example of a small change with a big effect." }],
  },
  {
    author: "jenny-walsh",
    title: "Data sharing: what finally unblocked it for us",
    category: "case-study",
    tags: ["data sharing", "information governance"],
    daysAgo: 10,
    likes: ["amina-hussain", "tariq-mahmood", "steve-ingham"],
    body: "For two years we were told we could not share data. Then we asked a different question: *what exactly do you need to know, and why?*\n\nThe answer was usually much less than a whole record. A short protocol signed by the information governance leads did the rest.",
    comments: [{ author: "steve-ingham", body: "Would you share the protocol in the library?", replies: [{ author: "jenny-walsh", body: "Yes – I will upload it this week." }] }],
  },
  {
    author: "tariq-mahmood",
    title: "Offender management: one officer, one family",
    category: "reflection",
    tags: ["offender management", "troubled families"],
    daysAgo: 7,
    likes: ["priya-mistry"],
    body: "The families that cost most are often known to every agency and helped by none. Our pilot gave each family one named officer who could call on the others.\n\nIt is early days, but reoffending in the group has fallen and the officers say they finally feel they are doing the job they joined for.",
    comments: [],
  },
  {
    author: "femi-okafor",
    title: "Customer insight on a shoestring",
    category: "blessay",
    tags: ["customer insight"],
    daysAgo: 5,
    likes: ["sola-adeyemi", "claire-whitmore"],
    body: "You do not need consultants to understand your customers. You need a notebook, permission to sit in a waiting room, and the humility to write down what people say.\n\nThree tips:\n\n1. Ask *what happened next?* rather than *were you satisfied?*\n2. Shadow a frontline worker for a day.\n3. Share what you find with the people who told you.",
    comments: [{ author: "claire-whitmore", body: "Number 3 is the one we always forget." }],
  },
  {
    author: "kath-dodd",
    title: "Rural places and the cost of distance",
    category: "reflection",
    tags: ["rural", "cumbria", "counting spend"],
    daysAgo: 3,
    likes: ["gareth-pryce"],
    body: "In a rural county the biggest line in many budgets is travel. When we counted it across partners we found three organisations driving to the same villages on the same days.\n\nSharing a visit schedule cost nothing and saved a lot.",
    comments: [],
  },
  {
    author: "martin-osei",
    title: "Why Jobcentre Plus belongs at the table from day one",
    category: "blessay",
    tags: ["worklessness", "partnership"],
    daysAgo: 1,
    likes: [],
    body: "In too many places the jobcentre is invited to the partnership after the plan is written. Then we wonder why it does not fit national targets.\n\nInvite us early. We bring data, and we bring flexibility you might not know we have.",
    comments: [],
  },
  {
    author: "amina-hussain",
    title: "After the count: our next twelve months",
    category: "reflection",
    tags: ["bradford", "place-based budgets"],
    daysAgo: 0,
    scheduledInDays: 3,
    likes: [],
    body: "This post is scheduled: it will appear on my blog later this week, once the partnership board has agreed the plan.",
    comments: [],
  },
];

// ── Writing them ──────────────────────────────────────────────────────────────────────────────

const DAY = 86_400_000;

/** Writes the weekly updates and member posts; `user` maps a handle to its id. Returns how many posts. */
export async function seedBlogs(db: PrismaClient, user: (handle: string) => string, started: number) {
  const facilitatorId = user("facilitator");
  let count = 0;
  for (const u of weeklyUpdates) {
    const [year, month, day] = u.date.split("-").map(Number);
    const publishedAt = londonToUtc({ year, month, day, hour: 9, minute: 0 });
    const title = `Total Place weekly update ${u.issue}: ${new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(year, month - 1, day)))}`;
    await db.blogPost.create({
      data: {
        blog: "news", authorId: facilitatorId, title, slug: slugify(title), bodySource: u.body, bodyHtml: renderMarkdown(u.body),
        tags: u.tags, category: u.category, status: "published", publishedAt, issueNumber: u.issue, highlights: u.highlights,
        createdAt: publishedAt, revisions: { create: { editorId: facilitatorId, title, bodySource: u.body, createdAt: publishedAt } },
      },
    });
    count++;
  }
  for (const [i, p] of blogPosts.entries()) {
    const authorId = user(p.author);
    const at = new Date(started - p.daysAgo * DAY - ((i * 7919) % 600) * 60_000);
    const scheduled = p.scheduledInDays != null;
    const comments = p.comments;
    const post = await db.blogPost.create({
      data: {
        blog: "member", authorId, title: p.title, slug: slugify(p.title), bodySource: p.body, bodyHtml: renderMarkdown(p.body), tags: p.tags, category: p.category,
        status: scheduled ? "scheduled" : "published",
        publishAt: scheduled ? new Date(started + (p.scheduledInDays ?? 0) * DAY) : null,
        publishedAt: scheduled ? null : at,
        likeCount: p.likes.length,
        commentCount: comments.reduce((n, c) => n + 1 + (c.replies?.length ?? 0), 0),
        createdAt: at,
        likes: { create: p.likes.map((h) => ({ userId: user(h) })) },
        revisions: { create: { editorId: authorId, title: p.title, bodySource: p.body, createdAt: at } },
      },
    });
    for (const [ci, c] of comments.entries()) {
      const commentAt = new Date(Math.min(started, at.getTime() + (ci + 1) * 3 * 3_600_000));
      const top = await db.blogComment.create({ data: { postId: post.id, authorId: user(c.author), bodySource: c.body, bodyHtml: renderMarkdown(c.body), createdAt: commentAt } });
      for (const [ri, r] of (c.replies ?? []).entries()) {
        await db.blogComment.create({ data: { postId: post.id, parentId: top.id, authorId: user(r.author), bodySource: r.body, bodyHtml: renderMarkdown(r.body), createdAt: new Date(Math.min(started, commentAt.getTime() + (ri + 1) * 3_600_000)) } });
      }
    }
    count++;
  }
  await db.searchOutbox.createMany({ data: (await db.blogPost.findMany({ where: { status: "published" }, select: { id: true } })).map((p) => ({ entityType: "blog_post", entityId: String(p.id) })) });
  return count;
}
