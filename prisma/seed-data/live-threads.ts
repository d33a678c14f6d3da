// Demo content for Total Place Community: live event threads.
// All people, quotes, figures and links are invented for demonstration purposes.
// Authors are member handles from ./forums.ts. Only the facilitator (social reporter) posts highlights.

export interface SeedLiveItem {
  /** member handle */
  author: string;
  /** short Markdown, 1-3 sentences */
  body: string;
  highlight?: boolean;
}

/** Live commentary from the two-day Total Place Summit, in posting order. */
export const summitLive: SeedLiveItem[] = [
  // Day 1, 09:30 registration and coffee
  { author: "admin", body: "Morning all, this is the live thread for the Summit. Post from your phone or laptop and it will update by itself. The wifi network is QEII-Guest and the password is on the back of your badge." },
  { author: "facilitator", body: "Welcome to the live thread! I'm social reporting across both days, so look out for my highlights. Please add your own reactions, questions and links: the more voices the better." },
  { author: "jon-fairley", body: "On the 07:12 from Coventry with half the CSW team. Someone has brought a flipchart on the train. Of course they have." },
  { author: "sue-hallett", body: "Registration queue already goes round the corner. Good sign or bad sign?" },
  { author: "kath-dodd", body: "Coffee urn on level 3 ran dry at 09:40. If this is a test of demand forecasting, we're failing it." },
  { author: "fiona-grant", body: "There's a second coffee station on level 4 by the cloakroom and nobody has found it yet. You're welcome." },
  { author: "imran-qureshi", body: "Wifi works if you stand by the window and think positive thoughts." },
  { author: "admin", body: "Wifi update: the venue says the guest network tops out at 200 devices. If you have a laptop *and* a phone on it, please be kind and switch one off." },
  { author: "grace-mensah", body: "LGA stand is by the lifts. We've got printed summaries of all 13 pilots for anyone who still likes paper (me)." },
  { author: "bev-lloyd", body: "Good to see a few VCS lanyards this morning. Six so far. I'll keep counting; it's Total Place, after all." },
  { author: "alan-robson", body: "Ha. Bev's doing her own count. Hope she's avoiding double counting the Gateshead lot." },
  { author: "amina-hussain", body: "Bradford team have arrived, slightly damp. Found the coffee on level 4 thanks to Fiona's tip." },

  // Day 1, 10:00 welcome and the story so far
  { author: "facilitator", body: "We're starting. Welcome from the chair first, then **the story so far** from the HM Treasury team." },
  { author: "rob-tandy", body: "Slides for the story-so-far session, for anyone who can't see the screen from the back: [Total Place: the story so far](https://www.example.org/summit/day1/story-so-far.pdf)" },
  { author: "claire-whitmore", body: "Chair opens with: “This was never meant to be a cost-cutting exercise. It was meant to be a seeing-clearly exercise.” Nice line. Let's see if it survives the afternoon." },
  { author: "gareth-pryce", body: "Thirteen pilots, more than £80bn of public spend looked at, and about nine months to do it. Still hard to believe we got there." },
  { author: "facilitator", highlight: true, body: "**Key point from the welcome:** Total Place started as a question. What happens if we look at all the public money in a place at once, rather than organisation by organisation? The story so far is that the question has been more useful than any single answer." },
  { author: "paul-whitaker", body: "CLG perspective: the thing we heard most from pilots was not “give us money” but “get out of the way”. Fair challenge." },
  { author: "dave-kershaw", body: "“Get out of the way” would be more convincing with a list of exactly *which* ways. Manchester has one, if anyone wants it." },
  { author: "martin-osei", body: "Interesting that nobody has said CAA yet in this session. Is that a good sign?" },
  { author: "rob-tandy", body: "@martin-osei it's on slide 14. Patience." },
  { author: "priya-mistry", body: "Rob's slide on the three things that changed is the one I'd print out: leaders talking across agencies, finance people in the same room, and frontline staff being asked what they think." },
  { author: "lucy-brennan", body: "Love that frontline staff are in the story. In Croydon it was the health visitors who spotted what the spreadsheets didn't." },
  { author: "hannah-lees", body: "Speaker just said “the citizen was in the middle of the room”. In Lewisham she was literally in the room, on a Tuesday afternoon, telling us exactly what we'd got wrong." },
  { author: "ian-barraclough", body: "Question from Cumbria: how do you do Total Place when your place is the size of a small country and half of it is fells? I'd love the rural pilots to get a mention." },
  { author: "facilitator", body: "Noted, Ian. I'll put the rural question to the pilots' panel on Day 2. If you have a similar question, add it here and I'll collect them." },
  { author: "steve-ingham", body: "Public health view: still far too little about prevention so far. Everything is framed as spend we can save rather than harm we can prevent." },
  { author: "femi-okafor", body: "@steve-ingham speaking as PCT finance, those are the same sentence with different timescales." },
  { author: "steve-ingham", body: "Fair, Femi. It's the timescales that kill us." },
  { author: "tariq-mahmood", body: "Good to hear offender management named in the welcome. Probation often feels like an afterthought in these conversations." },
  { author: "nicola-farrant", body: "The chair's joke about “total place, partial attention” landed well. Half the room then checked their BlackBerrys." },
  { author: "facilitator", highlight: true, body: "**Key point:** the pilots weren't a test of whether councils could do it alone. The big learning is about relationships between the council, PCT, police, JCP and the VCS, and those relationships were built by doing the work together, not by signing another partnership agreement." },
  { author: "owen-jacques", body: "Asset mapping has barely come up so far. Hoping that changes, because it's where Solihull and Worcestershire found some of the quickest wins." },
  { author: "kath-dodd", body: "+1 Owen. Buildings are spend too. Very visible spend." },
  { author: "sola-adeyemi", body: "Useful framing on the HMT slides: pilots weren't asked to find savings, they were asked to find what stops us. Lewisham's answer was mostly data and trust." },
  { author: "admin", body: "The thread is running a few seconds behind on the venue wifi. If your post doesn't appear straight away, it will, so please don't post it three times." },
  { author: "jenny-walsh", body: "Posted mine three times. Sorry Tom." },
  { author: "grace-mensah", body: "Break now. Tip: the pastries on level 4 are far better than the ones on level 3. Don't ask how I know." },

  // Day 1, 11:00 what the counts told us
  { author: "facilitator", body: "Back in. Next up: **What the counts told us**, led by Priya Mistry from Birmingham with CIPFA and two other pilots." },
  { author: "fiona-grant", body: "The CIPFA counting method everyone used is here if you want to follow along: [Counting public spend: the method](https://www.example.org/summit/day1/cipfa-counting-method.pdf)" },
  { author: "priya-mistry", body: "My slides: [What the count told us in Birmingham](https://www.example.org/summit/day1/birmingham-count.pdf). Headline: roughly £7bn of public money flows into the city every year, and the council controls well under half of it." },
  { author: "claire-whitmore", body: "£7bn. And most of us had never seen it written down on one page before." },
  { author: "jon-fairley", body: "The Birmingham chart of who spends what is brilliant. Central government departments appear as a big grey block labelled “other”. That grey block is the whole story." },
  { author: "facilitator", highlight: true, body: "**Key point from the counts session:** Birmingham mapped around £7bn a year of public spend in the city across more than 40 bodies. The council's own budget is only part of it, and the biggest flows (benefits, health, education) are largely decided nationally." },
  { author: "rob-tandy", body: "From the Treasury side: the counts are the first time anyone has added this up from the bottom. Our own top-down numbers were out by more than we'd like to admit." },
  { author: "martin-osei", body: "“More than we'd like to admit”: can we have a number, Rob? Asking for an auditor." },
  { author: "rob-tandy", body: "Not on a live thread, Martin. Buy me a coffee. If you can find one." },
  { author: "femi-okafor", body: "The PCT numbers were the hardest part in Croydon. Much of our spend goes through acute contracts, where the place is wherever the patient lives, not where the hospital is." },
  { author: "priya-mistry", body: "Same in Birmingham, Femi. We ended up allocating acute spend by patient postcode. Imperfect, but the method is on slide 9." },
  { author: "dave-kershaw", body: "Manchester learning: worklessness spend ran to hundreds of millions across dozens of funding streams, most with their own targets and reporting. Nobody designed it that way; it just accreted." },
  { author: "jenny-walsh", body: "Fair. JCP is part of the accretion. But we've also been one of the agencies most willing to put our numbers on the table." },
  { author: "amina-hussain", body: "Bradford's count told the same story on worklessness. The biggest slice by far is benefits, which nobody locally has any say over, and the local spend is split across at least a dozen programmes." },
  { author: "alan-robson", body: "Quote from the Gateshead speaker: “We found we were spending more on assessing people than on helping them.” The room went quiet." },
  { author: "bev-lloyd", body: "That Gateshead line is going on a mug." },
  { author: "gareth-pryce", body: "Kent's count turned up 20-odd separate funding streams for young people alone, each with its own bidding process. Smaller VCS providers spend more time bidding than delivering." },
  { author: "bev-lloyd", body: "@gareth-pryce exactly the same in Gateshead. Our members call it the bidding treadmill." },
  { author: "fiona-grant", body: "Reminder that the counts are approximations. They're good enough to change a conversation, not good enough to set a budget, so please don't quote them to the nearest pound." },
  { author: "priya-mistry", body: "Agree with Fiona. The value was in the conversation the count forced, not in the number itself." },
  { author: "kath-dodd", body: "Worcestershire counted buildings: more than 1,100 public sector properties in the county, many of them half-empty after 5pm. Co-location stops being abstract once you see the map." },
  { author: "owen-jacques", body: "Kath, is your property map shareable? Solihull did something similar and I'd love to compare methods." },
  { author: "kath-dodd", body: "@owen-jacques yes, it's in the assets forum. I'll repost it tonight." },
  { author: "facilitator", highlight: true, body: "**Key point:** counting didn't just produce numbers. It produced a shared version of the truth that finance directors from different agencies signed up to. Several pilots said it was the first time their PCT, police and council finance leads had ever met as a group." },
  { author: "sola-adeyemi", body: "Question for Priya: how did you treat spend held by regional bodies, like the RDA or the LSC? In or out?" },
  { author: "priya-mistry", body: "In where we could attribute it to the city, out where we couldn't, and we flagged both. Slide 11." },
  { author: "martin-osei", body: "From a CAA point of view, the counts make it much easier to ask partners joint questions. It's hard to ask whether you're getting value for money together when nobody knows what “together” costs." },
  { author: "ian-barraclough", body: "Cumbria's total looks tiny next to Birmingham's, but per head of population it's a very different picture. Rurality costs. Please, nobody compare raw totals." },
  { author: "paul-whitaker", body: "CLG is feeding the counts data into the spending review work. I can't say more yet, but it is being read." },
  { author: "dave-kershaw", body: "“Being read” is civil service for what, exactly? Genuine question." },
  { author: "paul-whitaker", body: "It means being read, Dave. Closely, by people who matter. That's all I've got." },
  { author: "imran-qureshi", body: "Someone behind me just whispered “so where's the money, then?” I think that's the question of the day." },
  { author: "rachel-bowden", body: "The money is in the bit of the slide everyone skips: duplication at the front door. Three assessments, three case records, three sets of letters." },
  { author: "carl-morgan", body: "GMP count: a surprising amount of police time goes on incidents that are really about mental health or housing. Not police spend in any budget sense, but very real." },
  { author: "tariq-mahmood", body: "Carl's right, and it's the same for probation and housing. Someone released without an address costs everyone, just never on one ledger." },
  { author: "nicola-farrant", body: "Drug treatment spend is small compared with what untreated addiction costs the rest of the system. The Kent count made that visible for the first time." },
  { author: "facilitator", highlight: true, body: "**Key point:** the counts show how much spend is downstream, reacting to problems rather than preventing them. Several pilots estimate that a large share of what they counted goes on dealing with the consequences of things that weren't tackled earlier." },
  { author: "steve-ingham", body: "Finally, prevention. I'll take it, even if it's only ten words on slide 23." },
  { author: "jon-fairley", body: "Slide 23 is the best slide. I will fight anyone on this." },
  { author: "grace-mensah", body: "The LGA has a short summary of all 13 pilots' count findings: [Total Place counts at a glance](https://www.example.org/lga/total-place-counts-summary). Handy if you're briefing members next week." },
  { author: "sue-hallett", body: "Dorset's count on older people: most of the money goes on crisis, meaning hospital admissions and emergency placements. Tiny amounts go on the low-level support that keeps people at home." },
  { author: "mark-penrose", body: "And the low-level stuff is often housing: adaptations, handyperson services, warden schemes. Not glamorous, and not in anyone's headline budget." },
  { author: "priya-mistry", body: "Last slide up: “The count is the start of the conversation, not the end.” Thanks for all the questions; I'll answer the rest on here over lunch." },
  { author: "claire-whitmore", body: "Brilliant session. It was honest about the limits of the data, which made me trust the rest of it more." },
  { author: "admin", body: "Lunch now, back at 14:00. The wifi should cope better while half of you are eating. Slides from the morning are going up on the event page." },
  { author: "lucy-brennan", body: "Lunch queue strategy: the sandwiches on the left are going faster. Act accordingly." },
  { author: "alan-robson", body: "Northern observation: £4.50 for a small coffee. Someone should do a count on that." },
  { author: "fiona-grant", body: "Alan, in CIPFA terms that's a regional variation." },
  { author: "bev-lloyd", body: "Good lunchtime chats about commissioning the VCS. If anyone wants to carry on, there's a thread in the forum: [VCS and Total Place](https://www.example.org/community/forums/vcs-and-total-place)" },

  // Day 1, 14:00 customer insight
  { author: "facilitator", body: "Afternoon session starting: **Customer insight: following families through services**. Lewisham, Croydon and Leicester and Leicestershire are presenting their deep dives." },
  { author: "rachel-bowden", body: "Our slides from Leicestershire: [Customer insight: the family journeys](https://www.example.org/summit/day1/leics-customer-insight.pdf). We followed ten households for three months, and every one of them was in contact with at least five agencies." },
  { author: "hannah-lees", body: "Lewisham story: one family had 27 different professionals involved in a single year. Mum could name four of them. Nobody was in charge." },
  { author: "sola-adeyemi", body: "The 27 professionals slide got an audible gasp. I've seen it a dozen times and it still gets me." },
  { author: "facilitator", highlight: true, body: "**Key point from the deep dives:** families with complex needs aren't short of services; they're surrounded by them. What they lack is someone who knows the whole picture and can say “this is the one thing we're going to do first”." },
  { author: "lucy-brennan", body: "Croydon early years: we mapped the 0-5 journey and found more than 20 points where a family could be assessed. We reckon three would do the job better." },
  { author: "femi-okafor", body: "As the finance person on Lucy's team, I can confirm all of those assessment points cost money. Some of them cost rather a lot." },
  { author: "imran-qureshi", body: "Leicester's ethnographic work is fascinating. Our researchers spent whole days with families instead of sending out surveys, and the quote wall on slide 6 is worth a look." },
  { author: "nadeem-akhtar", body: "Luton did something similar with care leavers. Their word for the system was “exhausting”. Not complicated, not confusing: exhausting." },
  { author: "amina-hussain", body: "Bradford followed young people who had been NEET for more than a year. Most had been known to at least four services by the age of 14, and the school attendance warning signs were there for all to see." },
  { author: "carl-morgan", body: "From a policing view these journeys look very familiar. We meet the same families at 2am that children's services meet at 2pm, and we never compare notes." },
  { author: "tariq-mahmood", body: "Carl, IOM in Birmingham started from almost exactly that observation. Happy to share what's worked." },
  { author: "jenny-walsh", body: "JCP angle: some of these families are on our books too, but our systems only ever see the claimant, never the household. The deep dives are the first time I've seen the whole household drawn out." },
  { author: "dave-kershaw", body: "Practical question for the Lewisham team: how did you get consent to follow families? Our information governance people went pale when we suggested it." },
  { author: "hannah-lees", body: "@dave-kershaw we asked them, explained what we'd do with it, and let them read what we wrote. Most said yes, and honestly that took less time than the IG sign-off." },
  { author: "sola-adeyemi", body: "The IG sign-off took six weeks, so that tells you something." },
  { author: "steve-ingham", body: "Customer insight is the bit that will make Total Place stick. Nobody gets excited by a spreadsheet, but everyone remembers a family's story." },
  { author: "martin-osei", body: "Slight challenge: ten families make a great story, but are they evidence? How do we know they're typical?" },
  { author: "rachel-bowden", body: "@martin-osei fair question. We don't claim they're typical; we claim they show how the system behaves. The count gives you the scale and the journeys show you why." },
  { author: "priya-mistry", body: "Rachel's answer there is the best summary of Day 1 I've heard." },
  { author: "facilitator", highlight: true, body: "**Key point:** counts tell you how much; customer insight tells you why. As Leicestershire put it, the count gives you the scale and the journeys show how the system behaves. Neither on its own would have changed minds." },
  { author: "claire-whitmore", body: "The question I'll ask later: who in the system has the authority to act on this insight? It's brilliant work, but the person holding the story rarely holds the budget." },
  { author: "gareth-pryce", body: "Claire's question is the whole of Day 2, I think." },
  { author: "nicola-farrant", body: "Kent's drug and alcohol deep dive found people getting lost between treatment and housing. Discharged on a Friday, no bed until Monday, and three days is a long time in early recovery." },
  { author: "mark-penrose", body: "Nicola, that Friday discharge problem is everywhere. Poole had the same with older people leaving hospital." },
  { author: "sue-hallett", body: "And Dorset. The Friday problem might be the most universal finding of the whole programme." },
  { author: "kath-dodd", body: "Enjoyed the maps, but what will stay with me is the video of the young dad talking about filling in the same form four times." },
  { author: "bev-lloyd", body: "VCS organisations are often the one trusted person. We're local and people talk to us. But we're funded project by project, so the trust walks out of the door when the grant ends." },
  { author: "alan-robson", body: "Bev's point deserves saying louder, so here it is in my words: the relationship *is* the intervention." },
  { author: "facilitator", highlight: true, body: "**Key point:** in almost every deep dive, what families valued most was one consistent, trusted person, often from the VCS or a frontline worker who went beyond the job description. “The relationship is the intervention” is turning into the line of the afternoon." },
  { author: "ian-barraclough", body: "Rural insight: in West Cumbria the trusted person is often the GP receptionist or whoever runs the village post office. No service design captures that." },
  { author: "owen-jacques", body: "Serious question: has anyone costed the one-trusted-person model against what we do now? It's the first thing our finance director will ask me on Monday." },
  { author: "femi-okafor", body: "@owen-jacques Croydon had a rough go at it for early years. Not publishable yet, but the direction was very clear. Happy to talk outside." },
  { author: "jon-fairley", body: "The wifi died halfway through the video. A video about a system that doesn't work. Nobody appreciated the irony more than me." },
  { author: "admin", body: "Wifi is back. The venue has restarted the access points on level 3. Sorry, all." },
  { author: "grace-mensah", body: "Afternoon coffee has arrived, and it's hot. Day 1 is officially a success." },
  { author: "facilitator", body: "That's Day 1. I'll post a fuller round-up on the blog tonight. Thank you for a brilliant first day of commentary: more than a hundred posts on this thread already." },
  { author: "paul-whitaker", body: "Heading back to Eland House with a full notebook. Today was far more candid than most government conferences I go to." },
  { author: "rachel-bowden", body: "Anyone for the drinks reception? I'll be the one by the window still talking about family journeys." },
  { author: "lucy-brennan", body: "Day 1 done. My feet hurt and my brain is full. See you tomorrow." },

  // Day 2, arrivals
  { author: "admin", body: "Good morning and welcome to Day 2. Same wifi, same password, and a new coffee supplier (we hope)." },
  { author: "facilitator", body: "Morning, everyone. Day 2 is about what comes next: place-based budgets at 09:30, then the panel Q&A with the pilots at 13:00. Keep the questions coming, because I'm collecting them for the panel." },
  { author: "ian-barraclough", body: "Day 2 arrival: Euston at 08:50, venue by 09:20. Possibly the first time in history Cumbria has been early to anything." },
  { author: "kath-dodd", body: "Day 2 coffee report: there is coffee, there are cups and there are biscuits. The system works." },
  { author: "jenny-walsh", body: "Slightly sore head after the reception, but here. Where can I find yesterday's slides?" },
  { author: "admin", body: "@jenny-walsh all of Day 1's slides are here: [Summit Day 1 slides](https://www.example.org/summit/day1/)" },
  { author: "imran-qureshi", body: "Day 2 gossip: the Leicester and Leicestershire table agreed over dinner to do a joint count refresh next year. Total Place in action, fuelled by curry." },
  { author: "nadeem-akhtar", body: "Joining today only, as I had a safeguarding board yesterday. Reading back through the thread now and it's really useful, so thank you all." },

  // Day 2, 09:30 place-based budgets
  { author: "facilitator", body: "Starting now: **Place-based budgets: the next step**, with HMT, CLG and two pilot leaders on stage." },
  { author: "rob-tandy", body: "Slides from the Treasury session: [Place-based budgets: the next step](https://www.example.org/summit/day2/place-based-budgets.pdf). Please read slide 4 before anyone quotes me on anything." },
  { author: "gareth-pryce", body: "Slide 4 says “nothing here is government policy”. Noted, Rob." },
  { author: "facilitator", highlight: true, body: "**Key point from the place-based budgets session:** the idea is to pool or align budgets from different agencies in a place around a shared outcome. Start with a few themes, such as families with complex needs, offenders or worklessness, rather than trying to pool everything at once." },
  { author: "dave-kershaw", body: "Manchester's view: place-based budgets should start with worklessness and skills, where the money is biggest and the outcomes are easiest to measure." },
  { author: "jenny-walsh", body: "JCP can see the case, but our money and the DWP contracts are national. Pooling has to happen at the top before it can happen locally." },
  { author: "rob-tandy", body: "Jenny's right that government has to move too. That's why the Budget report matters." },
  { author: "claire-whitmore", body: "So who holds the pooled budget? It's the first thing every finance director will ask, and we haven't heard an answer yet." },
  { author: "fiona-grant", body: "CIPFA position: in many cases pooling is technically possible under existing powers. The barrier is governance and accountability, not accounting." },
  { author: "martin-osei", body: "From an audit angle: if we pool, who gets inspected? CAA was meant to look across partners, but the inspection regimes still look agency by agency." },
  { author: "paul-whitaker", body: "CLG is looking at whether the LAA could be the vehicle. We've heard strong views from pilots that it wasn't always sturdy enough to carry that weight." },
  { author: "sola-adeyemi", body: "The LAA as vehicle is fine in principle, but our LAA targets were negotiated with Whitehall one by one. That's the opposite of a place-based budget." },
  { author: "facilitator", highlight: true, body: "**Key point:** most pilots say the technical barriers to pooling are smaller than the cultural ones. Accountability, audit and inspection still run vertically, agency by agency, while place-based budgets need them to run horizontally across a place." },
  { author: "steve-ingham", body: "Health needs to be in from day one. If PCTs are only invited once the structure is agreed, we'll be consulted rather than engaged." },
  { author: "femi-okafor", body: "Agreed. PCT budgets come with ring-fences, the payment by results tariff and national targets. It isn't just about willingness; it's about rules." },
  { author: "carl-morgan", body: "Police budgets are mostly staff, so pooling means thinking about people, not pots. Integrated teams might be a better first step than integrated budgets." },
  { author: "tariq-mahmood", body: "Carl's point matters. With offenders we're already doing this through IOM without any formal pooled budget: co-location and shared caseloads first, money second." },
  { author: "priya-mistry", body: "Birmingham will be proposing a place-based budget for families with complex needs. The outline business case is on slide 12 of yesterday's deck." },
  { author: "nicola-farrant", body: "I'd love drug treatment to be in the first wave. The ring-fence is a protection, but it's also a wall." },
  { author: "bev-lloyd", body: "VCS plea: place-based budgets mustn't just mean bigger contracts that only big providers can bid for. Please build in ways for small local groups to stay in." },
  { author: "grace-mensah", body: "The LGA is drafting a short guide on governance options for pooled budgets, and we'd welcome comments: [Governance options for place-based budgets (draft)](https://www.example.org/lga/place-based-budgets-governance-draft)" },
  { author: "owen-jacques", body: "Assets should be in scope too. A single public estate is probably the easiest place-based budget to start with, and the savings are bankable." },
  { author: "kath-dodd", body: "Owen's right. Bricks and mortar don't come with ring-fences, which makes them much easier than people." },
  { author: "hannah-lees", body: "Slight worry: all this talk of budgets, and the family with 27 professionals hasn't been mentioned once this morning." },
  { author: "facilitator", body: "Great point, Hannah. It's going on my list for the panel." },
  { author: "alan-robson", body: "Gateshead view: we don't need permission for everything, and some of what we found we can simply do. Let's not wait for Whitehall to pool budgets before we change how we work." },
  { author: "rob-tandy", body: "We'd underline Alan's point from HMT. A lot of the Total Place learning needs no legislation, just the will to act on it locally." },
  { author: "ian-barraclough", body: "But some of it does need Whitehall. Will that appetite survive a much tougher spending review?" },
  { author: "facilitator", highlight: true, body: "**Key point:** the session ended on a split worth capturing. Some pilots say we can act now without permission; others say the big prizes need Whitehall to change the rules. Both are true, and the next stage needs both." },
  { author: "lucy-brennan", body: "Spotted in the break: three people from three different agencies drawing a budget diagram on a napkin. That's the whole programme right there." },
  { author: "admin", body: "Lunch is at 12:00 and the panel starts promptly at 13:00. Post questions for the panel here and Helen will pick them up." },
  { author: "rachel-bowden", body: "Question for the panel: how do we keep customer insight going once the pilot money stops? Ours was funded as a one-off." },
  { author: "sue-hallett", body: "For the panel, please: what's the first thing each pilot would do differently if they started again?" },
  { author: "martin-osei", body: "Mine for the panel: how will pilots know in a year's time whether any of this made a difference? What's the measure?" },
  { author: "jon-fairley", body: "Lunch report: very good. The only thing not pooled today was dessert. People guarded their own." },

  // Day 2, 13:00 panel Q&A with the pilots
  { author: "facilitator", body: "The panel has started: five pilot leads plus HMT. I've passed on the questions from this thread, starting with Ian's rural question and Hannah's point about the 27 professionals." },
  { author: "amina-hussain", body: "Up on the panel for Bradford in a minute. Slightly nervous, so please be kind on the thread." },
  { author: "ian-barraclough", body: "Pleased with the Cumbria lead's answer to the rural question: the place is whatever people recognise as their community, not the council boundary." },
  { author: "facilitator", highlight: true, body: "**Key point from the panel:** asked what they'd do differently, the pilots said bring health and JCP in from day one, start customer insight earlier, and involve frontline staff from the outset rather than as a consultation exercise." },
  { author: "hannah-lees", body: "Heard my question asked! The panel agreed the family with 27 professionals should be the test for any place-based budget: if it doesn't change things for her, it isn't worth doing." },
  { author: "claire-whitmore", body: "Best answer so far: “We've built relationships that will outlast the programme, and that's the real legacy.” From the Central Bedfordshire and Luton lead. Yes, I'm biased." },
  { author: "nadeem-akhtar", body: "Claire's not wrong. The joint children's board between Luton and Central Beds wouldn't exist without Total Place." },
  { author: "dave-kershaw", body: "Slight disagreement with the panel on relationships as legacy. Relationships leave when people leave, so we need structures too, or we'll be having this exact conversation in five years." },
  { author: "gareth-pryce", body: "Dave has a point. Kent is already losing two key people from our pilot to restructures." },
  { author: "rob-tandy", body: "On Martin's question about measures, the panel's answer was fewer shared outcome measures per place, agreed with government, instead of a long list of national indicators. Easier said than done." },
  { author: "martin-osei", body: "Thanks Rob. I'll hold you to “fewer”." },
  { author: "facilitator", highlight: true, body: "**Key point:** on measuring success, the panel wants a small number of shared outcome measures agreed for each place, replacing the long list of agency-by-agency targets. Several pilots said the current indicator set actively works against joint working." },
  { author: "jenny-walsh", body: "Practical question from the floor: can JCP advisers be co-located with council and VCS advisers without changing contracts? Answer: yes, and it's already happening in Bradford and Birmingham." },
  { author: "steve-ingham", body: "Amina on the panel: “Worklessness is a health issue as much as an economic one.” I've been saying that for years, and it's lovely to hear it from a stage." },
  { author: "amina-hussain", body: "Survived the panel. Thanks for the kind words, and Steve, I did credit you afterwards." },
  { author: "rachel-bowden", body: "My question about sustaining customer insight got a good answer: build it into commissioning, so every commissioner has to show how they heard from users, rather than running it as a separate project." },
  { author: "facilitator", highlight: true, body: "**Key point:** to keep customer insight alive after the pilots, build it into commissioning and performance management rather than running it as a project. In the panel's words: “make it the way we commission, not a thing we did once”." },
  { author: "paul-whitaker", body: "For CLG, the message on burdens and barriers has come through loud and clear. The pilots' list of Whitehall asks is going back with us today." },
  { author: "sola-adeyemi", body: "It would be great to see that list published, Paul. Openness would help build trust." },
  { author: "paul-whitaker", body: "Noted, Sola. I'll ask." },
  { author: "fiona-grant", body: "Final CIPFA reflection: the counts were a means, not an end. The panel made that clear, and I'm glad." },
  { author: "mark-penrose", body: "Closing line from the chair: “Total Place is a way of working, not a programme.” I'm taking that one back to Poole." },
  { author: "facilitator", highlight: true, body: "**Closing summary:** three things to take home. Count together, because the shared picture changes the conversation. Follow the family, because the journeys explain the numbers. And act locally on what you can change now, while pushing for the rule changes that need Whitehall." },
  { author: "facilitator", body: "That's a wrap. Thank you to everyone who posted across both days. Slides and my round-up will be on the event page by Friday, and the conversation carries on in the forums." },
  { author: "admin", body: "Thanks, everyone. The live thread stays open for a week if you want to add reflections on the way home." },
  { author: "kath-dodd", body: "Thank you Helen and the IDeA team. Best-run event I've been to in a while, and the coffee did (eventually) flow." },
  { author: "bev-lloyd", body: "Going home with a list of people to ring and a new mug slogan. Thank you all." },
  { author: "alan-robson", body: "Train home to Gateshead: three hours to write up my notes. Cheers, everyone." },
  { author: "jon-fairley", body: "Much appreciated, all. The flipchart made it home too." },
  { author: "priya-mistry", body: "Thank you for all the questions. Birmingham's count data is in the forum if anyone wants to dig in. Safe travels." },
  { author: "amina-hussain", body: "Lovely to meet so many of you. See some of you at the Bradford NEET workshop, which is online, so no coffee queue." },
];

