// Demo events, placed relative to the moment the demo database is created so there is always a past
// summit, an upcoming members' event and a workshop happening now.
export interface SeedEvent {
  title: string;
  summary: string;
  description: string;
  /** Start, in hours from seeding (negative = in the past), and length in hours. */
  startOffsetHours: number;
  /** For events not happening now: start at this UK time on the day startOffsetHours lands on. */
  ukStartTime?: string;
  hours: number;
  format: "in_person" | "online";
  venue?: string;
  address?: string;
  onlineUrl?: string;
  capacity?: number;
  speakers: string;
  agenda: string;
  themes: string[];
  places: string[];
  going: string[];
  maybe: string[];
  /** Which live thread from live-threads.ts the event carries. */
  live?: "summit" | "workshop";
}

export const events: SeedEvent[] = [
  {
    title: "Total Place Summit",
    summary: "Two days with the 13 pilots, HM Treasury and national partners on what whole-area working has taught us.",
    description:
      "The Summit brings together leaders and practitioners from every pilot to share findings before the Budget report is published.\n\n**Day 1** looks at the counts of public spend and the customer insight deep dives. **Day 2** is about what happens next: place-based budgets, governance with partners and the learning history.\n\nA social reporter will post highlights through both days.",
    startOffsetHours: -24 * 45,
    ukStartTime: "09:30",
    hours: 32,
    format: "in_person",
    venue: "QEII Conference Centre",
    address: "Broad Sanctuary\nLondon SW1P 3EE",
    capacity: 400,
    speakers: "Rob Tandy, HM Treasury Total Place team\nPriya Mistry, Birmingham City Council\nHelen Ashworth, IDeA",
    agenda: "09:30 Registration and coffee\n10:00 Welcome and the story so far\n11:00 What the counts told us\n14:00 Customer insight: following families through services\nDay 2 09:30 Place-based budgets: the next step\nDay 2 13:00 Panel Q&A with the pilots",
    themes: ["Programme news and the Summit", "Counting public spend and place-based budgets"],
    places: [],
    going: ["amina-hussain", "priya-mistry", "rob-tandy", "jenny-walsh", "tariq-mahmood"],
    maybe: [],
    live: "summit",
  },
  {
    title: "National members' event: from pilots to practice",
    summary: "A day for members across England to turn the pilots' learning into plans for their own places.",
    description:
      "Bring a colleague from a partner organisation. We will work in mixed tables on three questions:\n\n- What would a place-based budget look like where you are?\n- Which customer insight methods travel well?\n- What stops data sharing, and what unblocks it?\n\nLunch is provided. Places are limited, so please say if you can no longer come.",
    startOffsetHours: 24 * 21,
    ukStartTime: "09:30",
    hours: 7,
    format: "in_person",
    venue: "Local Government House",
    address: "Smith Square\nLondon SW1P 3HZ",
    capacity: 6,
    speakers: "Helen Ashworth, IDeA community facilitator",
    agenda: "09:30 Arrival\n10:00 Opening: three pilots in ten minutes each\n11:00 Table work\n13:30 What we will do differently\n15:30 Close",
    themes: ["Customer insight", "Counting public spend and place-based budgets"],
    places: [],
    going: ["amina-hussain", "priya-mistry", "jenny-walsh", "tariq-mahmood", "rob-tandy", "facilitator"],
    maybe: ["admin"],
  },
  {
    title: "Learning workshop: worklessness and young people not in education, employment or training",
    summary: "A local workshop with Jobcentre Plus, colleges and councils on NEET young people. Happening today.",
    description:
      "A working session for partners in Bradford and neighbouring places. We will share the customer journey maps from the deep dives and agree three joint actions.\n\nJoin in person or follow the live thread.",
    startOffsetHours: -1,
    hours: 5,
    format: "online",
    onlineUrl: "https://meet.example.org/tpc-neet-workshop",
    speakers: "Jenny Walsh, Jobcentre Plus\nAmina Hussain, Bradford Metropolitan District Council",
    agenda: "10:00 Welcome\n10:15 Journey maps from the deep dives\n11:30 Joint actions\n13:30 Close",
    themes: ["Worklessness", "Children's services"],
    places: ["Bradford"],
    going: ["amina-hussain", "jenny-walsh"],
    maybe: ["priya-mistry"],
    live: "workshop",
  },
];
