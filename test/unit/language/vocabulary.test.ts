import { join } from 'node:path';
import { loadVocabulary } from '../../../src/knowledgeBase';
import { Vocabulary, VocabularyError } from '../../../src/language/vocabulary';
import { projectRoot } from '../../../src/paths';

const vocabulary = loadVocabulary(join(projectRoot(), 'knowledge'));

describe('knowledge/vocabulary.yaml', () => {
  test('groups the portal words people use for the same thing', () => {
    const groupOf = (word: string) => vocabulary.synonyms.find((group) => group.includes(word))?.[0];
    for (const [word, same] of [['license', 'seat'], ['department', 'team'], ['invoice', 'payment'], ['partner', 'reseller'], ['ahead', 'early']] as const) {
      expect([word, groupOf(word)]).toEqual([word, groupOf(same)]);
    }
  });

  test.each([
    ['can we pay ahead of time?', 'can we pay early?'],
    ['our tokens are running out', 'our tokens are expiring'],
    ['What payments are coming up', 'What payments are upcoming'],
  ])('"%s" reads as "%s"', (text, meaning) => {
    expect(vocabulary.rewrite(text)).toBe(meaning);
  });

  test.each<[string, string | undefined]>([
    ['how much does a Revit subscription cost per year?', 'prices'],
    ['can I move my licence to a new laptop', 'installation'],
    ['set up single sign-on', 'sign-in'],
    ['we are tax exempt', 'tax and refunds'],
    ['do you offer student licences', 'education'],
    ['how do I add a new user to a team', 'adding users'],
    ['can I get the seat usage report as XML', 'report and invoice formats'],
    ['is there an iphone app for the account', 'mobile'],
    ['we need a formal quote', 'prices'],
    ['our company was renamed after a merger', 'accounts and companies'],
    ['move our licences to another company', 'accounts and companies'],
    ['close our company account', 'accounts and companies'],
    ['how do I change my email address', 'sign-in'],
    ["who's our reseller contact, I need their email address", undefined],
    ['can I pay by bank transfer', 'ways to pay'],
    ['does the account portal work in china', 'countries'],
    ['what happens to my files if my subscription ends', 'using the software'],
    // an incidental mention is no topic of its own
    ['why do I have fewer billing options than a friend at another company?', undefined],
    ['if I upload a CSV with more users than seats what happens', undefined],
    ['which team is the cost attributed to', undefined],
    ['can I renew early?', undefined],
    ['who can see Billing and Orders', undefined],
  ])('"%s" names the uncovered topic %s', (text, topic) => {
    expect(vocabulary.notCovered(text)?.topic).toBe(topic);
  });

  test.each([
    ['synonyms: [[seat]]', /two members/],
    ['synonyms: [[seat, licence], [licence, license]]', /"licence" is in the groups of "seat" and "licence"/],
    ['synonyms: [[Seats Used Now, x]]', /lower-case words/],
    ['colours: []', /colours/],
  ])('refuses %s', (yaml, message) => {
    expect(() => Vocabulary.parse(yaml)).toThrow(VocabularyError);
    expect(() => Vocabulary.parse(yaml)).toThrow(message);
  });
});
