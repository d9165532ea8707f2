/** What agents and users type around a live chat, read as commands or intents. */

export const agentCommands = ['end', 'transcript', 'release', 'queue'] as const;
export type AgentCommand = (typeof agentCommands)[number];

export type AgentInput =
  | { kind: 'command'; command: AgentCommand }
  /** "/edn": looks like a command, so it is not sent to the user; tell the agent which commands exist. */
  | { kind: 'unknown-command'; text: string }
  | { kind: 'relay'; text: string };

/** Reads an agent's message in a live chat: a command, or text for the user. */
export function parseAgentInput(text: string): AgentInput {
  const trimmed = text.trim();
  const command = /^\/([a-z]+)$/i.exec(trimmed)?.[1]?.toLowerCase();
  if (command === undefined) return { kind: 'relay', text };
  return isAgentCommand(command) ? { kind: 'command', command } : { kind: 'unknown-command', text: trimmed };
}

function isAgentCommand(word: string): word is AgentCommand {
  return (agentCommands as readonly string[]).includes(word);
}

export type UserEscalationIntent = 'request-agent' | 'end-chat';

const article = String.raw`(?:a |an |the |some |one )?`;
const adjective = String.raw`(?:real |live |actual |support |human |customer service )?`;
/** Nouns that name a person of the vendor's support, whatever the verb. */
const agent = String.raw`(?:human|person|agent|representative|rep|operator)`;
/** Looser nouns, only after "talk to" and the like ("how do I get someone added" is not a request). */
const anyone = String.raw`(?:${agent}|someone|somebody|anyone|people|support|staff)`;

const endChat = [
  /^\/?end$/,
  /\b(?:end|stop|close|quit|exit|leave|finish|terminate|cancel) (?:the |this |our |my )?(?:live )?(?:chat|conversation|session)\b/,
];

const requestAgent = [
  new RegExp(String.raw`\b(?:talk|speak|chat) (?:to|with) ${article}${adjective}${anyone}\b`),
  // "get the person who buys the licence" describes someone; "get me a person" asks for one.
  new RegExp(String.raw`\b(?:want|need|get|give|request|reach) (?:me )?(?:to (?:talk|speak) to )?${article}${adjective}${agent}\b(?! who| that| which)`),
  /\b(?:want|need) (?:someone|somebody) to (?:help|talk|call|look)\b/,
  new RegExp(String.raw`\b(?:connect|transfer|put) me (?:to|with|through to) ${article}${adjective}${anyone}\b`),
  /\bcontact (?:a |the )?(?:support|customer (?:service|support)|help ?desk|an agent|a human|someone|somebody)\b/,
  /\b(?:call|phone|ring) me\b/,
  /\b(?:real|live|actual) (?:person|human|agent|people)\b/,
  /\b(?:start|open|want|need) (?:a )?live chat\b/,
  /\b(?:agent|human|person|representative|operator|someone) (?:please|pls|now)\b/,
  /^(?:please )?(?:an? )?(?:agent|human|representative|operator|support agent|customer (?:service|support))(?: please)?$/,
  /\bescalate\b/,
];

const negated = /\b(?:don't|dont|do not|no need|not|never)\b(?: \w+){0,3} (?:want|need|talk|speak|call|contact)\b/;

/**
 * How to reach support ("how do I contact support?", "where can I talk to an agent?") and the portal's own
 * way to it ("speak to an agent from Autodesk Account") are questions for the article, which has the button.
 */
const howTo = /^(?:how (?:do|can|could|would|should|does) (?:i|we|you|one|a customer)|how to|where (?:do|can|could|should|is|are) (?:i|we)?|is there a way to|what is the way to)\b/;
const inThePortal = /\b(?:from|in|through|via|on|inside) (?:the |my |our )?(?:portal|autodesk account|account portal|website|web site|site)\b/;

/**
 * Detects a user's wish to reach a person ("talk to a human", "call me") or to end a live chat ("end chat").
 * Questions that merely mention agents or contacts ("how do I contact my reseller") are not requests;
 * 'end-chat' only matters to a user in a live chat, which is for the caller to know.
 */
export function parseUserEscalationIntent(text: string): UserEscalationIntent | undefined {
  const said = normalise(text);
  if (said === '' || negated.test(said)) return undefined;
  if (endChat.some((pattern) => pattern.test(said))) return 'end-chat';
  if (howTo.test(said) || inThePortal.test(said)) return undefined;
  if (requestAgent.some((pattern) => pattern.test(said))) return 'request-agent';
  return undefined;
}

/** Lower case, curly apostrophes straightened, punctuation dropped, single spaces. Bounded length keeps it cheap. */
function normalise(text: string): string {
  return text
    .slice(0, 500)
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[^a-z0-9'/ ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What a request for a person says it is about: "talk to a human about a double charge" -> "a double charge". */
export function requestTopic(text: string): string | undefined {
  const topic = /\b(?:about|regarding|concerning|because of|because|re)\b[:\s]+(.+)$/i.exec(text.slice(0, 500))?.[1];
  const cleaned = topic?.replace(/[\s.!?]+$/, '').trim();
  return cleaned && cleaned.split(/\s+/).length >= 1 && cleaned.length >= 3 ? cleaned : undefined;
}
