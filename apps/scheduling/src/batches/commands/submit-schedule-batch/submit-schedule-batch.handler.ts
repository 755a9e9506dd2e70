import { CallMeta, CreateScheduleBatchBody, ScheduleBatchView } from '@slotline/contracts';
import { logEvent } from '@slotline/observability';
import { TransactionRunner, uuidv7 } from '@slotline/persistence';
import type { Logger } from 'pino';
import { requireAdmin } from '../../../common/call-context';
import { toScheduleBatchView } from '../../schedule-batch.mapper';
import { ScheduleBatchesRepository } from '../../schedule-batches.repository';

export interface SubmitScheduleBatchDeps {
  batches: ScheduleBatchesRepository;
  tx: TransactionRunner;
  logger: Logger;
  /** Wakes the worker so a batch starts at once rather than at the next poll. */
  submitted: () => void;
}

/** SCH-8: an admin's batch is stored with every item pending; the orchestrator works it in the background. */
export class SubmitScheduleBatchHandler {
  constructor(private readonly d: SubmitScheduleBatchDeps) {}

  async execute(body: CreateScheduleBatchBody, meta: CallMeta): Promise<ScheduleBatchView> {
    const actor = requireAdmin(meta);
    const id = uuidv7();
    const batch = await this.d.tx.run(async (m) => {
      await this.d.batches.insert(
        m,
        { id, conflictPolicy: body.conflict_policy, requestedBy: actor.user_id, requestId: meta.request_id },
        body.items.map((item, position) => ({
          position,
          assignmentId: item.assignment_id ?? null,
          jobId: item.job_id ?? null,
          practitionerId: item.practitioner_id ?? null,
          requestedStart: new Date(item.window.start),
          requestedEnd: new Date(item.window.end),
        })),
      );
      return (await this.d.batches.findById(id, m))!;
    });
    logEvent(
      this.d.logger,
      'schedule_batch_submitted',
      { batch_id: id, conflict_policy: body.conflict_policy, items: body.items.length },
      'schedule batch submitted',
    );
    this.d.submitted();
    const pending = body.items.length;
    return toScheduleBatchView(batch, { pending, booked: 0, skipped: 0, failed: 0, not_attempted: 0 });
  }
}
