/**
 * The default English lexicon of the knowledge search: words that carry no meaning for
 * retrieval, groups of words people use for the same thing, and the prefixes people
 * write joined, hyphenated or apart ("autorenew", "auto-renew", "auto renew").
 * The portal's own vocabulary (synonym groups, phrases) is data: knowledge/vocabulary.yaml.
 */

export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any anyone anything are as at be because been before
  being below between both but by can cannot could dear did do does doesn doing don done down during each
  either else etc ever every few for from further get gets getting go going got had has have having he hello
  help her here hers hey hi him his how however i if im in into is isn it its itself just know let like ll
  look looking me might mine more most much must my myself need needs no nor not now of ok okay on once only
  or other our ours out own please re really same say see shall she should so some someone something
  such sure tell than thank thanks that the their theirs them then there these they thing things this those
  through to too until up us ve very want wanted was wasn way we were what whats when where whether which
  while who whom whose why will with won would wouldn yes you your yours
  actually anyway basically clarify currently explain guys issue issues kind maybe perhaps problem problems
  exist exists question questions sort stuff thru via wonder wondering idea one ones well`.split(/\s+/),
);

/** Chat shorthand, spelled out before anything else reads the words. */
export const SHORTHAND: ReadonlyMap<string, string> = new Map([
  ['acct', 'account'],
  ['b4', 'before'],
  ['info', 'information'],
  ['mgr', 'manager'],
  ['pls', 'please'],
  ['plz', 'please'],
  ['sub', 'subscription'],
  ['subs', 'subscriptions'],
  ['thx', 'thanks'],
  ['u', 'you'],
  ['ur', 'your'],
  ['vs', 'versus'],
  ['abt', 'about'],
  ['hav', 'have'],
  ['thru', 'through'],
  ['wat', 'what'],
  ['wen', 'when'],
  ['yr', 'year'],
  ['yrs', 'years'],
]);

/** Idioms, mostly of stop words, rewritten to the word they mean before tokenizing. */
export const IDIOMS: ReadonlyArray<[pattern: RegExp, meaning: string]> = [
  [/\b(by (it|them)sel(f|ves)|on (its|their) own)\b/g, 'automatically'],
  [/\broll(s|ed|ing)? over\b/g, 'renews'],
  // "Pre-renew" is renewing before the renewal date.
  [/\bpre[- ]?(renew|renews|renewed|renewing|renewal|renewals)\b/g, 'early $1'],
  [/\bplac(e|es|ed|ing) (an |the |our |my |a )?orders?\b/g, 'bought'],
  // "Under a team" is "in a team"; "under-assigned" and "under assigned" keep their prefix.
  [/\bunder (?=(a|an|the|another|other|different|which|what|our|my|their|its|this|that|one|each|every|some|any|same|separate|new)\b)/g, 'in '],
  [/\b(show|shows|showed|showing|turn|turns|turned|turning) up\b/g, 'appear'],
  // Planning is deciding, not a plan (a subscription).
  [/\bplann(ing|ed|er|ers)\b/g, 'decisions'],
  // A count of things ("5 more seats", "30 users") says how many, not what: the things are the question.
  [/\b\d+ (?=(more |extra |additional |new |of (our |my |the )?)?(seats?|licen[cs]es?|users?|people|persons?|employees?|members?|staff|products?|subscriptions?|teams?|tokens?|weeks?|months?|years?)\b)/g, ''],
  // "Get Help" is the name of the portal's help menu, though "help" alone says nothing.
  [/\bget help\b|\bhelp(?= (menu|icon|button)\b)/g, 'gethelp'],
];

/**
 * British spellings read as the American ones the articles mostly use, so "licence" and "license", "organise"
 * and "organize" are one word, at full weight, rather than synonyms.
 */
export const SPELLINGS: ReadonlyArray<[pattern: RegExp, american: string]> = [
  [/\blicenc(e|es|ed|ing)\b/g, 'licens$1'],
  [/\b(organ|recogn|author|custom|optim|priorit|summar|util|standard|minim|maxim|central|final|special|apolog|categor)is(e|es|ed|ing|ation|ations)\b/g, '$1iz$2'],
  [/\b(cent|met|lit|theat)re(s)?\b/g, '$1er$2'],
  [/\b(col|behavi|fav|hon|lab|neighb)our(s|ed|ing|ite|ites)?\b/g, '$1or$2'],
  [/\bcatalogue(s)?\b/g, 'catalog$1'],
  [/\benrolment(s)?\b/g, 'enrollment$1'],
];

/** Prefixes split off a joined word, so "overassigned" indexes as "over assigned". */
export const COMPOUND_PREFIXES = /^(auto|over|under)([a-z]{4,})$/;

/** Words that begin like a compound but are not one. */
export const NOT_COMPOUNDS =
  /^(auto(desk|cad|mat|nom|graph|mobil|pilot|bahn)|over(view|all|seas|time|whelm|come|lap|ride|head|flow|night|look)|under(stand|stood|neath|go|line|lying|take|took|score|way|ground|stat))/;

/**
 * Question words and negation: stop words for matching, but "where" and "why" questions want
 * different answers, and "does not renew" is not "renews". Negations share one cue.
 */
const CUES: ReadonlyMap<string, number> = new Map([
  ['where', 0],
  ['what', 1],
  ['how', 2],
  ['who', 3],
  ['why', 4],
  ['when', 5],
  ['which', 6],
  ['not', 7],
  ['no', 7],
  ['never', 7],
  ['cannot', 7],
]);

/** The cues among a text's words, as a bit mask. */
export function questionCues(words: readonly { word: string }[]): number {
  let mask = 0;
  for (const { word } of words) {
    const bit = CUES.get(word);
    if (bit !== undefined) mask |= 1 << bit;
  }
  return mask;
}