/** Live thread for the online Bradford workshop on worklessness and NEET young people, happening now. */
export const workshopLive: SeedLiveItem[] = [
  { author: "facilitator", body: "Welcome to the live thread for today's workshop. I'll post highlights as we go, and everyone else please add questions and reactions here, especially if you can't get a word in on the call." },
  { author: "amina-hussain", body: "Morning all, and thanks for joining. Today we're sharing Bradford's journey maps for NEET young people and agreeing three joint actions before we close at 13:30." },
  { author: "jenny-walsh", body: "Joined from the Bradford JCP office with two of our advisers. Sound is fine, video a bit jerky." },
  { author: "admin", body: "If the video stutters, try switching your camera off: audio and this thread will keep going. The slides are also on the event page." },
  { author: "amina-hussain", body: "Journey maps are here: [NEET journey maps from the deep dives](https://www.example.org/workshops/bradford-neet/journey-maps.pdf). Map 2 is the young man who was referred six times in a year and never started anything." },
  { author: "steve-ingham", body: "Map 2 shows why this is a health issue too. Anxiety and low mood show up at almost every step, yet nobody referred him to CAMHS or his GP." },
  { author: "facilitator", highlight: true, body: "**Key point from the journey maps:** most of the young people mapped were known to at least four services by the time they left school, but no single service saw the whole picture. Referrals went sideways, not forwards." },
  { author: "dave-kershaw", body: "Greater Manchester saw the same pattern. Our answer was a single key worker who follows the young person across college, JCP and training providers, and I'm happy to share the evaluation." },
  { author: "jenny-walsh", body: "From the JCP side: at 18 they arrive on our books with a claim, but everything before that is invisible to our advisers. A simple handover from Connexions would change a lot." },
  { author: "nadeem-akhtar", body: "Luton's learning: the first term of college is the danger point for 16 and 17 year olds. Miss November and you've often lost them until next September." },
  { author: "bev-lloyd", body: "Please don't forget the VCS youth projects. They often hold the relationship long after statutory services have closed the case." },
  { author: "amina-hussain", body: "Great contributions, thank you. We'll move on to joint actions after a short break, so post your top suggestion here and we'll use them to kick off." },
  { author: "facilitator", highlight: true, body: "**Emerging actions so far:** a shared “known to” list across JCP, Connexions and the colleges; one named worker for every young person NEET for more than six months; and an early warning for college drop-out in the first term. We'll test these after the break." },
  { author: "jenny-walsh", body: "My top suggestion: put a JCP adviser in the Connexions centre one day a week from next month. No contracts to change, just diaries." },
];

