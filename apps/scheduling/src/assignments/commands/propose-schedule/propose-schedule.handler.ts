import { AssignmentView, CallMeta, ProposeScheduleBody } from '@slotline/contracts';
import { TransactionRunner } from '@slotline/persistence';
import { assertNegotiable } from '../../../domain';
import { requireActor } from '../../../common/call-context';
import { domainSync } from '../../../common/domain-error.mapper';
import { AssignmentLocks } from '../../assignment-locks';
import { toAssignmentView } from '../../assignment.mapper';
import { RecordProposal } from './record-proposal';

export interface ProposeScheduleDeps {
  locks: AssignmentLocks;
  proposals: RecordProposal;
  tx: TransactionRunner;
}

/** Either side of a job, by the job's id (the customer) or the assignment's (either party). */
export type ProposalTarget = { jobId: string } | { assignmentId: string };

/**
 * SCH-3: either party (or an admin) proposes a window based on the `schedule_version` they saw; the
 * other party confirms it (ConfirmScheduleHandler).
 */
export class ProposeScheduleHandler {
  constructor(private readonly d: ProposeScheduleDeps) {}

  async execute(target: ProposalTarget, body: ProposeScheduleBody, meta: CallMeta): Promise<AssignmentView> {
    const actor = requireActor(meta);
    const updated = await this.d.tx.run(async (m) => {
      const locked =
        'jobId' in target
          ? await this.d.locks.byJob(m, target.jobId, actor)
          : await this.d.locks.byAssignment(m, target.assignmentId, actor);
      domainSync(() => assertNegotiable(locked.assignment, body.schedule_version));
      return this.d.proposals.record(m, locked, body, meta, actor);
    });
    this.d.proposals.logProposed(updated);
    return toAssignmentView(updated);
  }
}
