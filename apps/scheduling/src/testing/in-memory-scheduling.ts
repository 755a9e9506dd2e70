import { AppError } from '@slotline/errors';
import { uuidv7 } from '@slotline/persistence';
import { InMemoryTable, InMemoryTransactions } from '@slotline/testing';
import type { BookingRecord } from '../booking/bookings.repository';
import type {
  BookingPlanResult,
  BookingRequest,
  CommittedBooking,
  SchedulingService,
} from '../booking/scheduling.service';
import type { Interval } from '../domain';

type SchedulingPort = Pick<SchedulingService, 'plan' | 'commit' | 'rollback' | 'explainLostRace'>;

const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

/**
 * `SchedulingService` over memory: a practitioner is busy where one of their active bookings overlaps
 * (the exclusion constraint's rule, buffers left out); refusals are `CF_PRACTITIONER_BUSY`.
 */
export class InMemoryScheduling implements SchedulingPort {
  readonly bookings: InMemoryTable<BookingRecord & { practitionerId: string }>;

  constructor(private readonly tx: InMemoryTransactions) {
    this.bookings = tx.enlist(new InMemoryTable<BookingRecord & { practitionerId: string }>());
  }

  /** Seeds an active booking of `practitionerId` (another assignment's, unless given). */
  book(practitionerId: string, window: Interval, assignmentId: string = uuidv7()): BookingRecord {
    return this.bookings.insert({
      id: uuidv7(),
      assignmentId,
      practitionerId,
      start: window.start,
      end: window.end,
      active: true,
      resources: [{ resourceId: practitionerId, kind: 'practitioner' }],
    });
  }

  active(): BookingRecord[] {
    return this.bookings.all((b) => b.active);
  }

  async plan(request: BookingRequest): Promise<BookingPlanResult> {
    const busy = this.busy(request);
    return {
      feasible: !busy,
      violations: busy
        ? [
            {
              code: 'CF_PRACTITIONER_BUSY',
              resource_id: request.practitionerId,
              resource_kind: 'practitioner',
              message: 'The practitioner is already booked then.',
            },
          ]
        : [],
      alternatives: [],
      resources: [],
      timeZone: 'UTC',
    };
  }

  async commit<T = undefined>(
    db: unknown,
    assignmentId: string,
    request: BookingRequest,
    alongside?: (booking: CommittedBooking) => Promise<T>,
  ): Promise<CommittedBooking & { alongside: T }> {
    this.tx.assertInside(db);
    const released = request.replacesBookingId
      ? await this.rollback(db, request.replacesBookingId, 'rescheduled')
      : null;
    if (this.busy(request))
      throw new AppError('CF_PRACTITIONER_BUSY', 'The practitioner is already booked then.');
    const booking = this.book(request.practitionerId, request.window, assignmentId);
    const committed = {
      bookingId: booking.id,
      window: request.window,
      resources: booking.resources,
      released,
    };
    const after = alongside ? await alongside(committed) : (undefined as T);
    return { ...committed, alongside: after };
  }

  async rollback(db: unknown, bookingId: string, _reason?: string): Promise<BookingRecord | null> {
    this.tx.assertInside(db);
    const booking = this.bookings.get(bookingId);
    if (!booking?.active) return null;
    return this.bookings.update(bookingId, { active: false });
  }

  async explainLostRace(err: unknown): Promise<unknown> {
    return err;
  }

  private busy(request: BookingRequest): boolean {
    return (
      this.bookings.all(
        (b) =>
          b.active &&
          b.id !== request.replacesBookingId &&
          b.practitionerId === request.practitionerId &&
          overlaps(b, request.window),
      ).length > 0
    );
  }
}
