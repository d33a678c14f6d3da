/**
 * The sector's acronyms and what they stand for. Both engines treat each group as equivalent, both ways:
 * "NEET" finds "not in education, employment or training" and the other way round.
 * Phrases are written as the engines tokenise them: lower case, punctuation dropped.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ["neet", "not in education employment or training"],
  ["laa", "local area agreement"],
  ["caa", "comprehensive area assessment"],
  ["pct", "primary care trust"],
  ["jcp", "jobcentre plus"],
  ["lep", "local enterprise partnership"],
  ["clg", "communities and local government"],
  ["dclg", "department for communities and local government"],
  ["dcsf", "department for children schools and families"],
  ["hmt", "hm treasury"],
  ["lga", "local government association"],
  ["idea", "improvement and development agency"],
  ["cipfa", "chartered institute of public finance and accountancy"],
  ["ots", "office of the third sector"],
  ["vcs", "voluntary and community sector"],
  ["lsp", "local strategic partnership"],
  ["dwp", "department for work and pensions"],
  ["nhs", "national health service"],
  ["asb", "antisocial behaviour", "anti social behaviour"],
  ["sen", "special educational needs"],
  ["mou", "memorandum of understanding"],
];

export type SynonymMap = ReadonlyMap<string, readonly string[]>;

/** Each phrase (lower case, single spaces) mapped to its equivalents, excluding itself. */
export function synonymMap(groups: readonly (readonly string[])[] = SYNONYM_GROUPS): SynonymMap {
  const map = new Map<string, string[]>();
  for (const group of groups) {
    for (const phrase of group) map.set(phrase, group.filter((p) => p !== phrase));
  }
  return map;
}

/** The same list in Meilisearch's settings shape: every phrase lists its equivalents. */
export function meilisearchSynonyms(groups: readonly (readonly string[])[] = SYNONYM_GROUPS): Record<string, string[]> {
  return Object.fromEntries([...synonymMap(groups)].map(([k, v]) => [k, [...v]]));
}
