import { detectAll } from 'tinyld';
import { isEnglishWord } from '../src/language/englishWords';
import { normalizeCommandText } from './commands';
import { buttons } from './replies';
import type { Turn } from './turn';

/** The kinds of conversational message that deserve a short friendly reply rather than a search. */
export type SmallTalk = 'greeting' | 'thanks' | 'goodbye' | 'capabilities' | 'bot' | 'not-english';

/** Whole-message patterns: "hi, when does AutoCAD renew?" is a question, not a greeting. */
const patterns: [Exclude<SmallTalk, 'not-english'>, RegExp][] = [
  ['greeting', /^(hi+|hello+|hey+|hiya|howdy|greetings|yo|good (morning|afternoon|evening|day))( there| bot| again| everyone| all)?( how are you( doing)?)?$/],
  ['thanks', /^((ok(ay)?|great|perfect|awesome|cool|nice|brilliant|super),? )?(thanks?( you)?( so much| a lot| very much)?|thx|ty|cheers|much appreciated|that helped|that was helpful)( bye)?$/],
  ['goodbye', /^(bye+|goodbye|bye bye|see (you|ya)( later)?|that'?s all( for now)?|have a (nice|good) day|good night|later)$/],
  ['capabilities', /^(what (else )?(can|do) you (do|help( me)? with)|what are you (for|able to do)|how can you help( me)?|what do you know( about)?|what can i ask( you)?)$/],
  ['bot', /^(are you (a |an )?(bot|robot|human|real( person)?|person|ai|machine|chatbot)|am i (talking|chatting) (to|with) (a )?(bot|human|person|real person)|is this (a )?(bot|human|real person))$/],
];

/** Greetings in other languages are too short for a detector, so the common ones are listed. */
const foreignGreeting = /^(hola|bonjour|salut|hallo|guten (tag|morgen)|ciao|buongiorno|buenos d[ií]as|ol[aá]|bom dia|merci|gracias|danke|grazie|obrigad[oa])$/;

/**
 * What kind of small talk the message is, if any. `englishShare` is the share of its words an English
 * reader of the articles would know: a message is taken for another language only when the detector
 * is sure, or when it leans away from English and few of the words are known English.
 */
export function smallTalkOf(text: string, englishShare: (text: string) => number): SmallTalk | undefined {
  const normalized = normalizeCommandText(text).replace(/[!.?,]+/g, (m) => (m.includes(',') ? ',' : '')).replace(/\s+/g, ' ');
  if (normalized.length <= 60) {
    for (const [kind, pattern] of patterns) if (pattern.test(normalized)) return kind;
    if (foreignGreeting.test(normalized)) return 'not-english';
  }
  return isNotEnglish(text, englishShare) ? 'not-english' : undefined;
}

/** The share of a message's words found in an English dictionary (of three letters or more) that makes it English. */
const ENGLISH_SHARE = 0.6;

/** Short words of other languages that English never uses on its own: a sign the detector can trust. */
const FOREIGN_WORDS = new Set(
  'el los las del por para que qué cómo como cuándo cuando mi mis su una unos es está puedo quiero tengo le les des du est mon ma mes nous vous je suis avec pour quand der das und ist ich wie wann mein meine kann nicht ein eine il lo gli della sono vorrei posso quanto mio ik het een mijn hoe wanneer kan niet não você meu minha'.split(' '),
);

/**
 * Another language when the detector leans away from English, few words are known English, and there is
 * a second sign: the detector is sure, letters English doesn't use, or another language's short words.
 */
function isNotEnglish(text: string, englishShare: (text: string) => number): boolean {
  const words = text.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
  // The share of known English words is cheap and settles most messages; the detector is not.
  if (words.length < 2 || englishShare(text) >= 0.5) return false;
  // "can you reset Dev's password": the articles don't know the words, but English does.
  if (words.filter((word) => word.length > 2 && isEnglishWord(word)).length >= ENGLISH_SHARE * words.length) return false;
  const [top] = detectAll(text);
  if (!top || top.lang === 'en') return false;
  return (top.accuracy >= 0.5 && words.length >= 3) || /[à-öø-ÿß¿¡]/i.test(text) || words.some((word) => FOREIGN_WORDS.has(word));
}

const replies: Record<SmallTalk, (name: string | undefined) => { title?: string; lines: string[] }> = {
  greeting: (name) => ({ lines: [`Hello${name ? ` ${name.split(/\s+/)[0] ?? ''}` : ''}! Ask me about subscriptions, renewals or billing, or open the Get Help menu.`] }),
  thanks: () => ({ lines: ["You're welcome. Ask me anything else whenever you like."] }),
  goodbye: () => ({ lines: ['Goodbye, and thanks for chatting. I am here whenever you need help with your account.'] }),
  capabilities: () => ({
    title: 'What I can do',
    lines: [
      'I answer questions about subscriptions, renewals, billing, teams, seats and usage reports, in your own words.',
      'Signed in, I can also tell you about your own account (renewal dates, upcoming payments, seats) and make simple changes such as turning auto-renew off, after you confirm.',
      'You can browse the Get Help menu at any time, or ask for a support agent.',
    ],
  }),
  bot: () => ({ lines: ["Yes, I'm the account help bot, an automated assistant. If you'd rather talk to a person, a support agent can take over."] }),
  'not-english': () => ({
    title: 'I answer in English',
    lines: ["Sorry, I couldn't read that as English: I can only answer questions in English for now. Please ask again in English, or contact a support agent."],
  }),
};

/** Replies to small talk and says so; returns false for anything else, which goes on to search. */
export async function answerSmallTalk(turn: Turn, text: string, name: string | undefined): Promise<boolean> {
  const kind = smallTalkOf(text, (message) => turn.services.knowledge.englishShare(message));
  if (!kind) return false;
  turn.route(`small-talk.${kind}`);
  const reply = replies[kind](name);
  const actions = kind === 'bot' || kind === 'not-english' ? [buttons.agent(), buttons.getHelp()] : [buttons.getHelp(), buttons.search(), buttons.agent()];
  await turn.send(turn.services.replies.notice({ ...(reply.title ? { title: reply.title } : {}), lines: reply.lines, actions }));
  return true;
}
