import { z } from 'zod';

/** Thresholds of the confidence gate; the defaults are tuned on the development questions. */
export const gateOptions = z.strictObject({
  /** Below this share of the question's words known to the articles, the question is out of scope. */
  minCoverage: z.number().min(0).max(1).default(0.5),
  /** The top article must match at least this share of the question's words. */
  minTopCoverage: z.number().min(0).max(1).default(0.5),
  /** Below this normalised score nothing is confident enough to show, even as a choice. */
  minScore: z.number().min(0).max(1).default(0.2),
  /** Articles within this much of the top score are close calls. */
  closeCall: z.number().min(0).max(1).default(0.08),
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

/**
 * Decides between answering, asking "Did you mean…", and admitting there is no answer.
 * `ranked` is best first; `coverage` is the share of the question the knowledge knows.
 */
export function decide<T extends Candidate>(ranked: readonly T[], coverage: number, options: GateOptions): Verdict<T> {
  const [top, ...rest] = ranked;
  const nearest = ranked.slice(0, options.maxChoices);
  if (!top || coverage < options.minCoverage || top.coverage < options.minTopCoverage || top.score < options.minScore) {
    return { kind: 'none', nearest };
  }
  const close = rest.filter((other) => top.score - other.score < options.closeCall && other.score >= options.minScore);
  if (close.length > 0) return { kind: 'did-you-mean', choices: [top, ...close].slice(0, options.maxChoices) };
  return { kind: 'answer', hit: top, alternatives: rest.filter((other) => other.score >= options.minScore).slice(0, 2) };
}
