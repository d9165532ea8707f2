import type { AccountData, Agent, Analyst, Support, Tenant } from '../domain/accounts/schema';
import type { Directory } from '../domain/accounts/identity';
import { ConcurrencyError, type DocumentStore } from './ports';
import type { UnitOfWork } from './unitOfWork';

/** Agents, analysts and support hours: one document, read when a turn needs to know who is who. */
export interface SupportDirectory {
  agents: Agent[];
  /** Absent in a directory stored before analysts were known: none. */
  analysts?: Analyst[];
  support: Support;
  asOf: string;
}

const DIRECTORY_ID = 'support';

/**
 * Customer tenants (one document each) and the support directory, through the storage port.
 * Identification runs on every turn, so the directory is kept in memory and dropped when this
 * repository changes a tenant; with replicas, whose changes this one does not see, it is also read
 * afresh after `maxAgeMs`. Actions always read the tenant afresh in their unit of work.
 */
export class AccountRepository {
  private cached: Promise<{ tenants: Tenant[]; support: SupportDirectory }> | undefined;
  private cachedAt = 0;

  constructor(
    private readonly store: DocumentStore,
    /** How long the directory may be reused when other processes may change tenants (replicas); unset: until this one does. */
    private readonly maxAgeMs?: number,
  ) {}

  /** Loads the given data into an empty store; a store that already holds accounts is left as it is. */
  /**
   * One commit, on the directory being absent: replicas starting together on an empty database seed it once,
   * and the others find it seeded (false) instead of failing to start.
   */
  async seedIfEmpty(data: AccountData): Promise<boolean> {
    if (await this.store.get('directory', DIRECTORY_ID)) return false;
    this.cached = undefined;
    const directory: SupportDirectory = { agents: data.agents, analysts: data.analysts, support: data.support, asOf: data.asOf };
    try {
      await this.store.commit({
        changes: [
          { kind: 'put', collection: 'directory', id: DIRECTORY_ID, value: directory, expected: 'absent' },
          ...data.tenants.map((tenant) => ({ kind: 'put' as const, collection: 'accounts' as const, id: tenant.id, value: tenant })),
        ],
      });
      return true;
    } catch (error) {
      if (error instanceof ConcurrencyError) return false;
      throw error;
    }
  }

  async tenants(): Promise<Tenant[]> {
    return (await this.store.list<Tenant>('accounts')).map((doc) => doc.value);
  }

  async tenant(id: string): Promise<Tenant | undefined> {
    return (await this.store.get<Tenant>('accounts', id))?.value;
  }

  async supportDirectory(): Promise<SupportDirectory> {
    return (await this.snapshot()).support;
  }

  /** Everyone the account data knows: tenants, agents and analysts. */
  async directory(): Promise<Directory> {
    const { tenants, support } = await this.snapshot();
    return { tenants, agents: support.agents, analysts: support.analysts ?? [] };
  }

  private snapshot(): Promise<{ tenants: Tenant[]; support: SupportDirectory }> {
    if (this.maxAgeMs !== undefined && Date.now() - this.cachedAt > this.maxAgeMs) this.cached = undefined;
    if (!this.cached) this.cachedAt = Date.now();
    this.cached ??= Promise.all([this.tenants(), this.readSupportDirectory()]).then(([tenants, support]) => ({ tenants, support }));
    this.cached.catch(() => (this.cached = undefined));
    return this.cached;
  }

  private async readSupportDirectory(): Promise<SupportDirectory> {
    const doc = await this.store.get<SupportDirectory>('directory', DIRECTORY_ID);
    if (!doc) throw new Error('The support directory is missing from storage: start the bot once on an empty DATA_DIR to load the account data.');
    return doc.value;
  }

  /** The tenant as a unit of work reads it (and will check it is unchanged when writing it back). */
  tenantIn(unit: UnitOfWork, id: string): Promise<Tenant | undefined> {
    return unit.get<Tenant>('accounts', id);
  }

  /** Writes a changed tenant in the unit; the directory is read afresh once it commits. */
  putTenant(unit: UnitOfWork, tenant: Tenant): void {
    unit.put('accounts', tenant.id, tenant);
    unit.afterCommit(() => void (this.cached = undefined));
  }
}
