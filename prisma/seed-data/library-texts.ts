// Demo library texts in 2010 Total Place voices. Each section becomes one or more PDF pages at seed time.

export interface Section {
  heading: string;
  paragraphs: string[];
}

export const learningHistory: Section[] = [
  {
    heading: "Total Place: a learning history",
    paragraphs: [
      "This learning history tells the story of the Total Place pilots between July 2009 and March 2010 in the words of the people who did the work. It is not an evaluation. It sets down what people tried, what surprised them and what they would do differently, so that others can learn from it.",
      "We interviewed more than sixty people in thirteen places: chief executives, finance directors, front-line workers, service users and the civil servants who came to help. Their voices appear in the right-hand column of the original document; here they are set in quotation marks.",
      "Chapter one describes the counting of public money in each place. Chapter two is about the deep dives into services. Chapter three looks at leadership across organisations. Chapter four asks what changed.",
    ],
  },
  {
    heading: "Chapter one: counting the money",
    paragraphs: [
      "Every pilot began with the count: an attempt to add up all public spending in the place, whoever spent it. The first figures were large and unfamiliar. In Cumbria the total came to around 7 billion pounds, of which the county council controlled less than a fifth.",
      "\"We had never sat in one room and put all our budgets on the table. When we did, the police, the PCT and the district councils could see for the first time how much we were all spending on the same families.\" (Director of finance, Cumbria)",
      "The count was hard. Departments held data in different shapes, and some spending could only be estimated from national totals. Several pilots learned that the count mattered less for its precision than for the conversations it started.",
      "\"The number itself was almost beside the point. What mattered was that the Treasury official and the head of the PCT were arguing over the same spreadsheet.\" (Programme manager, Worcestershire)",
    ],
  },
  {
    heading: "Chapter two: the deep dives",
    paragraphs: [
      "Each pilot chose one or two themes for a deep dive: drugs and alcohol, offender management, children under five, older people, worklessness, housing, asset management. Teams followed the money and the customer journey through every organisation involved.",
      "\"We mapped one family's contact with public services over a year. Seventeen agencies, more than two hundred visits, and nobody had asked the mother what would actually help.\" (Family intervention worker, Croydon)",
      "In Bradford the team tracked the journey of a young offender through courts, probation, housing and benefits. In Birmingham the focus was on drug treatment and the overlap between health and criminal justice budgets.",
      "The deep dives produced the most vivid material of the programme. They also exposed how little front-line staff were involved in designing the services they delivered.",
    ],
  },
  {
    heading: "Chapter three: leading across boundaries",
    paragraphs: [
      "Total Place asked leaders to act beyond their own organisation. For some this came naturally; for others it felt like a loss of control. The pilots that made most progress had leaders who trusted each other before the programme began.",
      "\"You can't do this by committee. In the end it came down to five of us agreeing we would sort it out, and then going back to our own boards and making the case.\" (Chief executive, Leicester and Leicestershire)",
      "Whitehall's role was mixed. Departmental champions opened doors, but local teams often found that national targets and ring-fenced grants pulled against the place-based approach.",
      "\"The civil servants who came out to us were brilliant. The problem was the system they went back to.\" (Assistant director, Manchester city region)",
    ],
  },
  {
    heading: "Chapter four: what changed",
    paragraphs: [
      "By March 2010 the pilots had produced reports for the Treasury and a long list of proposals: pooled budgets, single assessments, shared assets, new freedoms from national rules. The Budget in March 2010 took up several of them.",
      "More lasting, perhaps, were the relationships. People who had never met now rang each other. Front-line staff had been asked for their views, often for the first time.",
      "\"Whatever happens to the name, we are not going back to doing it the old way. We know too much about each other now.\" (Leader, Kent County Council)",
      "The final chapter of this history will be written by the places themselves, as they carry the approach into the spending pressures ahead.",
    ],
  },
];

