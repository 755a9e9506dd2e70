import type { ResourceKindName } from '@slotline/contracts';
import { InMemoryTable, InMemoryTransactions } from '@slotline/testing';
import type { NewResource, ResourceChanges, ResourceRecord } from '../resources/resource.record';
import type { ResourcesRepository } from '../resources/resources.repository';
import { aResourceRecord } from './scheduling-records.factory';

type ResourcesPort = Pick<
  ResourcesRepository,
  'insert' | 'findById' | 'lockById' | 'findPractitionerByUser' | 'findByIds' | 'listPage' | 'update'
>;

/** `ResourcesRepository` over memory: one practitioner per provider, as the unique index has it. */
export class InMemoryResourcesRepository implements ResourcesPort {
  readonly rows: InMemoryTable<ResourceRecord>;

  constructor(
    private readonly tx: InMemoryTransactions,
    resources: ResourceRecord[] = [],
  ) {
    this.rows = tx.enlist(new InMemoryTable(resources));
  }

  async insert(db: unknown, resource: NewResource): Promise<ResourceRecord | null> {
    this.tx.assertInside(db);
    if (resource.kind === 'practitioner' && this.rows.all((r) => r.userId === resource.userId).length)
      return null;
    return this.rows.insert(aResourceRecord(resource));
  }

  async findById(id: string, kind?: ResourceKindName): Promise<ResourceRecord | null> {
    const row = this.rows.get(id);
    return row && (!kind || row.kind === kind) ? row : null;
  }

  async lockById(db: unknown, id: string, kind: ResourceKindName): Promise<ResourceRecord | null> {
    this.tx.assertInside(db);
    return this.findById(id, kind);
  }

  async findPractitionerByUser(userId: string): Promise<ResourceRecord | null> {
    return this.rows.all((r) => r.kind === 'practitioner' && r.userId === userId)[0] ?? null;
  }

  async findByIds(ids: readonly string[]): Promise<ResourceRecord[]> {
    return this.rows.all((r) => ids.includes(r.id));
  }

  async listPage(
    kind: ResourceKindName,
    opts: { active?: boolean; afterId?: string; limit: number },
  ): Promise<ResourceRecord[]> {
    return this.rows
      .all((r) => r.kind === kind && (opts.active === undefined || r.active === opts.active))
      .sort((a, b) => b.id.localeCompare(a.id))
      .filter((r) => !opts.afterId || r.id < opts.afterId)
      .slice(0, opts.limit + 1);
  }

  async update(db: unknown, id: string, changes: ResourceChanges): Promise<ResourceRecord> {
    this.tx.assertInside(db);
    return this.rows.update(id, { ...changes, updatedAt: new Date() });
  }
}
