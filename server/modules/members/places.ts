/** The 13 Total Place pilot places. Members choose one of these or "Other". Pure data: usable by app/. */
export const PILOT_PLACES = [
  "Birmingham",
  "Bradford",
  "Central Bedfordshire and Luton",
  "Coventry, Solihull and Warwickshire",
  "Croydon",
  "Cumbria",
  "Dorset, Bournemouth and Poole",
  "Gateshead",
  "Kent",
  "Leicester and Leicestershire",
  "Lewisham",
  "Manchester city region",
  "Worcestershire",
] as const;

export const OTHER_PLACE = "Other";
