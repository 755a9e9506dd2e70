import { Actor, CallMeta, ConflictPolicyName } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { isTransientDbError, Queryable, translateDbError } from '@slotline/persistence';
import { decideRefusal, Interval } from '../domain';
import { AssignJob } from '../assignments/commands/accept-job/assign-job';
import {
  BookAssignment,
  BookedAssignment,
  bookingRequestFor,
} from '../assignments/commands/confirm-schedule/book-assignment';
import { AssignmentLocks } from '../assignments/assignment-locks';
import { BookingRequest, SchedulingService } from '../booking/scheduling.service';
import { ScheduleItemRecord } from './schedule-batch.record';

export interface ScheduleItemProcessorDeps {
  locks: AssignmentLocks;
  assigner: AssignJob;
  booker: BookAssignment;
  scheduling: SchedulingService;
}

/** What became of one item inside its chunk's transaction. */
export type ProcessedItem =
  | { status: 'booked'; booked: BookedAssignment }
  | { status: 'skipped' | 'failed'; code: string; message: string; stop: boolean };

/**
 * Thrown by an unguarded attempt (no savepoint) that did not book: what it wrote, or the statement that
 * failed, cannot be undone on its own, so the caller rolls the whole transaction back and works it again
 * with savepoints.
 */
export class ItemNeedsSavepoint extends Error {
  constructor(readonly position: number) {
    super(`schedule item ${position} was refused without a savepoint`);
  }
}

/** How many other windows `next_available` tries before it skips the item. */
const MAX_ALTERNATIVES = 3;

/**
 * One schedule request, inside the chunk's transaction. Guarded (the default), each attempt runs in a
 * savepoint, so a refused window leaves nothing behind (not even the assignment a job item created) and
 * the chunk goes on. Unguarded, no savepoint is taken (two statements fewer per item) and any refusal
 * throws `ItemNeedsSavepoint`: the caller undoes the whole transaction and works it again guarded.
 */
export class ScheduleItemProcessor {
  constructor(private readonly d: ScheduleItemProcessorDeps) {}

  async process(
    m: Queryable,
    item: ScheduleItemRecord,
    policy: ConflictPolicyName,
    meta: CallMeta,
    guarded = true,
  ): Promise<ProcessedItem> {
    let window: Interval = { start: item.requestedStart, end: item.requestedEnd };
    const tried = new Set<number>();
    for (;;) {
      tried.add(window.start.getTime());
      const attempt = await this.attempt(m, item, window, meta, guarded);
      if ('booked' in attempt) return { status: 'booked', booked: attempt.booked };
      const { error, request } = attempt;
      let next: Interval | undefined;
      if (policy === 'next_available' && request && tried.size <= MAX_ALTERNATIVES) {
        // Planned in this transaction, so the windows this chunk booked already count as taken.
        const plan = await this.d.scheduling.plan(request, m);
        next = plan.alternatives.find((alt) => !tried.has(alt.start.getTime()));
      }
      const decision = decideRefusal(policy, error.code, next !== undefined);
      if (decision.item === 'retry_next_available') {
        window = next!;
        continue;
      }
      return {
        status: decision.item,
        code: error.code,
        message: error.message,
        stop: decision.batch === 'stop',
      };
    }
  }

  private async attempt(
    m: Queryable,
    item: ScheduleItemRecord,
    window: Interval,
    meta: CallMeta,
    guarded: boolean,
  ): Promise<{ booked: BookedAssignment } | { error: AppError; request: BookingRequest | null }> {
    let request: BookingRequest | null = null;
    if (guarded) await m.query('SAVEPOINT schedule_item');
    try {
      const locked = item.assignmentId
        ? await this.d.locks.byAssignment(m, item.assignmentId, meta.actor as Actor)
        : await this.d.assigner.assign(m, item.jobId!, item.practitionerId!, meta);
      const minutes = (window.end.getTime() - window.start.getTime()) / 60_000;
      if (minutes !== locked.assignment.durationMinutes) {
        throw new AppError(
          'BR_RULE_VIOLATED',
          `The window lasts ${minutes} minutes; this job takes ${locked.assignment.durationMinutes}.`,
        );
      }
      request = bookingRequestFor(locked.job, locked.assignment, window);
      const booked = await this.d.booker.book(m, locked, window, meta);
      if (guarded) await m.query('RELEASE SAVEPOINT schedule_item');
      return { booked };
    } catch (err) {
      // A serialization failure or deadlock belongs to the whole transaction: the chunk is retried.
      if (isTransientDbError(err)) {
        if (guarded) await m.query('ROLLBACK TO SAVEPOINT schedule_item');
        throw err;
      }
      if (!guarded) throw new ItemNeedsSavepoint(item.position);
      await m.query('ROLLBACK TO SAVEPOINT schedule_item');
      const error = translateDbError(err);
      if (!(error instanceof AppError)) throw error;
      return { error, request };
    }
  }
}
