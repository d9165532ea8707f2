import { join } from 'node:path';
import { smallTalkOf, type SmallTalk } from '../../../dialogs/smallTalk';
import { loadKnowledgeBase } from '../../../src/knowledgeBase';
import { projectRoot } from '../../../src/paths';

const { index } = loadKnowledgeBase(join(projectRoot(), 'knowledge'));
const englishShare = (text: string): number => index.englishShare(text);

describe('small talk is recognised on the whole message, and questions are left to search', () => {
  test.each<[string, SmallTalk | undefined]>([
    ['hi', 'greeting'],
    ['Hello there!', 'greeting'],
    ['good morning', 'greeting'],
    ['thanks', 'thanks'],
    ['ok thank you so much', 'thanks'],
    ['cheers', 'thanks'],
    ['bye', 'goodbye'],
    ["that's all", 'goodbye'],
    ['what else can you do?', 'capabilities'],
    ['how can you help me', 'capabilities'],
    ['are you a bot?', 'bot'],
    ['am I talking to a real person', 'bot'],
    ['¿Cuándo se renueva mi suscripción?', 'not-english'],
    ['Wie kann ich meine Zahlungsmethode ändern?', 'not-english'],
    ['Comment puis-je renouveler mon abonnement ?', 'not-english'],
    ['Hoe verleng ik mijn abonnement?', 'not-english'],
    ['hola', 'not-english'],
    ['hi, when does our AutoCAD renew?', undefined],
    ['thanks, and how do I turn off auto-renew?', undefined],
    ['seat usgae', undefined],
    ['contract manger', undefined],
    ['autorenw off', undefined],
    ['pls how i can renew befor the date, my boss ask me', undefined],
    ['tell me a joke', undefined],
    ['renew ahead of time', undefined],
    // English the articles don't speak is still English
    ["can you reset Dev's password", undefined],
    ['reset my password pls', undefined],
  ])('%s → %s', (text, kind) => {
    expect(smallTalkOf(text, englishShare)).toBe(kind);
  });
});
