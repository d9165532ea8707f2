import { join } from 'node:path';
import { CardRenderer } from '../../cards/render';
import { Replies } from '../../dialogs/replies';
import type { DialogServices, Feature } from '../../dialogs/turn';
import { clockStartingAt } from '../../src/clock';
import { loadKnowledgeBase } from '../../src/knowledgeBase';
import { projectRoot } from '../../src/paths';
import { ContentLog } from '../../src/storage/contentLog';
import { MemoryDocumentStore } from '../../src/storage/memory/memoryDocumentStore';

/** The dialogs' real services over the shipped knowledge and an in-memory store. */
export function dialogServices(features: Feature[] = []): DialogServices & { store: MemoryDocumentStore } {
  const root = projectRoot();
  const knowledge = loadKnowledgeBase(join(root, 'knowledge'));
  const cards = new CardRenderer(join(root, 'cards'));
  const store = new MemoryDocumentStore();
  const clock = clockStartingAt(new Date('2026-12-01T15:00:00Z'));
  return {
    knowledge: knowledge.index,
    menu: knowledge.menu,
    cards,
    replies: new Replies(cards, knowledge.menu),
    contentLog: new ContentLog(store, clock),
    clock,
    features,
    store,
  };
}
