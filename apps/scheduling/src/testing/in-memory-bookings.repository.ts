import { InMemoryTable, InMemoryTransactions } from '@slotline/testing';
import type { BookingRecord, BookingsRepository } from '../booking/bookings.repository';
import type { Interval } from '../domain';
import type { ResourceKindName } from '@slotline/contracts';
import type { InMemoryResourcesRepository } from './in-memory-resources.repository';

type BookingsPort = Pick<BookingsRepository, 'insert' | 'release' | 'findCalendarEntries'>;

const overlaps = (a: Interval, from: Date, to: Date) => a.start < to && from < a.end;

/**
 * `BookingsRepository` over memory: bookings with their resources, and the calendar entries (these
 * bookings, buffers left out, and the resources fake's time off) a real `CalendarLoader` reads.
 */
export class InMemoryBookingsRepository implements BookingsPort {
  readonly rows: InMemoryTable<BookingRecord & { releaseReason: string | null }>;

  constructor(
    private readonly tx: InMemoryTransactions,
    private readonly resources: InMemoryResourcesRepository,
  ) {
    this.rows = tx.enlist(new InMemoryTable<BookingRecord & { releaseReason: string | null }>());
  }

  active(): BookingRecord[] {
    return this.rows.all((b) => b.active).map(({ releaseReason: _r, ...b }) => b);
  }

  async insert(
    db: unknown,
    booking: {
      id: string;
      assignmentId: string;
      window: Interval;
      resources: Array<{ resourceId: string; kind: ResourceKindName }>;
    },
  ): Promise<void> {
    this.tx.assertInside(db);
    this.rows.insert({
      id: booking.id,
      assignmentId: booking.assignmentId,
      start: booking.window.start,
      end: booking.window.end,
      active: true,
      resources: booking.resources.map(({ resourceId, kind }) => ({ resourceId, kind })),
      releaseReason: null,
    });
  }

  async release(db: unknown, bookingId: string, reason: string): Promise<BookingRecord | null> {
    this.tx.assertInside(db);
    const booking = this.rows.get(bookingId);
    if (!booking?.active) return null;
    const { releaseReason: _r, ...released } = this.rows.update(bookingId, {
      active: false,
      releaseReason: reason,
    });
    return released;
  }

  async findCalendarEntries(
    db: unknown,
    resourceIds: readonly string[],
    from: Date,
    to: Date,
    excludeBookingId?: string | null,
  ): Promise<{ bookings: Map<string, Interval[]>; timeOff: Map<string, Interval[]> }> {
    const live = this.rows.all((b) => b.active && b.id !== excludeBookingId && overlaps(b, from, to));
    const { timeOff } = await this.resources.findCalendarEntries(db, resourceIds, from, to);
    return {
      bookings: new Map(
        resourceIds.map((id) => [
          id,
          live
            .filter((b) => b.resources.some((r) => r.resourceId === id))
            .map(({ start, end }) => ({ start, end })),
        ]),
      ),
      timeOff,
    };
  }
}
