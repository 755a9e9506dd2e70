import { AssignmentView, CallMeta, ProposeScheduleCommand } from '@slotline/contracts';
import { TransactionRunner } from '@slotline/persistence';
import { assertReschedulable } from '../../../domain';
import { requireActor } from '../../../common/call-context';
import { domainSync } from '../../../common/domain-error.mapper';
import { AssignmentLocks } from '../../assignment-locks';
import { toAssignmentView } from '../../assignment.mapper';
import { RecordProposal } from '../propose-schedule/record-proposal';

export interface RescheduleDeps {
  locks: AssignmentLocks;
  proposals: RecordProposal;
  tx: TransactionRunner;
}

/**
 * SCH-3: a party proposes moving a scheduled visit. The visit keeps its booking until the other party
 * confirms the new window, which books it and releases the old one in one transaction.
 */
export class RescheduleHandler {
  constructor(private readonly d: RescheduleDeps) {}

  async execute(cmd: ProposeScheduleCommand, meta: CallMeta): Promise<AssignmentView> {
    const actor = requireActor(meta);
    const { id, ...body } = cmd;
    const updated = await this.d.tx.run(async (m) => {
      const locked = await this.d.locks.byAssignment(m, id, actor);
      domainSync(() => assertReschedulable(locked.assignment, body.schedule_version));
      return this.d.proposals.record(m, locked, body, meta, actor);
    });
    this.d.proposals.logProposed(updated);
    return toAssignmentView(updated);
  }
}
