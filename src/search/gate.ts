import { z } from 'zod';

/**
 * Thresholds of the confidence gate. The defaults are tuned on the development set, the paraphrase table and
 * the question sets in bench/questions (`npm run bench -- answers`).
 */
export const gateOptions = z.strictObject({
  /** Below this share of the question's words known to the articles, the question is out of scope. */
  minCoverage: z.number().min(0).max(1).default(0.6),
  /** The top article must match at least this share of the question's words. */
  minTopCoverage: z.number().min(0).max(1).default(0.5),
  /** Below this normalised score nothing is confident enough to show, even as a choice. */
  minScore: z.number().min(0).max(1).default(0.3),
  /** Articles within this much of the top score are close calls (0.02 asked "Did you mean" where the top was right). */
  closeCall: z.number().min(0).max(1).default(0.005),
  /** A one-word question ("seats") needs a wider lead: many articles mention any single word. */
  closeCallOneWord: z.number().min(0).max(1).default(0.06),
  /** How many choices "Did you mean" offers at most. */
  maxChoices: z.number().int().min(2).max(5).default(3),
});

export type GateOptions = z.infer<typeof gateOptions>;

/** What the gate needs to know about a ranked candidate. */
export interface Candidate {
  score: number;
  coverage: number;
}

export type Verdict<T> =
  | { kind: 'answer'; hit: T; alternatives: T[] }
  | { kind: 'did-you-mean'; choices: T[] }
  | { kind: 'none'; nearest: T[] };

/** What the gate knows about the question itself. */
export interface Question {
  /** The share of the question's content words the articles know (0..1). */
  coverage: number;
  /** How many content words it has. */
  words: number;
}

/**
 * Decides between answering, asking "Did you mean…", and admitting there is no answer.
 * `ranked` is best first. An article that matches too little of the question is passed over even when
 * it scores highest (one rare word can lift it), so a runner-up that covers the question can still answer.
 */
export function decide<T extends Candidate>(ranked: readonly T[], question: Question, options: GateOptions): Verdict<T> {
  const nearest = ranked.slice(0, options.maxChoices);
  const [top, ...rest] = ranked.filter((candidate) => candidate.coverage >= options.minTopCoverage);
  if (!top || !isConfident(top, question, options)) return { kind: 'none', nearest };
  const plausible = rest.filter((other) => other.score >= options.minScore);
  const margin = question.words <= 1 ? options.closeCallOneWord : options.closeCall;
  const close = plausible.filter((other) => top.score - other.score < margin);
  if (close.length > 0) return { kind: 'did-you-mean', choices: [top, ...close].slice(0, options.maxChoices) };
  return { kind: 'answer', hit: top, alternatives: plausible.slice(0, 2) };
}

/** The question is mostly about things the articles know, and the top article covers most of it, strongly enough. */
function isConfident(top: Candidate, question: Question, options: GateOptions): boolean {
  return (
    question.coverage >= options.minCoverage && top.coverage >= options.minTopCoverage && top.score >= options.minScore
  );
}
