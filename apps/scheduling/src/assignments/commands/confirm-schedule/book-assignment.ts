import { CallMeta, SCHEDULING_EVENTS } from '@slotline/contracts';
import { NewEvent, OutboxWriter } from '@slotline/messaging';
import { logEvent } from '@slotline/observability';
import type { Logger } from 'pino';
import { Interval, scheduleAssignment } from '../../../domain';
import { BookingRequest, CommittedBooking, SchedulingService } from '../../../booking/scheduling.service';
import { BookingRecord } from '../../../booking/bookings.repository';
import { eventFrom } from '../../../common/call-context';
import { domainSync } from '../../../common/domain-error.mapper';
import { JobRecord } from '../../../jobs/job.record';
import { assignmentEvent, bookingEvent } from '../../assignment-events';
import { AssignmentRecord } from '../../assignment.record';
import { AssignmentsRepository } from '../../assignments.repository';
import { answersInOrder, Queryable } from '@slotline/persistence';
import { AppError } from '@slotline/errors';
import { isDeepStrictEqual } from 'node:util';

type BookingEventType =
  | typeof SCHEDULING_EVENTS.bookingReleased
  | typeof SCHEDULING_EVENTS.bookingCreated
  | typeof SCHEDULING_EVENTS.scheduleConfirmed;

export interface BookAssignmentDeps {
  assignments: AssignmentsRepository;
  scheduling: SchedulingService;
  outbox: OutboxWriter;
  logger: Logger;
  now?: () => Date;
}

export interface BookedAssignment {
  updated: AssignmentRecord;
  booking: {
    id: string;
    assignmentId: string;
    start: Date;
    end: Date;
    resources: Array<{ resourceId: string; kind: 'practitioner' | 'room' | 'equipment' }>;
  };
  released: BookingRecord | null;
}

function bookingOf(a: AssignmentRecord, booked: CommittedBooking): BookedAssignment['booking'] {
  return {
    id: booked.bookingId,
    assignmentId: a.id,
    start: booked.window.start,
    end: booked.window.end,
    resources: booked.resources,
  };
}

/** The resources a booking of `a` for `window` holds: its practitioner and the job's room and equipment. */
export function bookingRequestFor(job: JobRecord, a: AssignmentRecord, window: Interval): BookingRequest {
  return {
    window,
    practitionerId: a.practitionerId,
    roomId: job.roomId,
    equipmentIds: job.equipmentIds,
    replacesBookingId: a.status === 'scheduled' ? a.bookingId : null,
  };
}

/**
 * The one way an assignment gets its booking, inside the caller's transaction with the job and the
 * assignment locked: used by a party's confirm (SCH-3) and by bulk scheduling (SCH-8), so both go
 * through the same rules, exclusion constraints, state transition and events.
 */
export class BookAssignment {
  private readonly now: () => Date;

  constructor(private readonly d: BookAssignmentDeps) {
    this.now = d.now ?? (() => new Date());
  }

  async book(
    m: Queryable,
    locked: { job: JobRecord; assignment: AssignmentRecord },
    window: Interval,
    meta: CallMeta,
  ): Promise<BookedAssignment> {
    const { job, assignment: a } = locked;
    // Checked before anything is written, so a refused transition leaves no half-made booking.
    domainSync(() => scheduleAssignment(a, { window, bookingId: 'pending', now: this.now() }));
    // The assignment's update and the events go out right behind the booking's insert (one round trip).
    const { alongside: updated, ...booked } = await this.d.scheduling.commit(
      m,
      a.id,
      bookingRequestFor(job, a, window),
      (booked) => this.recordBooked(m, job, a, window, booked, meta),
    );
    const booking = bookingOf(a, booked);
    return { updated, booking, released: booked.released };
  }

  /**
   * The transition's row and its events in its order (one INSERT), both sent before either is answered:
   * the events are made from the row as the update leaves it (the assignment with the transition's
   * changes), and the row the update answers must then say the same, or nothing commits.
   */
  private async recordBooked(
    m: Queryable,
    job: JobRecord,
    a: AssignmentRecord,
    window: Interval,
    booked: CommittedBooking,
    meta: CallMeta,
  ): Promise<AssignmentRecord> {
    const transition = domainSync(() =>
      scheduleAssignment(a, { window, bookingId: booked.bookingId, now: this.now() }),
    );
    const updating = this.d.assignments.update(m, a.id, transition.changes);
    const expected: AssignmentRecord = { ...a, ...transition.changes };
    const confirmed = (row: AssignmentRecord) =>
      assignmentEvent(meta, row, job, {
        rescheduled: transition.rescheduled,
        previous_start: transition.previous?.start.toISOString() ?? null,
        previous_end: transition.previous?.end.toISOString() ?? null,
      });
    const booking = bookingOf(a, booked);
    const events: Array<NewEvent<BookingEventType>> = [];
    for (const event of transition.events) {
      if (event === 'booking_released' && booked.released) {
        events.push(
          eventFrom(
            meta,
            SCHEDULING_EVENTS.bookingReleased,
            bookingEvent(meta, booked.released, 'rescheduled'),
          ),
        );
      } else if (event === 'booking_created') {
        events.push(eventFrom(meta, SCHEDULING_EVENTS.bookingCreated, bookingEvent(meta, booking)));
      } else if (event === 'schedule_confirmed') {
        events.push(eventFrom(meta, SCHEDULING_EVENTS.scheduleConfirmed, confirmed(expected)));
      }
    }
    const [updated] = await answersInOrder(updating, this.d.outbox.enqueueMany(m, events));
    if (!isDeepStrictEqual(confirmed(updated), confirmed(expected)))
      throw new AppError(
        'SYS_INTERNAL',
        'The assignment as updated differs from the one its event describes.',
      );
    return updated;
  }

  /** After the commit: the logs a platform team reads for every booking. */
  logBooked({ updated, booking, released }: BookedAssignment): void {
    if (released)
      logEvent(
        this.d.logger,
        'booking_cancelled',
        { booking_id: released.id, assignment_id: updated.id, reason: 'rescheduled' },
        'booking released',
      );
    logEvent(
      this.d.logger,
      'booking_created',
      {
        booking_id: booking.id,
        assignment_id: updated.id,
        practitioner_id: updated.practitionerId,
        start: booking.start.toISOString(),
        end: booking.end.toISOString(),
      },
      'booking created',
    );
    logEvent(
      this.d.logger,
      'schedule_updated',
      {
        assignment_id: updated.id,
        action: released ? 'rescheduled' : 'confirmed',
        schedule_version: updated.scheduleVersion,
      },
      'schedule confirmed',
    );
  }
}
