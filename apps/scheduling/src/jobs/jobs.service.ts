import {
  CallMeta,
  CreateJobBody,
  JobEventData,
  JobView,
  ListJobsQuery,
  Page,
  paginate,
  SCHEDULING_EVENTS,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { OutboxWriter } from '@slotline/messaging';
import { idAfterCursor, TransactionRunner, uuidv7 } from '@slotline/persistence';
import { formatInstant } from '../domain';
import { auditActor, eventFrom, notFound, requireActor, requireRole } from '../common/call-context';
import { domainSync } from '../common/domain-error.mapper';
import { viewerOf } from '../common/viewer';
import { ResourcesRepository } from '../resources/resources.repository';
import { toJobView } from './job.mapper';
import { JobRecord } from './job.record';
import { JobsRepository } from './jobs.repository';

export interface JobsServiceDeps {
  jobs: JobsRepository;
  resources: ResourcesRepository;
  tx: TransactionRunner;
  outbox: OutboxWriter;
}

/** Customers create jobs; everyone sees only the jobs they may (SCH-2). */
export class JobsService {
  constructor(private readonly d: JobsServiceDeps) {}

  async create(body: CreateJobBody, meta: CallMeta): Promise<JobView> {
    const actor = requireRole(meta, 'customer', 'create a job');
    const timeZone = body.time_zone ?? 'UTC';
    domainSync(() => formatInstant(new Date(), timeZone));
    const windows = (body.preferred_windows ?? []).map((w, i) => {
      const window = { start: new Date(w.start), end: new Date(w.end) };
      if (!(window.end.getTime() > window.start.getTime())) {
        throw new AppError('VAL_FAILED', 'The request has invalid fields.', [
          { field: `preferred_windows.${i}.end`, code: 'invalid', message: 'end must be after start' },
        ]);
      }
      return window;
    });
    const equipmentIds = [...new Set(body.equipment_ids ?? [])];
    await this.assertBookable(body.room_id ? [{ id: body.room_id, kind: 'room', field: 'room_id' }] : []);
    await this.assertBookable(equipmentIds.map((id) => ({ id, kind: 'equipment', field: 'equipment_ids' })));
    const job = await this.d.tx.run(async (m) => {
      const created = await this.d.jobs.insert(m, {
        id: uuidv7(),
        customerId: actor.user_id,
        serviceType: body.service_type.trim(),
        durationMinutes: body.duration_minutes,
        priceAmount: body.price_amount,
        currency: body.currency,
        timeZone,
        roomId: body.room_id ?? null,
        equipmentIds,
        preferredWindows: windows,
        notes: body.notes ?? null,
      });
      await this.d.outbox.enqueue(m, eventFrom(meta, SCHEDULING_EVENTS.jobCreated, jobEvent(meta, created)));
      return created;
    });
    return toJobView(job);
  }

  async list(query: ListJobsQuery, meta: CallMeta): Promise<Page<JobView>> {
    const viewer = viewerOf(requireActor(meta));
    const rows = await this.d.jobs.listVisible(viewer, {
      status: query.status,
      afterId: idAfterCursor(query.cursor),
      limit: query.limit,
    });
    const page = paginate(rows, query.limit, (j) => ({ id: j.id }));
    return { ...page, items: page.items.map(toJobView) };
  }

  async get(id: string, meta: CallMeta): Promise<JobView> {
    const job = await this.d.jobs.findVisible(id, viewerOf(requireActor(meta)));
    if (!job) throw notFound('job');
    return toJobView(job);
  }

  private async assertBookable(
    refs: Array<{ id: string; kind: 'room' | 'equipment'; field: string }>,
  ): Promise<void> {
    if (!refs.length) return;
    const found = new Map((await this.d.resources.findByIds(refs.map((r) => r.id))).map((r) => [r.id, r]));
    const bad = refs.filter((ref) => {
      const r = found.get(ref.id);
      return !r || r.kind !== ref.kind || !r.active;
    });
    if (bad.length) {
      throw new AppError(
        'VAL_FAILED',
        'The request has invalid fields.',
        bad.map((ref) => ({
          field: ref.field,
          code: 'unknown_resource',
          message: `${ref.id} is not an active ${ref.kind}`,
        })),
      );
    }
  }
}

export function jobEvent(meta: CallMeta, job: JobRecord, reason?: string | null): JobEventData {
  return {
    actor: auditActor(meta),
    resource_type: 'job',
    resource_id: job.id,
    outcome: 'success',
    job_id: job.id,
    customer_id: job.customerId,
    status: job.status,
    service_type: job.serviceType,
    duration_minutes: job.durationMinutes,
    price_amount: job.priceAmount,
    currency: job.currency,
    ...(reason !== undefined && { reason }),
  };
}
