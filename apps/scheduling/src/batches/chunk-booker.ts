import { CallMeta, SCHEDULING_EVENTS } from '@slotline/contracts';
import { NewEvent, OutboxWriter } from '@slotline/messaging';
import { withSpan } from '@slotline/observability';
import { Queryable } from '@slotline/persistence';
import { planChunk } from '../domain';
import { assignmentEvent, bookingEvent } from '../assignments/assignment-events';
import { BookedAssignment } from '../assignments/commands/confirm-schedule/book-assignment';
import { BookingResourceRow, BookingsRepository } from '../booking/bookings.repository';
import { toCalendar } from '../booking/calendar-loader';
import { eventFrom } from '../common/call-context';
import { DAY_MS } from '../common/time-format';
import { ResourceRecord } from '../resources/resource.record';
import { ResourcesRepository } from '../resources/resources.repository';
import { ChunkBookingsRepository, ChunkBookingWrite } from './chunk-bookings.repository';
import { isUsable, ItemPathReason, PlannedItem, prepareAssignmentItem } from './chunk-item';
import { ScheduleItemRecord } from './schedule-batch.record';

export interface ChunkBookerDeps {
  chunks: ChunkBookingsRepository;
  resources: ResourcesRepository;
  bookings: BookingsRepository;
  outbox: OutboxWriter;
  now?: () => Date;
}

/**
 * Thrown when the chunk's insert was refused by a constraint (a booking slipped in that the calendar read
 * did not see): the statement's error has aborted the transaction, so the caller rolls it back and works
 * the chunk item by item, where each refusal gets its own exact outcome.
 */
export class ChunkRefusedAtInsert extends Error {
  constructor(override readonly cause: unknown) {
    super('the chunk insert was refused by a constraint');
  }
}

/** What a chunk booked together, and why the items after those go item by item (null: none are left). */
export interface ChunkBooking {
  booked: BookedAssignment[];
  rest: ItemPathReason | null;
}

/**
 * SCH-8, set-based. Books every assignment item of a chunk together, inside the chunk's transaction: the
 * assignments and jobs locked by one statement, their resources by one (`lockForBooking`, the booking
 * path's lock), one calendar read over the chunk's span, every item planned in memory in position order
 * with the single confirm's rules (`planChunk`), then bookings, resource rows and assignment transitions
 * in one statement and every event in one outbox insert. The events, their order and their data are a
 * single confirm's (`BookAssignment.book`). Anything that would not simply book — an item refused, a job
 * item, a reschedule — leaves the chunk to the item path, which gives every outcome as before.
 */
export class ChunkBooker {
  private readonly now: () => Date;

  constructor(private readonly d: ChunkBookerDeps) {
    this.now = d.now ?? (() => new Date());
  }

  /**
   * Books the chunk's items together as far as they would all simply book: every item when it can, else
   * the items before the first that cannot (`rest` says why the others go item by item).
   */
  book(m: Queryable, items: readonly ScheduleItemRecord[], meta: CallMeta): Promise<ChunkBooking> {
    // One span for the chunk where a single confirm has one per booking (`scheduling.commit`).
    return withSpan(
      'scheduling.commit_chunk',
      async (span) => {
        const together = await this.bookTogether(m, items, meta);
        span.setAttribute('scheduling.booked', together.booked.length);
        return together;
      },
      { 'scheduling.items': items.length },
    );
  }

  private async bookTogether(
    m: Queryable,
    items: readonly ScheduleItemRecord[],
    meta: CallMeta,
  ): Promise<ChunkBooking> {
    const jobItem = items.findIndex((i) => i.assignmentId === null);
    const head = jobItem < 0 ? items : items.slice(0, jobItem);
    let rest: ItemPathReason | null = jobItem < 0 ? null : 'other';
    if (head.length === 0) return { booked: [], rest };
    const locked = await this.d.chunks.lockAssignmentsWithJobs(
      m,
      head.map((i) => i.assignmentId!),
    );
    const now = this.now();
    let planned: PlannedItem[] = [];
    for (const item of head) {
      const next = prepareAssignmentItem(item, locked.get(item.assignmentId!), meta, now);
      if (typeof next === 'string') {
        rest = next;
        break;
      }
      planned.push(next);
    }
    if (planned.length === 0) return { booked: [], rest };
    const resources = await this.lockResources(m, planned);
    const usable = planned.findIndex((p) => !p.wanted.every((w) => isUsable(resources.get(w.id), w)));
    const feasible = await this.feasibleCount(
      m,
      usable < 0 ? planned : planned.slice(0, usable),
      resources,
      now,
    );
    if (feasible < planned.length) {
      planned = planned.slice(0, feasible);
      rest = 'refused';
    }
    if (planned.length === 0) return { booked: [], rest };
    const writes = planned.map((p) => this.writeOf(p, resources));
    try {
      const scheduled = await this.d.chunks.insertBookingsAndSchedule(m, writes);
      if (scheduled !== writes.length) throw new Error(`chunk scheduled ${scheduled} of ${writes.length}`);
    } catch (err) {
      if (isConstraintViolation(err)) throw new ChunkRefusedAtInsert(err);
      throw err;
    }
    const booked = planned.map((p, i) => bookedOf(p, writes[i]));
    await this.d.outbox.enqueueMany(
      m,
      booked.flatMap((b, i) => eventsOf(meta, b, planned[i])),
    );
    return { booked, rest };
  }

