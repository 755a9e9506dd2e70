import { AppError } from '@slotline/errors';
import { withSpan } from '@slotline/observability';
import { answersInOrder, Queryable, uuidv7 } from '@slotline/persistence';
import { BUSY_CODE_BY_KIND, Interval, planBooking, ResourceCalendar, Violation } from '../domain';
import { domainSync } from '../common/domain-error.mapper';
import { DAY_MS } from '../common/time-format';
import { ResourceRecord } from '../resources/resource.record';
import { ResourcesRepository } from '../resources/resources.repository';
import { BookingRecord, BookingsRepository } from './bookings.repository';
import { CalendarLoader, calendarsOf } from './calendar-loader';
import { violationError } from './violation-error';

/** What one booking would hold: a practitioner, optionally a room and equipment, for one window. */
export interface BookingRequest {
  window: Interval;
  practitionerId: string;
  roomId?: string | null;
  equipmentIds?: readonly string[];
  /** A reschedule's current booking: ignored by the checks, released by commit. */
  replacesBookingId?: string | null;
}

export interface BookingPlanResult {
  feasible: boolean;
  violations: Violation[];
  /** The next free windows of the same length for all resources, when not feasible. */
  alternatives: Interval[];
  /** Practitioner first, then room, then equipment. */
  resources: ResourceRecord[];
  /** The practitioner's zone, for answers. */
  timeZone: string;
}

export interface CommittedBooking {
  bookingId: string;
  window: Interval;
  resources: Array<{ resourceId: string; kind: ResourceRecord['kind'] }>;
  /** The booking a reschedule replaced, now released. */
  released: BookingRecord | null;
}

export interface SchedulingServiceDeps {
  resources: ResourcesRepository;
  bookings: BookingsRepository;
  calendars: CalendarLoader;
  now?: () => Date;
}

const ALTERNATIVE_SEARCH_DAYS = 14;

/** Refusals from `commit`, whose alternatives are still to be found (outside the resource locks). */
const unexplained = new WeakSet<AppError>();

/**
 * SCH-5. `plan` is a dry run over every resource of a booking (writes nothing); `commit` re-checks
 * inside the caller's transaction and writes the booking (all resources or none: one transaction,
 * guarded by the exclusion constraints); `rollback` releases a committed booking.
 */
export class SchedulingService {
  private readonly now: () => Date;

  constructor(private readonly d: SchedulingServiceDeps) {
    this.now = d.now ?? (() => new Date());
  }

  plan(request: BookingRequest, db?: Queryable): Promise<BookingPlanResult> {
    return withSpan('scheduling.plan', () => this.check(request, db), spanAttributes(request));
  }

  /**
   * `alongside` (given the booking as it is being written) sends the caller's own writes of the same
   * change right behind the booking's insert, so they share its round trip; its answer comes back as
   * `alongside`.
   * @throws AppError with the first violation's code (and every violation in details) when infeasible.
   */
  commit<T = undefined>(
    db: Queryable,
    assignmentId: string,
    request: BookingRequest,
    alongside?: (booking: CommittedBooking) => Promise<T>,
  ): Promise<CommittedBooking & { alongside: T }> {
    return withSpan(
      'scheduling.commit',
      async (span) => {
        // The resources are locked first (one order for every booking, see lockForBooking). The calendar
        // read goes out behind the lock in the same round trip: the server runs it after the lock is
        // held, as its own statement with its own snapshot, so it sees everything committed by whoever
        // held the lock before (new time off, a rival's booking).
        const wanted = wantedResources(request);
        const ids = wanted.map((w) => w.id);
        const [rows, entries] = await answersInOrder(
          this.d.resources.lockForBooking(db, ids),
          this.d.calendars.entries(ids, checkedRange(request, 0), {
            db,
            excludeBookingId: request.replacesBookingId,
          }),
        );
        const locked = bookable(wanted, rows);
        // The new window may overlap the old booking of the same resources: it is released before the
        // insert (the read above already leaves it out).
        const released = request.replacesBookingId
          ? await this.d.bookings.release(db, request.replacesBookingId, 'rescheduled')
          : null;
        // Under the lock only the window itself is checked: bookings of these resources queue behind this
        // one, so the alternatives (a 14-day search) are found by explainLostRace after the rollback.
        const plan = this.judge(request, locked, calendarsOf(locked, entries), 0);
        if (!plan.feasible) {
          const refused = violationError(plan.violations, [], plan.timeZone);
          unexplained.add(refused);
          throw refused;
        }
        const bookingId = uuidv7();
        const resources = plan.resources.map((r) => ({
          resourceId: r.id,
          kind: r.kind,
          beforeMinutes: r.bufferBeforeMinutes,
          afterMinutes: r.bufferAfterMinutes,
        }));
        // Sent before it is answered, so that the caller's writes follow it in the same round trip; its
        // failure (an exclusion constraint) is the one reported, the writes behind it fail because of it.
        const inserted = this.d.bookings.insert(db, {
          id: bookingId,
          assignmentId,
          window: request.window,
          resources,
        });
        const booking: CommittedBooking = {
          bookingId,
          window: request.window,
          resources: resources.map(({ resourceId, kind }) => ({ resourceId, kind })),
          released,
        };
        const [, after] = await answersInOrder(
          inserted,
          alongside ? alongside(booking) : Promise.resolve(undefined as T),
        );
        span.setAttribute('scheduling.booking_id', bookingId);
        return { ...booking, alongside: after };
      },
      { ...spanAttributes(request), 'scheduling.assignment_id': assignmentId },
    );
  }

