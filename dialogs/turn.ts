import type { Activity, TurnContext } from 'botbuilder';
import { identityOf } from '../src/bot/identity';
import type { TurnNotes } from '../src/bot/turnFacts';
import type { UnitOfWork } from '../src/storage/unitOfWork';
import type { CardRenderer } from '../cards/render';
import type { Clock } from '../src/clock';
import type { MenuNode, MenuTree } from '../src/domain/menu';
import type { KnowledgeIndex } from '../src/search';
import type { ContentLog } from '../src/storage/contentLog';
import type { ConversationMemory } from './memory';
import type { Replies } from './replies';
import type { Submission } from './submissions';

export { routeOf, setRoute } from '../src/bot/turnFacts';

/** Everything the dialogs need, passed in from the composition root. */
export interface DialogServices {
  knowledge: KnowledgeIndex;
  menu: MenuTree;
  cards: CardRenderer;
  replies: Replies;
  contentLog: ContentLog;
  clock: Clock;
  features: Feature[];
}

/** One turn as the routes see it. */
export interface Turn {
  context: TurnContext;
  memory: ConversationMemory;
  /** Everything the turn writes, committed with its conversation state once the turn is done. */
  unit: UnitOfWork;
  services: DialogServices;
  send(...activities: Partial<Activity>[]): Promise<void>;
  route(name: string): void;
  /** Tells the turn's analytics event a fact the route alone does not say (a menu node, a refusal, a ticket). */
  note(notes: TurnNotes): void;
}

/**
 * A capability that plugs into the router (account answers, escalation). Hooks return true when they
 * handled the turn; the router tries features in order before its own handling.
 */
export interface Feature {
  readonly name: string;
  /** Runs first on every turn; used by a live agent chat to take over the conversation. */
  intercept?(turn: Turn): Promise<boolean>;
  text?(turn: Turn, text: string): Promise<boolean>;
  submission?(turn: Turn, submission: Submission): Promise<boolean>;
  /** Adds the user's own data under a menu leaf's article. */
  leaf?(turn: Turn, node: MenuNode): Promise<void>;
  /** Handles the "Contact a support agent" button and requests for a person. */
  requestAgent?(turn: Turn, reason: 'button' | 'text' | 'offer'): Promise<boolean>;
  /** Called when the user gives up on a search (no match, none of these): may offer a person. */
  afterFailedSearch?(turn: Turn): Promise<void>;
}

/** The identified person's name, for greetings; undefined for anonymous users. */
export function displayName(turn: Turn): string | undefined {
  const identity = identityOf(turn.context);
  if (identity.kind === 'customer') return identity.user.name;
  if (identity.kind === 'agent') return identity.agent.name;
  return undefined;
}
