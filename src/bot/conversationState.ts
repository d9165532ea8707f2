import { ConversationState, type TurnContext } from 'botbuilder';

interface Cached {
  state: Record<string, unknown>;
  /** The state as last read or written, serialised without its eTag; '' forces a write. */
  saved: string;
}

/**
 * botbuilder's ConversationState with a cheaper change check. The SDK serialises the state with its own
 * stringify and hashes it with SHA-256 on load, before saving and again after; state here is plain JSON
 * (the store keeps it as JSON), so comparing native JSON text does the same job at a fraction of the cost.
 * Every method that touches the per-turn cache is overridden, so the base class's private cache is never used.
 */
export class TrackedConversationState extends ConversationState {
  private readonly cacheKey = Symbol('conversationState');

  override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    const cached = context.turnState.get(this.cacheKey) as Cached | undefined;
    if (cached && !force) return cached.state;
    const key = await this.storageKey(context);
    const items = await this.storage.read([key]);
    const state = (items[key] ?? {}) as Record<string, unknown>;
    context.turnState.set(this.cacheKey, { state, saved: serialise(state) } satisfies Cached);
    return state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const cached = (context.turnState.get(this.cacheKey) as Cached | undefined) ?? (force ? { state: {}, saved: '' } : undefined);
    if (!cached) return;
    const now = serialise(cached.state);
    if (!force && now === cached.saved) return;
    cached.state.eTag = '*';
    await this.storage.write({ [await this.storageKey(context)]: cached.state });
    cached.saved = now;
    context.turnState.set(this.cacheKey, cached);
  }

  override async clear(context: TurnContext): Promise<void> {
    context.turnState.set(this.cacheKey, { state: {}, saved: '' } satisfies Cached);
  }

  override async delete(context: TurnContext): Promise<void> {
    context.turnState.delete(this.cacheKey);
    await this.storage.delete([await this.storageKey(context)]);
  }

  override get(context: TurnContext): Record<string, unknown> | undefined {
    return (context.turnState.get(this.cacheKey) as Cached | undefined)?.state;
  }
}

function serialise(state: Record<string, unknown>): string {
  const { eTag: _eTag, ...rest } = state;
  return JSON.stringify(rest);
}