export const practitionersGuide: Section[] = [
  {
    heading: "A practitioner's guide to place-based working",
    paragraphs: [
      "This guide is for officers in councils, health bodies, police forces and the voluntary sector who want to use the Total Place approach in their own area. It draws on the experience of the thirteen pilots.",
      "It covers four steps: agreeing the question, counting the money, following the customer, and designing the change. Each step has practical tips and warnings from people who have done it.",
    ],
  },
  {
    heading: "Step 1: agree the question",
    paragraphs: [
      "Start with a question that matters to local people and that no single organisation can answer alone. Good questions were specific: why do so many older people in our area end up in hospital after a fall? Why does it take eleven weeks to rehouse a family?",
      "Tip: write the question on one page and get every chief executive to sign it. It will keep the work honest when it gets difficult.",
    ],
  },
  {
    heading: "Step 2: count the money",
    paragraphs: [
      "Use the national count as a starting point but build up from local ledgers where you can. Agree definitions early. Do not spend more than a few weeks chasing precision: an estimate that everyone accepts is worth more than an exact figure that arrives too late.",
      "Warning: the count can feel threatening. Make it clear that it is about understanding, not about taking budgets away.",
    ],
  },
  {
    heading: "Step 3: follow the customer",
    paragraphs: [
      "Ethnographic methods worked well: shadow a front-line worker for a day, sit with a family, map every contact on a wall. Customer insight teams in Worcestershire and Dorset used journey mapping to show duplication that nobody had seen.",
      "Tip: invite the people whose journeys you map to the workshop where you present them. Their presence changes the conversation.",
    ],
  },
  {
    heading: "Step 4: design the change",
    paragraphs: [
      "Prototype small and learn fast. A single shared assessment for one estate is more useful than a strategy for the whole county. Measure what the customer notices, not only what the organisation counts.",
      "Pooled budgets need governance, but start with a simple agreement and let the structures follow the work rather than the other way round.",
    ],
  },
];

export const pilotSummaries: { place: string; theme: string; sections: Section[] }[] = [
  {
    place: "Cumbria",
    theme: "Counting public spend and place-based budgets",
    sections: [
      { heading: "Cumbria pilot summary", paragraphs: ["Cumbria's pilot looked at the whole of public spending across a large rural county with six districts. The count found around 7 billion pounds of public money, much of it flowing through national agencies.", "The deep dives focused on older people and on the cost of the 2009 floods recovery, where agencies had already learned to work as one."] },
      { heading: "Cumbria: recommendations", paragraphs: ["Pool budgets for older people's services across the county council and NHS Cumbria. Share public buildings in market towns. Give districts a stronger voice in county-wide decisions.", "A single flood recovery fund showed what a place-based budget could achieve in a crisis."] },
    ],
  },
  {
    place: "Worcestershire",
    theme: "Customer insight",
    sections: [
      { heading: "Worcestershire pilot summary", paragraphs: ["Worcestershire concentrated on customer insight and asset management. Journey mapping for families with complex needs found more than twenty separate assessments.", "The asset review identified public buildings that could be shared by the council, police and health services."] },
      { heading: "Worcestershire: recommendations", paragraphs: ["Introduce a single assessment for families with complex needs. Create a county-wide public estate board. Use customer insight as a standard part of commissioning."] },
    ],
  },
  {
    place: "Croydon",
    theme: "Children's services",
    sections: [
      { heading: "Croydon pilot summary", paragraphs: ["Croydon's 'Family Power' work followed the journeys of families with children under five. It found that early help was spread thin across many agencies and rarely joined up.", "Parents said they wanted one trusted worker rather than many visits."] },
      { heading: "Croydon: recommendations", paragraphs: ["Fund a single early-years pathway from pregnancy to school. Give the family's lead worker authority to draw on pooled resources. Measure outcomes parents notice."] },
    ],
  },
  {
    place: "Bradford",
    theme: "Offender management",
    sections: [
      { heading: "Bradford pilot summary", paragraphs: ["Bradford looked at offender management and worklessness. Tracking young offenders through the system showed how housing and benefit delays led to reoffending.", "The pilot brought the police, probation, the council and Jobcentre Plus together around a shared caseload."] },
      { heading: "Bradford: recommendations", paragraphs: ["Guarantee housing on release for young offenders. Share data between probation and Jobcentre Plus. Pool resettlement budgets in a single local fund."] },
    ],
  },
];

export const slideDeck: { title: string; bullets: string[] }[] = [
  { title: "Total Place: what we learned", bullets: ["Summit presentation, March 2010", "Thirteen pilots, one question: how can we do more for less in a place?"] },
  { title: "The count", bullets: ["About 82 billion pounds of public spending across the pilot areas", "Councils control less than a fifth of it", "Most flows through national agencies and departments"] },
  { title: "Following the customer", bullets: ["Families saw up to seventeen agencies a year", "Duplication in assessments and visits", "Front-line staff knew, but were rarely asked"] },
  { title: "Leadership across boundaries", bullets: ["Trust between leaders mattered most", "Whitehall champions opened doors", "National targets often pulled the other way"] },
  { title: "Early results", bullets: ["Pooled budgets for older people and drug treatment", "Shared public buildings", "Single assessments for families"] },
  { title: "Next steps", bullets: ["Budget 2010 takes forward place-based settlements", "Keep the relationships", "Share what works through this community"] },
];