  /** Frees every resource of the booking; null when it was already released. */
  rollback(db: Queryable, bookingId: string, reason: string): Promise<BookingRecord | null> {
    return withSpan('scheduling.rollback', () => this.d.bookings.release(db, bookingId, reason), {
      'scheduling.booking_id': bookingId,
      'scheduling.reason': reason,
    });
  }

  /**
   * A race lost at the exclusion constraint carries no window, and a refusal from `commit` no
   * alternatives; planning again outside the transaction (the winner has committed by now) explains
   * it the way the pre-check would have.
   */
  async explainLostRace(err: unknown, request: BookingRequest): Promise<unknown> {
    const busy = Object.values(BUSY_CODE_BY_KIND) as string[];
    if (!(err instanceof AppError)) return err;
    if (!unexplained.has(err) && (!busy.includes(err.code) || err.details)) return err;
    const plan = await this.plan(request).catch(() => null);
    const match = plan?.violations.find((v) => v.code === err.code);
    if (!plan || !match) return err;
    return violationError(
      [match, ...plan.violations.filter((v) => v !== match)],
      plan.alternatives,
      plan.timeZone,
    );
  }

  private async check(request: BookingRequest, db?: Queryable): Promise<BookingPlanResult> {
    const wanted = wantedResources(request);
    const resources = bookable(
      wanted,
      await this.d.resources.findByIds(
        wanted.map((w) => w.id),
        db,
      ),
    );
    const calendars = await this.d.calendars.load(resources, checkedRange(request, ALTERNATIVE_SEARCH_DAYS), {
      db,
      excludeBookingId: request.replacesBookingId,
    });
    return this.judge(request, resources, calendars, ALTERNATIVE_SEARCH_DAYS);
  }

  /** The domain's verdict on the window, and the alternatives within `searchDays` when it is refused. */
  private judge(
    request: BookingRequest,
    resources: ResourceRecord[],
    calendars: ResourceCalendar[],
    searchDays: number,
  ): BookingPlanResult {
    const plan = domainSync(() =>
      planBooking({
        window: request.window,
        resources: calendars,
        now: this.now(),
        searchDays,
        ...(searchDays === 0 && { maxAlternatives: 0 }),
      }),
    );
    return { ...plan, resources, timeZone: resources[0].timeZone };
  }
}

/** The calendar span a check reads: the window, and `searchDays` after it for alternatives. */
function checkedRange(request: BookingRequest, searchDays: number): Interval {
  return {
    start: request.window.start,
    end: new Date(request.window.end.getTime() + (searchDays + 1) * DAY_MS),
  };
}

/** Practitioner first, then room, then equipment (each once). */
function wantedResources(request: BookingRequest): Array<{ id: string; kind: ResourceRecord['kind'] }> {
  return [
    { id: request.practitionerId, kind: 'practitioner' },
    ...(request.roomId ? [{ id: request.roomId, kind: 'room' as const }] : []),
    ...[...new Set(request.equipmentIds ?? [])].map((id) => ({ id, kind: 'equipment' as const })),
  ];
}

/** The wanted resources' rows in the wanted order; refuses one that is missing, of another kind or inactive. */
function bookable(
  wanted: Array<{ id: string; kind: ResourceRecord['kind'] }>,
  rows: ResourceRecord[],
): ResourceRecord[] {
  const found = new Map(rows.map((r) => [r.id, r]));
  return wanted.map((w) => {
    const r = found.get(w.id);
    if (!r || r.kind !== w.kind || !r.active) {
      throw new AppError(
        'BR_RULE_VIOLATED',
        `The ${w.kind} ${w.id} is not available for booking (missing or deactivated).`,
        undefined,
        {
          resource_id: w.id,
          resource_kind: w.kind,
        },
      );
    }
    return r;
  });
}

function spanAttributes(request: BookingRequest): Record<string, string> {
  return {
    'scheduling.practitioner_id': request.practitionerId,
    'scheduling.window_start': request.window.start.toISOString(),
    'scheduling.window_end': request.window.end.toISOString(),
  };
}
