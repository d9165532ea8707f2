import { buttons } from './replies';
import type { Turn } from './turn';

/** Hands the user to a person through the first feature that can (escalation); says so honestly when none can. */
export async function requestAgent(turn: Turn, reason: 'button' | 'text' | 'offer'): Promise<void> {
  for (const feature of turn.services.features) {
    if (await feature.requestAgent?.(turn, reason)) return;
  }
  turn.route('agent.unavailable');
  await turn.send(
    turn.services.replies.notice({
      title: 'Contact a support agent',
      lines: ["Support agents can't be reached from this chat. The Get Help menu and articles can help."],
      actions: [buttons.getHelp(), buttons.search()],
    }),
  );
}