  /** Every resource the items would hold, locked in id order (the booking path's lock), by id. */
  private async lockResources(
    m: Queryable,
    planned: readonly PlannedItem[],
  ): Promise<Map<string, ResourceRecord>> {
    const ids = [...new Set(planned.flatMap((p) => p.wanted.map((w) => w.id)))];
    return new Map((await this.d.resources.lockForBooking(m, ids)).map((r) => [r.id, r]));
  }

  /**
   * One calendar read over the items' span (widened as CalendarLoader widens a single booking's), then
   * every item planned in position order: how many of the first would be booked.
   */
  private async feasibleCount(
    m: Queryable,
    planned: readonly PlannedItem[],
    resources: ReadonlyMap<string, ResourceRecord>,
    now: Date,
  ): Promise<number> {
    if (planned.length === 0) return 0;
    const ids = [...new Set(planned.flatMap((p) => p.wanted.map((w) => w.id)))];
    const { bookings, timeOff } = await this.d.bookings.findCalendarEntries(
      m,
      ids,
      new Date(Math.min(...planned.map((p) => p.item.requestedStart.getTime())) - DAY_MS),
      new Date(Math.max(...planned.map((p) => p.item.requestedEnd.getTime())) + 2 * DAY_MS),
    );
    const calendars = new Map(
      ids.map((id) => {
        const r = resources.get(id)!;
        return [id, toCalendar(r, timeOff.get(id) ?? [], bookings.get(id) ?? [])];
      }),
    );
    const plan = planChunk(
      planned.map((p) => ({
        window: { start: p.item.requestedStart, end: p.item.requestedEnd },
        resourceIds: p.wanted.map((w) => w.id),
      })),
      calendars,
      now,
    );
    return plan.feasible ? planned.length : plan.index;
  }

  private writeOf(p: PlannedItem, resources: ReadonlyMap<string, ResourceRecord>): ChunkBookingWrite {
    const held: BookingResourceRow[] = p.wanted.map((w) => {
      const r = resources.get(w.id)!;
      return {
        resourceId: r.id,
        kind: r.kind,
        beforeMinutes: r.bufferBeforeMinutes,
        afterMinutes: r.bufferAfterMinutes,
      };
    });
    return {
      bookingId: p.bookingId,
      assignmentId: p.assignment.id,
      start: p.item.requestedStart,
      end: p.item.requestedEnd,
      resources: held,
      changes: p.transition.changes,
    };
  }
}

/** The assignment as the update left it (the row is locked, so it is the locked row with the changes). */
function bookedOf(p: PlannedItem, write: ChunkBookingWrite): BookedAssignment {
  return {
    updated: { ...p.assignment, ...p.transition.changes },
    booking: {
      id: write.bookingId,
      assignmentId: write.assignmentId,
      start: write.start,
      end: write.end,
      resources: write.resources.map(({ resourceId, kind }) => ({ resourceId, kind })),
    },
    released: null,
  };
}

/**
 * A first booking's events in the transition's order, as BookAssignment.book writes them (a reschedule's
 * release never reaches this path).
 */
function eventsOf(
  meta: CallMeta,
  { updated, booking }: BookedAssignment,
  p: PlannedItem,
): Array<NewEvent<typeof SCHEDULING_EVENTS.bookingCreated | typeof SCHEDULING_EVENTS.scheduleConfirmed>> {
  return p.transition.events.map((event) => {
    if (event === 'booking_created')
      return eventFrom(meta, SCHEDULING_EVENTS.bookingCreated, bookingEvent(meta, booking));
    if (event === 'schedule_confirmed')
      return eventFrom(
        meta,
        SCHEDULING_EVENTS.scheduleConfirmed,
        assignmentEvent(meta, updated, p.job, {
          rescheduled: p.transition.rescheduled,
          previous_start: null,
          previous_end: null,
        }),
      );
    throw new Error(`a first booking does not emit ${event}`);
  });
}

/** SQLSTATE class 23: an exclusion, unique, foreign-key or check constraint refused the statement. */
function isConstraintViolation(err: unknown): boolean {
  const code =
    (err as { driverError?: { code?: unknown } })?.driverError?.code ?? (err as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('23');
}