/** A panel question in a live thread's Q&A. */
export interface SeedQuestion {
  author: string;
  body: string;
  anonymous?: boolean;
  /** handles of the members who voted for it */
  votes: string[];
  status: "open" | "asking" | "answered" | "dismissed";
}

const everyone = ["amina-hussain", "gareth-pryce", "sola-adeyemi", "dave-kershaw", "priya-mistry", "jon-fairley", "rachel-bowden", "imran-qureshi", "claire-whitmore", "nadeem-akhtar", "sue-hallett", "mark-penrose", "femi-okafor", "lucy-brennan", "alan-robson", "kath-dodd", "ian-barraclough", "carl-morgan", "jenny-walsh", "martin-osei", "fiona-grant", "rob-tandy", "bev-lloyd", "tariq-mahmood"];
const voters = (n: number, skip = 0) => everyone.slice(skip, skip + n);

/** The Summit's panel Q&A: all answered or dismissed by the end of the second day. */
export const summitQuestions: SeedQuestion[] = [
  { author: "dave-kershaw", body: "If a pilot proves a pooled budget saves money, what stops the department clawing the saving back in the next spending round?", votes: voters(19, 2), status: "answered" },
  { author: "sue-hallett", body: "How do we count spend by agencies whose boundaries don't match ours – the police authority covers four of us?", votes: voters(12, 5), status: "answered" },
  { author: "jenny-walsh", body: "Will Total Place survive a change of government in May?", anonymous: true, votes: voters(22, 0), status: "answered" },
  { author: "nadeem-akhtar", body: "What's the one thing the panel would tell a place starting its count next month?", votes: voters(9, 8), status: "answered" },
  { author: "carl-morgan", body: "Where is the **voluntary and community sector** in the governance of the pilots? Six lanyards out of four hundred says a lot.", votes: voters(15, 3), status: "answered" },
  { author: "rob-tandy", body: "Is anyone from DWP here to answer on Jobcentre Plus co-location?", votes: voters(4, 12), status: "dismissed" },
  { author: "lucy-brennan", body: "Customer insight work in Lewisham changed the service design – how do we make that evidence count in Whitehall, which likes numbers?", votes: voters(11, 10), status: "answered" },
  { author: "kath-dodd", body: "How will you measure whether the learning from the pilots actually spreads to the other 300+ places?", anonymous: true, votes: voters(8, 14), status: "answered" },
];

