import { ConversationState, type TurnContext } from 'botbuilder';
import { jsonOf } from '../storage/ports';
import { hasUnit, unitOf } from './turnFacts';

interface Cached {
  state: Record<string, unknown>;
  /** The state as last read or written, serialised without its eTag; '' forces a write. */
  saved: string;
}

/**
 * botbuilder's ConversationState, read and written through the turn's unit of work: the state is written
 * on the version the turn read, in the same commit as everything else the turn did, so two turns of one
 * conversation can never both apply (botbuilder's own saveChanges writes with eTag '*', last writer wins).
 * Changes are found by comparing native JSON text, far cheaper than the SDK's hashing. Without a unit of
 * work (a test adapter) it falls back to the storage it was given. Every method that touches the per-turn
 * cache is overridden, so the base class's private cache is never used.
 */
export class TrackedConversationState extends ConversationState {
  private readonly cacheKey = Symbol('conversationState');

  override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    const cached = this.cached(context);
    if (cached && !force) return cached.state;
    const key = await this.storageKey(context);
    if (!hasUnit(context)) {
      const state = ((await this.storage.read([key]))[key] ?? {}) as Record<string, unknown>;
      this.remember(context, { state, saved: serialise(state) });
      return state;
    }
    const document = await unitOf(context).read<Record<string, unknown>>('state', key);
    const state = document?.value ?? {};
    // The stored text is the state as last serialised: comparing with it needs no serialising here.
    this.remember(context, { state, saved: (document && jsonOf(document)) ?? serialise(state) });
    return state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const cached = this.cached(context) ?? (force ? { state: {}, saved: '' } : undefined);
    if (!cached) return;
    const now = serialise(cached.state);
    if (!force && now === cached.saved) return;
    const key = await this.storageKey(context);
    if (hasUnit(context)) {
      // `now` is the state without its eTag, as JSON: the commit stores that very text.
      unitOf(context).putJson('state', key, now);
    } else {
      cached.state.eTag = '*';
      await this.storage.write({ [key]: cached.state });
    }
    cached.saved = now;
    this.remember(context, cached);
  }

  override async clear(context: TurnContext): Promise<void> {
    this.remember(context, { state: {}, saved: '' });
  }

  override async delete(context: TurnContext): Promise<void> {
    context.turnState.delete(this.cacheKey);
    const key = await this.storageKey(context);
    if (hasUnit(context)) unitOf(context).delete('state', key);
    else await this.storage.delete([key]);
  }

  override get(context: TurnContext): Record<string, unknown> | undefined {
    return this.cached(context)?.state;
  }

  /** Cached per unit of work, so a turn that runs again after losing a race reads the state afresh. */
  private cached(context: TurnContext): Cached | undefined {
    const entry = context.turnState.get(this.cacheKey) as { unit: unknown; cached: Cached } | undefined;
    return entry && entry.unit === (hasUnit(context) ? unitOf(context) : undefined) ? entry.cached : undefined;
  }

  private remember(context: TurnContext, cached: Cached): void {
    context.turnState.set(this.cacheKey, { unit: hasUnit(context) ? unitOf(context) : undefined, cached });
  }
}

function serialise(state: Record<string, unknown>): string {
  const { eTag: _eTag, ...rest } = state;
  return JSON.stringify(rest);
}
