import { AssignmentView, CallMeta } from '@slotline/contracts';
import { logEvent } from '@slotline/observability';
import { TransactionRunner } from '@slotline/persistence';
import type { Logger } from 'pino';
import { requireRole } from '../../../common/call-context';
import { ResourcesRepository } from '../../../resources/resources.repository';
import { toAssignmentView } from '../../assignment.mapper';
import { AssignJob, NO_ACTIVE_PRACTITIONER } from './assign-job';

export interface AcceptJobDeps {
  resources: ResourcesRepository;
  assigner: AssignJob;
  tx: TransactionRunner;
  logger: Logger;
}

/** SCH-2: a provider takes an open job. Concurrent accepts serialise on the job row: one wins, the rest get 409. */
export class AcceptJobHandler {
  constructor(private readonly d: AcceptJobDeps) {}

  async execute(jobId: string, meta: CallMeta): Promise<AssignmentView> {
    const actor = requireRole(meta, 'provider', 'accept a job');
    const practitioner = await this.d.resources.findPractitionerByUser(actor.user_id);
    if (!practitioner?.active) throw NO_ACTIVE_PRACTITIONER();
    const { assignment } = await this.d.tx.run((m) =>
      this.d.assigner.assign(m, jobId, practitioner.id, meta),
    );
    logEvent(
      this.d.logger,
      'assignment_accepted',
      { assignment_id: assignment.id, job_id: jobId },
      'job accepted',
    );
    return toAssignmentView(assignment);
  }
}
