import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { NoAccount, NotFound, Refused } from '../reply';
import type { Reseller, Tenant } from '../schema';

const requestId = z.string().min(8).max(100);

/**
 * A new action request's id, which its confirmation card carries back as the token. Random letters, digits,
 * "-" and "_": a UUID's digit groups look like a card number about once in 800, and the redaction of incoming
 * activities would then blank the token and the Confirm button would stop working.
 */
export function newRequestId(): string {
  return randomBytes(12).toString('base64url');
}

/** A contract or subscription id; a subscription stands for its contract where the action is per contract. */
const target = z.string().min(1).max(40);

/**
 * A confirmed action, as a card submits it. `id` is minted when the confirmation card is made, so a
 * second click (or a replay) carries the same id and is applied once.
 */
export const actionRequest = z.discriminatedUnion('kind', [
  z.strictObject({ id: requestId, kind: z.literal('set-auto-renew'), target, on: z.boolean() }),
  z.strictObject({ id: requestId, kind: z.literal('renew-early'), target }),
  /** `team`: the destination, by id or name. */
  z.strictObject({ id: requestId, kind: z.literal('move-subscription'), target, team: z.string().min(1).max(80) }),
  z.strictObject({ id: requestId, kind: z.literal('unassign-contract-manager-seat'), target }),
]);

export type ActionRequest = z.infer<typeof actionRequest>;
export type ActionKind = ActionRequest['kind'];

export type AuditValues = Record<string, string | number | boolean | null>;

/** One line of the audit log. */
export interface AuditRecord {
  requestId: string;
  tenant: string;
  who: { id: string; name: string };
  action: ActionKind;
  /** The contract or subscription acted on. */
  target: string;
  /** ISO date-time */
  at: string;
  before: AuditValues;
  after: AuditValues;
}

/** The account's rules do not allow it (a reseller contract, the window not open yet, nothing to change). */
export interface NotPossible {
  kind: 'not-possible';
  reason: string;
  lines: string[];
  /** Who to contact instead, for reseller contracts. */
  reseller?: Reseller;
  /** When it becomes possible, e.g. when the early-renewal window opens. */
  from?: string;
}

export type Blocked = NoAccount | NotFound | Refused | NotPossible;

/** What the confirmation card shows. */
export interface ActionPreview {
  kind: 'confirm';
  title: string;
  lines: string[];
  before: AuditValues;
  after: AuditValues;
}

export type ActionOutcome =
  | { kind: 'applied'; tenant: Tenant; audit: AuditRecord; lines: string[] }
  | { kind: 'already-applied'; lines: string[] }
  | Blocked;
