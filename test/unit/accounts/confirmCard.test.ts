import { join } from 'node:path';
import { CardRenderer } from '../../../cards/render';
import { confirmCard } from '../../../dialogs/account/accountViews';
import { Replies } from '../../../dialogs/replies';
import type { ActionPreview } from '../../../src/domain/accounts';
import { loadKnowledgeBase } from '../../../src/knowledgeBase';
import { projectRoot } from '../../../src/paths';
import { proseOf } from '../../support/cards';

const replies = new Replies(new CardRenderer(), loadKnowledgeBase(join(projectRoot(), 'knowledge')).menu);

const preview = (before: ActionPreview['before'], after: ActionPreview['after']): ActionPreview => ({ kind: 'confirm', title: 'Change', lines: [], before, after });

/** The confirmation card's facts, as a person reads them: label, then value. */
function factsOf(p: ActionPreview): string {
  return proseOf([confirmCard(replies, p, 'token-1') as never]);
}

describe('the confirmation card says what changes in human words', () => {
  test.each<[string, ActionPreview, RegExp, RegExp]>([
    ['auto-renew', preview({ autoRenew: true }, { autoRenew: false }), /Auto-renew On → Off/, /autoRenew|on → off/],
    ['early renewal', preview({ renewalDate: '2027-01-15' }, { renewalDate: '2028-01-15', order: 'O-9005', total: 4687500 }), /Renewal date January 15, 2027 → January 15, 2028[\s\S]*New order O-9005[\s\S]*Charged \$46,875\.00/, /renewalDate|none →|4687500/],
    ['team move', preview({ team: 'Field Ops' }, { team: 'Design' }), /Team Field Ops → Design/, /^team /m],
    ['unassign', preview({ seat: 'Ana Ruiz', lastUsed: null }, { seat: null }), /Seat holder Ana Ruiz → nobody \(unassigned\)/, /lastUsed|→ none/],
  ])('%s', (_case, p, shows, hides) => {
    const facts = factsOf(p);
    expect(facts).toMatch(shows);
    expect(facts).not.toMatch(hides);
  });
});
