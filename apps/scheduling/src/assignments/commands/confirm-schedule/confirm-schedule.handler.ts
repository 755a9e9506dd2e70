import { AssignmentView, CallMeta, ConfirmScheduleCommand, SCHEDULING_RPC } from '@slotline/contracts';
import { RpcOutcomes } from '@slotline/messaging';
import { TransactionRunner } from '@slotline/persistence';
import { proposalToConfirm } from '../../../domain';
import { BookingRequest, SchedulingService } from '../../../booking/scheduling.service';
import { requireActor } from '../../../common/call-context';
import { domainSync } from '../../../common/domain-error.mapper';
import { AssignmentLocks } from '../../assignment-locks';
import { toAssignmentView } from '../../assignment.mapper';
import { BookAssignment, bookingRequestFor } from './book-assignment';

export interface ConfirmScheduleDeps {
  locks: AssignmentLocks;
  scheduling: SchedulingService;
  tx: TransactionRunner;
  /** Answers to confirms sent with an idempotency key, replayed to retries. */
  outcomes: RpcOutcomes;
  booker: BookAssignment;
}

/**
 * SCH-3: the other party (or an admin) accepts the pending proposal: every resource is booked
 * atomically (BookAssignment), or none when one is taken meanwhile.
 */
export class ConfirmScheduleHandler {
  constructor(private readonly d: ConfirmScheduleDeps) {}

  async execute(cmd: ConfirmScheduleCommand, meta: CallMeta): Promise<AssignmentView> {
    const actor = requireActor(meta);
    const call = { subject: SCHEDULING_RPC.confirmSchedule.subject, meta, request: cmd };
    let request: BookingRequest | undefined;
    const outcome = await this.d.tx
      .run(async (m) => {
        const { job, assignment: a, side } = await this.d.locks.byAssignment(m, cmd.id, actor);
        // After the locks: a retry racing its first attempt waits for it, then replays its answer.
        const replayed = await this.d.outcomes.find<AssignmentView>(m, call);
        if (replayed) return { replayed: true as const, view: replayed };
        const window = domainSync(() =>
          proposalToConfirm(a, { side, expectedVersion: cmd.schedule_version }),
        );
        request = bookingRequestFor(job, a, window);
        const booked = await this.d.booker.book(m, { job, assignment: a }, window, meta);
        const view = toAssignmentView(booked.updated);
        await this.d.outcomes.record(m, call, view);
        return { replayed: false as const, view, booked };
      })
      .catch(async (err) => {
        throw request ? await this.d.scheduling.explainLostRace(err, request) : err;
      });
    if (!outcome.replayed) this.d.booker.logBooked(outcome.booked);
    return outcome.view;
  }
}
