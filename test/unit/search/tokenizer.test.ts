import { normalise, terms, tokenize, words } from '../../../src/language/tokenizer';

describe('tokenizer', () => {
  test.each([
    ['How do I turn off auto-renew?', ['turn', 'off', 'auto', 'renew']],
    ['turn off autorenewal', ['turn', 'off', 'auto', 'renew']],
    ['turn off auto renew', ['turn', 'off', 'auto', 'renew']],
    ['over-assigned seats', ['over', 'assign', 'seat']],
    ['overassignment', ['over', 'assign']],
    ['under-assigned', ['under', 'assign']],
    ['AutoCAD and Autodesk overview', ['autocad', 'autodesk', 'overview']],
    ['Architecture, Engineering & Construction', ['architectur', 'engineer', 'construct']],
    ["What's the contract manager's role?", ['contract', 'manager', 'rol']],
    ['Civil 3D', ['civil', '3d']],
    ['Café déjà vu', ['caf', 'deja', 'vu']],
    ['', []],
    ['the and of to', []],
    ['my boss wants to know', ['bos']],
    ['our subs renewed via a reseller', ['subscrib', 'renew', 'reseller']],
    ['will it roll over next year', ['renew', 'next', 'year']],
    ['I placed the order', ['buy']],
    ['Where is the Get Help menu?', ['gethelp', 'menu']],
    ['help icon', ['gethelp', 'icon']],
    ['can you help me', []],
    ['our licences', ['licens']],
    ['organised into teams', ['organiz', 'team']],
    ['we bought 5 more seats', ['buy', 'seat']],
    ['seven days, 90 days', ['seven', 'day', '90', 'day']],
    ['will they show up under another team?', ['appear', 'another', 'team']],
    ['still under-assigned', ['stil', 'under', 'assign']],
    ["I have no idea, it's the one", []],
  ])('%j -> %j', (text, expected) => {
    expect(terms(text)).toEqual(expected);
  });

  test.each([
    ["Why can't I see it?", 'why can not i see it?'],
    ['it doesnt renew', 'it does not renew'],
    ["it won't renew", 'it will not renew'],
    ["what we'll be charged", 'what we will be charged'],
    ['renews each yr', 'renews each year'],
    ['wen do we hav to renew', 'when do we have to renew'],
    ['I dont know', 'i do not know'],
    ['payment account', 'payment account'],
    ['does it renew on its own?', 'does it renew automatically?'],
  ])('normalises %j to %j', (text, expected) => {
    expect(normalise(text)).toBe(expected);
  });

  test('keeps stop words in the word stream, flagged', () => {
    expect(words('turn of renewal')).toEqual([
      { word: 'turn', stop: false },
      { word: 'of', stop: true },
      { word: 'renewal', stop: false },
    ]);
  });

  test('reads at most the given number of content words', () => {
    const huge = 'renew my subscription please '.repeat(2000);
    expect(tokenize(huge, 5)).toHaveLength(5);
  });
});
