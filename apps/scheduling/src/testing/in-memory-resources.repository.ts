import type { ResourceKindName } from '@slotline/contracts';
import { InMemoryTable, InMemoryTransactions } from '@slotline/testing';
import { uuidv7 } from '@slotline/persistence';
import type {
  NewResource,
  ResourceChanges,
  ResourceRecord,
  TimeOffRecord,
} from '../resources/resource.record';
import type { ResourcesRepository } from '../resources/resources.repository';
import type { Interval } from '../domain';
import { aResourceRecord } from './scheduling-records.factory';

type ResourcesPort = Pick<
  ResourcesRepository,
  | 'insert'
  | 'findById'
  | 'lockById'
  | 'findPractitionerByUser'
  | 'findByIds'
  | 'findActiveOfKind'
  | 'lockForBooking'
  | 'lockSharedByIds'
  | 'listPage'
  | 'update'
  | 'insertTimeOff'
  | 'listTimeOff'
  | 'deleteTimeOff'
  | 'findActiveBookingOverlapping'
>;

interface Booked {
  id: string;
  resourceId: string;
  start: Date;
  end: Date;
}

const overlaps = (a: { start: Date; end: Date }, start: Date, end: Date) => a.start < end && start < a.end;

/** `ResourcesRepository` over memory: one practitioner per provider, as the unique index has it. */
export class InMemoryResourcesRepository implements ResourcesPort {
  readonly rows: InMemoryTable<ResourceRecord>;
  readonly timeOff: InMemoryTable<TimeOffRecord>;
  /** Live bookings by resource, as booking_resources holds them (buffers left out). */
  readonly bookings: InMemoryTable<Booked>;

  constructor(
    private readonly tx: InMemoryTransactions,
    resources: ResourceRecord[] = [],
  ) {
    this.rows = tx.enlist(new InMemoryTable(resources));
    this.timeOff = tx.enlist(new InMemoryTable<TimeOffRecord>());
    this.bookings = tx.enlist(new InMemoryTable<Booked>());
  }

  book(resourceId: string, start: Date, end: Date): void {
    this.bookings.insert({ id: uuidv7(), resourceId, start, end });
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

  async findActiveOfKind(kind: ResourceKindName, max: number): Promise<ResourceRecord[]> {
    return this.rows
      .all((r) => r.kind === kind && r.active)
      .sort((a, b) => a.id.localeCompare(b.id))
      .slice(0, max);
  }

  /** `BookingsRepository.findCalendarEntries` over these bookings and time off, for a real `CalendarLoader`. */
  async findCalendarEntries(
    _db: unknown,
    resourceIds: readonly string[],
    from: Date,
    to: Date,
    excludeBookingId?: string | null,
  ): Promise<{ bookings: Map<string, Interval[]>; timeOff: Map<string, Interval[]> }> {
    const touching = (rows: Array<{ resourceId: string } & Interval>, id: string) =>
      rows
        .filter((r) => r.resourceId === id && overlaps(r, from, to))
        .map(({ start, end }) => ({ start, end }));
    const bookings = this.bookings.all((b) => b.id !== excludeBookingId);
    const timeOff = this.timeOff.all();
    return {
      bookings: new Map(resourceIds.map((id) => [id, touching(bookings, id)])),
      timeOff: new Map(resourceIds.map((id) => [id, touching(timeOff, id)])),
    };
  }

  async lockForBooking(db: unknown, ids: readonly string[]): Promise<ResourceRecord[]> {
    this.tx.assertInside(db);
    return (await this.findByIds(ids)).sort((a, b) => a.id.localeCompare(b.id));
  }

  async lockSharedByIds(db: unknown, ids: readonly string[]): Promise<ResourceRecord[]> {
    this.tx.assertInside(db);
    return this.findByIds(ids);
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

  async insertTimeOff(db: unknown, t: Omit<TimeOffRecord, 'createdAt'>): Promise<TimeOffRecord> {
    this.tx.assertInside(db);
    return this.timeOff.insert({ ...t, createdAt: new Date() });
  }

  async listTimeOff(
    resourceId: string,
    from: Date,
    to: Date,
    after: { start: Date; id: string } | undefined,
    limit: number,
  ): Promise<TimeOffRecord[]> {
    const key = (t: { start: Date; id: string }) => `${t.start.toISOString()} ${t.id}`;
    return this.timeOff
      .all((t) => t.resourceId === resourceId && overlaps(t, from, to) && (!after || key(t) > key(after)))
      .sort((a, b) => key(a).localeCompare(key(b)))
      .slice(0, limit + 1);
  }

  async deleteTimeOff(db: unknown, resourceId: string, timeOffId: string): Promise<TimeOffRecord | null> {
    this.tx.assertInside(db);
    const row = this.timeOff.get(timeOffId);
    if (!row || row.resourceId !== resourceId) return null;
    this.timeOff.delete(timeOffId);
    return row;
  }

  async findActiveBookingOverlapping(
    db: unknown,
    resourceId: string,
    start: Date,
    end: Date,
  ): Promise<{ start: Date; end: Date } | null> {
    this.tx.assertInside(db);
    const [first] = this.bookings
      .all((b) => b.resourceId === resourceId && overlaps(b, start, end))
      .sort((a, b) => a.start.getTime() - b.start.getTime());
    return first ? { start: first.start, end: first.end } : null;
  }
}
