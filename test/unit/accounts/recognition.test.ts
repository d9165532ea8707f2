import { notFound, recognizeTargets, resolveTarget, unknownTeamNamed, type Identity, type TargetResolution } from '../../../src/domain/accounts';
import { ana, ben, catalog, demo, dev, fay, nobody } from './demo';

/** "one S-102", "one S-102 + t-design", "several S-101, S-111", "not-found Civil 3D", "none" */
function summary(resolution: TargetResolution): string {
  switch (resolution.kind) {
    case 'none':
      return 'none';
    case 'not-found':
      return `not-found ${resolution.what}`;
    case 'hidden':
      return `hidden ${resolution.subscription}`;
    case 'one':
      return `one ${Object.values(resolution.target).join(' + ')}`;
    case 'several':
      return `several ${resolution.choices.map((c) => c.target.subscription ?? c.target.contract ?? c.target.team).join(', ')}`;
  }
}

test.each<[string, Identity, string, string]>([
  ['Ana', ana, 'when does our autocad renew', 'one S-102'],
  ['Ana', ana, 'S-102', 'one S-102'],
  ['Ana', ana, 'what about s102?', 'one S-102'],
  ['Ana', ana, 'renew C-100 early', 'one C-100'],
  ['Ana', ana, 'c100', 'one C-100'],
  ['Ana', ana, 'turn off auto-renew for civil', 'one S-201'],
  ['Ana', ana, 'which team pays for the AEC collection', 'one S-101'],
  ['Ana', ana, 'the aec', 'one S-101'],
  ['Ana', ana, 'the pdm collection', 'one S-111'],
  ['Ana', ana, 'product design', 'one S-111'],
  ['Ana', ana, "Revit's renewal", 'one S-121'],
  ['Ana', ana, 'autocat', 'one S-102'],
  ['Ana', ana, 'the collection', 'several S-101, S-111'],
  ['Ana', ana, 'civil 3d and autocad', 'several S-102, S-201'],
  ['Ana', ana, 'seat usage for field ops', 'one t-field'],
  ['Ana', ana, 'token usage for the manufacturing team', 'one t-mfg'],
  ['Ana', ana, 'move autocad to design', 'one S-102 + t-design'],
  ['Ana', ana, 'when does our subscription renew', 'none'],
  ['Ana', ana, 'S-501', 'not-found S-501'],
  ['Ana', ana, 'move S-501 to design', 'not-found S-501'],
  ['Ana', ana, 'inventor', 'not-found Inventor'],
  ['Ben', ben, 'Civil 3D', 'one S-201'],
  ['Dev', dev, 'aec collection', 'one S-101'],
  ['Dev', dev, 'revit', 'one S-121'],
  ['Dev', dev, 'autocad', 'hidden S-102'],
  ['Dev', dev, 'turn off auto-renew for civil 3d', 'hidden S-201'],
  ['Ana', ana, 'seat usage for feild ops', 'one t-field'],
  ['Ana', ana, 'when does civl 3d renew', 'one S-201'],
  ['Ana', ana, 'the manufactring collection', 'one S-111'],
  ['Ana', ana, 'when does our renewal happen', 'none'],
  ['Dev', dev, 'S-102', 'not-found S-102'],
  ['Dev', dev, 'C-200', 'not-found C-200'],
  ['Fay', fay, 'autocad', 'one S-501'],
  ['Fay', fay, 'civil 3d', 'not-found Civil 3D'],
  ['Fay', fay, 'aec collection', 'not-found AEC Collection'],
  ['Fay', fay, 'S-102', 'not-found S-102'],
  ['Fay', fay, 'C-100', 'not-found C-100'],
  ['Fay', fay, 'field ops', 'none'],
  ['nobody', nobody, 'when does S-102 renew', 'not-found S-102'],
  ['nobody', nobody, 'autocad', 'none'],
  ['Ana', ana, 'what was order O-9003', 'one O-9003 + C-120'],
  ['Ana', ana, 'order o9004', 'one O-9004'],
  ['Dev', dev, 'order O-9002', 'not-found O-9002'],
  ['Fay', fay, 'order O-9001', 'not-found O-9001'],
  ['Dev', dev, 'do I have 3ds Max and Alias?', 'not-found 3ds Max,Alias'],
])('%s: "%s" → %s', (_who, identity, text, expected) => {
  expect(summary(resolveTarget(recognizeTargets(demo, identity, text, catalog.products)))).toBe(expected);
});

test('choices carry button labels', () => {
  const resolution = resolveTarget(recognizeTargets(demo, ana, 'the collection', catalog.products));
  expect(resolution).toEqual({
    kind: 'several',
    named: false,
    choices: [
      { label: 'AEC Collection (S-101)', target: { subscription: 'S-101' } },
      { label: 'PDM Collection (S-111)', target: { subscription: 'S-111' } },
    ],
  });
});

test.each<[string, Identity, string, string | undefined]>([
  ['Ana', ana, 'Do we have a Marketing team set up?', 'Marketing'],
  ['Ana', ana, 'seat usage for the Design team', undefined],
  ['Ana', ana, 'seat usage for the field ops team', undefined],
  ['Ana', ana, 'how do I reach the support team', undefined],
  ['Ana', ana, 'which team pays for AutoCAD', undefined],
  ['Ana', ana, 'move AutoCAD to another team', undefined],
  ['Ana', ana, 'what does our team use', undefined],
  ['Ben', ben, 'Does the Sales department have any subscriptions?', 'Sales'],
  ['Fay', fay, 'How many seats does our Design team have?', 'Design'],
  ['Fay', fay, 'token usage for the shop floor team', undefined],
])('%s: a team named that the company lacks, in "%s" → %s', (_who, identity, text, expected) => {
  expect(unknownTeamNamed(demo, identity, text)).toBe(expected);
});

test('several things not found are named together', () => {
  expect(notFound(['3ds Max', 'Alias']).lines[0]).toBe('You have no "3ds Max" or "Alias" subscription or contract that I can see.');
  expect(notFound('S-999').lines[0]).toBe('I couldn\'t find "S-999" among the subscriptions and contracts you can see in your account.');
});
