import {
  CallMeta,
  Page,
  paginate,
  REMINDER_EVENTS,
  ReminderBucketView,
  ReminderEventData,
  ReminderHistoryQuery,
  ReminderKindName,
  RemindersOverTimeQuery,
  RemindersOverTimeView,
  ReminderView,
  MAX_REMINDER_BUCKETS,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { OutboxWriter } from '@slotline/messaging';
import { idAfterCursor, Queryable, TransactionRunner, uuidv7 } from '@slotline/persistence';
import type { Counter } from 'prom-client';
import { requireAdmin } from '../common/call-context';
import { ReminderCandidate, RemindersRepository } from './reminders.repository';

export interface ReminderSettings {
  lookaheadMinutes: number;
  slaMinutes: number;
  /** Reminders of each kind emitted per tick at most; the rest wait for the next tick. */
  batchSize: number;
}

export interface ReminderServiceDeps {
  repo: RemindersRepository;
  tx: TransactionRunner;
  outbox: OutboxWriter;
  settings: ReminderSettings;
  sent: Counter<'kind'>;
  now?: () => Date;
}

/** What one tick did; `ran` is false when another replica held the tick. */
export interface ReminderTickOutcome {
  ran: boolean;
  upcoming: number;
  overdue: number;
}

const BUCKET_MS = { hour: 3_600_000, day: 86_400_000 } as const;

/**
 * SCH-9: one tick emits a `reminder_due` event per upcoming visit and flags assignments left awaiting a
 * schedule past the SLA with a `reminder_overdue` event, each at most once per (assignment, kind).
 */
export class ReminderService {
  private readonly now: () => Date;

  constructor(private readonly d: ReminderServiceDeps) {
    this.now = d.now ?? (() => new Date());
  }

  async runTick(at: Date = this.now()): Promise<ReminderTickOutcome> {
    const { repo, settings } = this.d;
    const outcome = await this.d.tx.run(async (m): Promise<ReminderTickOutcome> => {
      if (!(await repo.tryTickLock(m))) return { ran: false, upcoming: 0, overdue: 0 };
      let upcoming = 0;
      for (const c of await repo.findUpcomingWithoutReminder(
        m,
        at,
        settings.lookaheadMinutes,
        settings.batchSize,
      )) {
        if (await this.emit(m, c, 'visit_upcoming', at)) upcoming++;
      }
      let overdue = 0;
      for (const c of await repo.lockOverdueUnflagged(m, at, settings.slaMinutes, settings.batchSize)) {
        await repo.flagOverdue(m, c.assignmentId, at);
        if (await this.emit(m, c, 'schedule_overdue', at)) overdue++;
      }
      return { ran: true, upcoming, overdue };
    });
    if (outcome.upcoming) this.d.sent.inc({ kind: 'visit_upcoming' }, outcome.upcoming);
    if (outcome.overdue) this.d.sent.inc({ kind: 'schedule_overdue' }, outcome.overdue);
    return outcome;
  }

  async history(query: ReminderHistoryQuery, meta: CallMeta): Promise<Page<ReminderView>> {
    requireAdmin(meta);
    const rows = await this.d.repo.list({
      assignmentId: query.assignment_id,
      kind: query.kind,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      afterId: idAfterCursor(query.cursor),
      limit: query.limit,
    });
    const page = paginate(rows, query.limit, (r) => ({ id: r.id }));
    return {
      ...page,
      items: page.items.map((r) => ({
        id: r.id,
        assignment_id: r.assignmentId,
        kind: r.kind,
        event_id: r.eventId,
        due_at: r.dueAt?.toISOString() ?? null,
        created_at: r.createdAt.toISOString(),
      })),
    };
  }

  /** Every bucket of [from, to) is present (zeros included), so a chart needs no gap filling. */
  async overTime(query: RemindersOverTimeQuery, meta: CallMeta): Promise<RemindersOverTimeView> {
    requireAdmin(meta);
    const size = BUCKET_MS[query.bucket];
    const from = new Date(Math.floor(new Date(query.from).getTime() / size) * size);
    const to = new Date(query.to);
    if (!(to > from) || (to.getTime() - from.getTime()) / size > MAX_REMINDER_BUCKETS) {
      throw new AppError(
        'BR_RULE_VIOLATED',
        `from must be before to, and the range at most ${MAX_REMINDER_BUCKETS} buckets.`,
      );
    }
    const buckets = new Map<number, ReminderBucketView>();
    for (let t = from.getTime(); t < to.getTime(); t += size) {
      buckets.set(t, { start: new Date(t).toISOString(), visit_upcoming: 0, schedule_overdue: 0, total: 0 });
    }
    for (const row of await this.d.repo.countByBucket(from, to, query.bucket)) {
      const b = buckets.get(row.start.getTime());
      if (!b) continue;
      b[row.kind] += row.n;
      b.total += row.n;
    }
    const list = [...buckets.values()];
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      bucket: query.bucket,
      buckets: list,
      total: list.reduce((sum, b) => sum + b.total, 0),
    };
  }

  private async emit(m: Queryable, c: ReminderCandidate, kind: ReminderKindName, at: Date): Promise<boolean> {
    const reminderId = uuidv7();
    const eventId = uuidv7();
    const dueAt =
      kind === 'visit_upcoming'
        ? c.scheduledStart
        : new Date(c.awaitingSince.getTime() + this.d.settings.slaMinutes * 60_000);
    const inserted = await this.d.repo.insertOnce(m, {
      id: reminderId,
      assignmentId: c.assignmentId,
      kind,
      eventId,
      dueAt,
      at,
    });
    if (!inserted) return false;
    const data: ReminderEventData = {
      reminder_id: reminderId,
      kind,
      assignment_id: c.assignmentId,
      job_id: c.jobId,
      practitioner_id: c.practitionerId,
      provider_user_id: c.providerUserId,
      customer_id: c.customerId,
      time_zone: c.timeZone,
      schedule_version: c.scheduleVersion,
      scheduled_start: c.scheduledStart?.toISOString() ?? null,
      scheduled_end: c.scheduledEnd?.toISOString() ?? null,
      awaiting_since: c.awaitingSince.toISOString(),
    };
    const contract = kind === 'visit_upcoming' ? REMINDER_EVENTS.due : REMINDER_EVENTS.overdue;
    // The manager is the tick's transaction: the reminder row and its event commit together.
    await this.d.outbox.enqueue(m, {
      id: eventId,
      type: contract.type,
      data,
      actor: null,
      occurred_at: at,
    });
    return true;
  }
}
