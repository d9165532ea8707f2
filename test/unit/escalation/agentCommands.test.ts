import { parseAgentInput, parseUserEscalationIntent } from '../../../src/domain/escalation';

describe("an agent's message in a live chat", () => {
  test.each([
    ['/end', { kind: 'command', command: 'end' }],
    ['  /END  ', { kind: 'command', command: 'end' }],
    ['/Transcript', { kind: 'command', command: 'transcript' }],
    ['/release', { kind: 'command', command: 'release' }],
    ['/queue\n', { kind: 'command', command: 'queue' }],
    ['/edn', { kind: 'unknown-command', text: '/edn' }],
    ['Hi Ana, I can see the double charge.', { kind: 'relay', text: 'Hi Ana, I can see the double charge.' }],
    ['/end of month is when we bill', { kind: 'relay', text: '/end of month is when we bill' }],
    ['please type /end when done', { kind: 'relay', text: 'please type /end when done' }],
    ['and/or', { kind: 'relay', text: 'and/or' }],
    ['/ ', { kind: 'relay', text: '/ ' }],
  ])('%j -> %j', (text, expected) => {
    expect(parseAgentInput(text)).toEqual(expected);
  });
});

describe("a user's wish to reach a person or leave the chat", () => {
  test.each([
    ['talk to a human', 'request-agent'],
    ['I want an agent', 'request-agent'],
    ['call me', 'request-agent'],
    ['Can someone call me back?', 'request-agent'],
    ['speak to someone', 'request-agent'],
    ['Can I speak with a real person please', 'request-agent'],
    ['real person', 'request-agent'],
    ['contact support', 'request-agent'],
    ['Contact a support agent', 'request-agent'],
    ['agent please', 'request-agent'],
    ['Agent', 'request-agent'],
    ['human!', 'request-agent'],
    ['customer service', 'request-agent'],
    ['I need to talk to someone about my invoice', 'request-agent'],
    ['get me a representative', 'request-agent'],
    ['connect me to an agent', 'request-agent'],
    ['I need someone to help me with this', 'request-agent'],
    ['this is useless, escalate', 'request-agent'],
    ['Is there a live agent?', 'request-agent'],
    ['I’d like to chat with support', 'request-agent'],
    ['end chat', 'end-chat'],
    ['End the chat please', 'end-chat'],
    ['/end', 'end-chat'],
    ['end', 'end-chat'],
    ['I want to close this conversation', 'end-chat'],
    ['what does an agent do in Insights?', undefined],
    ['how do I contact my reseller', undefined],
    ['how do I get someone added to my team', undefined],
    ['I need support with my renewal', undefined],
    ['who is my contract manager', undefined],
    // a person described, not asked for
    ['wat role get the person who buy the licence for company', undefined],
    ['I need the person that manages our contract', undefined],
    ['how do I see people using my seats', undefined],
    ["I don't want an agent", undefined],
    ['no need to call me', undefined],
    ['end my subscription', undefined],
    ['cancel auto-renew', undefined],
    ['how do I connect Insights to my team', undefined],
    ['how do I contact support?', undefined],
    ['where can I talk to an agent', undefined],
    ['how to speak to a human', undefined],
    ['I want to contact support from Autodesk Account', undefined],
    ["I'd like to speak to a support agent in the portal", undefined],
    ['', undefined],
  ])('%j -> %s', (text, intent) => {
    expect(parseUserEscalationIntent(text)).toBe(intent);
  });
});