/** The workshop's Q&A, running now: one question with the panel, the rest waiting for votes. */
export const workshopQuestions: SeedQuestion[] = [
  { author: "priya-mistry", body: "How did Birmingham get the PCT to share patient-level data for the older people's count?", votes: voters(7, 1), status: "answered" },
  { author: "imran-qureshi", body: "What's a realistic time for a first count – the guide says twelve weeks, our finance team says six months?", votes: voters(6, 4), status: "asking" },
  { author: "fiona-grant", body: "Do you count capital spend, or revenue only? We keep arguing about it.", votes: voters(5, 9), status: "open" },
  { author: "alan-robson", body: "Can we see an example of a completed count template, with real numbers taken out?", anonymous: true, votes: voters(3, 11), status: "open" },
  { author: "bev-lloyd", body: "How do small charities without finance teams take part in the count?", votes: voters(2, 15), status: "open" },
];

/** Places questions among the comments, spread evenly, so the Q&A runs alongside the commentary. */
export function interleave<T, Q>(items: T[], questions: Q[]): (T | Q)[] {
  const out: (T | Q)[] = [...items];
  questions.forEach((q, j) => out.splice(Math.round(((j + 1) * items.length) / (questions.length + 1)) + j, 0, q));
  return out;
}

/** Reflections posted in the Summit's event space in the days after it. */
export const summitReflections: { author: string; body: string }[] = [
  { author: "sue-hallett", body: "Back at my desk and still thinking about the session on counting. The slides from our workshop are in the library – the bit that landed was *starting with one family's journey*, not the spreadsheet." },
  { author: "carl-morgan", body: "Thanks to the panel for taking the VCS question seriously. We've agreed to meet the Gateshead team next month about putting a voluntary sector seat on the programme board." },
  { author: "amina-hussain", body: "For anyone who missed day two: the highlights in the live thread are a good summary. Our three actions from Bradford are (1) share the count method, (2) a joint post with the PCT, (3) a learning session in June." },
  { author: "facilitator", body: "Thank you all – 400 of you over two days. The archive of the live thread and the answered questions stays linked from the event page. Please keep the reflections coming here." },
];
