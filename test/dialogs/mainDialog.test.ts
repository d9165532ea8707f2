import { DialogTestClient } from 'botbuilder-testing';
import { MainDialog } from '../../dialogs/mainDialog';
import { turnTransaction } from '../../src/bot/turnTransaction';
import { createLogger } from '../../src/logger';
import { proseOf } from '../support/cards';
import type { SentActivity } from '../support/connector';
import { read, turn } from '../support/transcript';
import { dialogServices } from '../support/services';

function client(): DialogTestClient {
  const services = dialogServices();
  return new DialogTestClient('test', new MainDialog(services), undefined, [turnTransaction(services.store, createLogger('silent'))]);
}


describe('main dialog transcripts', () => {
  test.each<[string, (string | { value: unknown })[], RegExp]>([
    ['menu opens the Get Help menu', ['menu'], /\[Post-purchase support\]/],
    ['"get help" is the same as menu', ['get help'], /\[Post-purchase support\]/],
    ['a menu node click shows its breadcrumb', [{ value: { verb: 'menu', node: 'subscription-management' } }], /Get Help > Post-purchase support > Subscription management/],
    ['back from a node goes to its parent', [{ value: { verb: 'menu', node: 'billing-and-orders' } }, 'back'], /Subscription management\n/],
    ['back at the top stays at the top', ['menu', 'back'], /\[Post-purchase support\]/],
    ['help lists the commands', ['help'], /start over/],
    ['cancel says so and offers next steps', [{ value: { verb: 'menu', node: 'billing-and-orders' } }, 'cancel'], /cancelled.*\[Get Help\]/s],
    ['start over greets again', ['menu', 'start over'], /account help bot/],
    ['a confident question is answered with feedback buttons', ['How do I turn off auto-renew?'], /auto-renew[\s\S]*Did this help\?[\s\S]*\[Yes\] \[No\]/i],
    ['an unknown question gets the fallback', ['qwzx plok vrrt'], /couldn't find an answer[\s\S]*\[Get Help\] \[Contact a support agent\]/],
    ['an unknown button is reported as inactive', [{ value: { verb: 'warp' } }], /no longer active/],
    ['without an escalation feature the agent button says so honestly', [{ value: { verb: 'agent' } }], /can't be reached from this chat/],
  ])('%s', async (_name, inputs, expected) => {
    const chat = client();
    let last: SentActivity[] = [];
    for (const input of inputs) last = await turn(chat, input);
    expect(read(last)).toMatch(expected);
  });

  test('"None of these" on a did-you-mean falls back and records the question', async () => {
    const services = dialogServices();
    const chat = new DialogTestClient('test', new MainDialog(services), undefined, [turnTransaction(services.store, createLogger('silent'))]);
    const replies = await turn(chat, { value: { verb: 'none-of-these', query: 'renewal thing' } });
    expect(proseOf(replies)).toMatch(/couldn't find an answer/);
    expect((await services.contentLog.unanswered()).map((r) => r.outcome)).toEqual(['none-of-these']);
  });
});
