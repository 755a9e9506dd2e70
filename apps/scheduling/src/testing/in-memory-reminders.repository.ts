import type { ReminderKindName } from '@slotline/contracts';
import { InMemoryTable, InMemoryTransactions } from '@slotline/testing';
import type {
  ReminderCandidate,
  ReminderRecord,
  RemindersRepository,
} from '../reminders/reminders.repository';

type RemindersPort = Pick<
  RemindersRepository,
  | 'tryTickLock'
  | 'findUpcomingWithoutReminder'
  | 'lockOverdueUnflagged'
  | 'insertOnce'
  | 'flagOverdue'
  | 'list'
  | 'countByBucket'
>;

const MINUTE_MS = 60_000;

/**
 * `RemindersRepository` over memory: candidates are the assignments a test seeds, chosen by the same
 * windows as the SQL (upcoming in (now, now + lookahead], overdue once awaiting longer than the SLA).
 */
export class InMemoryRemindersRepository implements RemindersPort {
  readonly reminders: InMemoryTable<ReminderRecord>;
  readonly assignments: InMemoryTable<ReminderCandidate & { id: string; overdueAt: Date | null }>;
  /** Set while another replica holds this tick. */
  tickLockTaken = false;

  constructor(private readonly tx: InMemoryTransactions) {
    this.reminders = tx.enlist(new InMemoryTable<ReminderRecord>());
    this.assignments = tx.enlist(
      new InMemoryTable<ReminderCandidate & { id: string; overdueAt: Date | null }>(),
    );
  }

  seed(candidate: ReminderCandidate): void {
    this.assignments.insert({ ...candidate, id: candidate.assignmentId, overdueAt: null });
  }

  async tryTickLock(db: unknown): Promise<boolean> {
    this.tx.assertInside(db);
    return !this.tickLockTaken;
  }

  async findUpcomingWithoutReminder(
    db: unknown,
    now: Date,
    lookaheadMinutes: number,
    limit: number,
  ): Promise<ReminderCandidate[]> {
    this.tx.assertInside(db);
    const until = now.getTime() + lookaheadMinutes * MINUTE_MS;
    return this.candidates(
      (c) =>
        c.scheduledStart !== null &&
        c.scheduledStart > now &&
        c.scheduledStart.getTime() <= until &&
        !this.hasReminder(c.assignmentId, 'visit_upcoming'),
      limit,
    ).sort((a, b) => a.scheduledStart!.getTime() - b.scheduledStart!.getTime());
  }

  async lockOverdueUnflagged(
    db: unknown,
    now: Date,
    slaMinutes: number,
    limit: number,
  ): Promise<ReminderCandidate[]> {
    this.tx.assertInside(db);
    return this.candidates(
      (c) =>
        c.scheduledStart === null &&
        c.overdueAt === null &&
        c.awaitingSince.getTime() + slaMinutes * MINUTE_MS <= now.getTime(),
      limit,
    );
  }

  async insertOnce(
    db: unknown,
    r: {
      id: string;
      assignmentId: string;
      kind: ReminderKindName;
      eventId: string;
      dueAt: Date | null;
      at: Date;
    },
  ): Promise<boolean> {
    this.tx.assertInside(db);
    if (this.hasReminder(r.assignmentId, r.kind)) return false;
    const { at, ...row } = r;
    this.reminders.insert({ ...row, createdAt: at });
    return true;
  }

  async flagOverdue(db: unknown, assignmentId: string, at: Date): Promise<void> {
    this.tx.assertInside(db);
    this.assignments.update(assignmentId, { overdueAt: at });
  }

  async list(filter: {
    assignmentId?: string;
    kind?: ReminderKindName;
    afterId?: string;
    limit: number;
  }): Promise<ReminderRecord[]> {
    return this.reminders
      .all(
        (r) =>
          (!filter.assignmentId || r.assignmentId === filter.assignmentId) &&
          (!filter.kind || r.kind === filter.kind) &&
          (!filter.afterId || r.id < filter.afterId),
      )
      .sort((a, b) => b.id.localeCompare(a.id))
      .slice(0, filter.limit + 1);
  }

  async countByBucket(
    from: Date,
    to: Date,
    bucket: 'hour' | 'day',
  ): Promise<Array<{ start: Date; kind: ReminderKindName; n: number }>> {
    const size = bucket === 'hour' ? 60 * MINUTE_MS : 24 * 60 * MINUTE_MS;
    const counts = new Map<string, { start: Date; kind: ReminderKindName; n: number }>();
    for (const r of this.reminders.all((r) => r.createdAt >= from && r.createdAt < to)) {
      const start = new Date(Math.floor(r.createdAt.getTime() / size) * size);
      const key = `${start.toISOString()} ${r.kind}`;
      const entry = counts.get(key) ?? { start, kind: r.kind, n: 0 };
      entry.n++;
      counts.set(key, entry);
    }
    return [...counts.values()];
  }

  private candidates(
    where: (c: ReminderCandidate & { overdueAt: Date | null }) => boolean,
    limit: number,
  ): ReminderCandidate[] {
    return this.assignments
      .all(where)
      .slice(0, limit)
      .map(({ id: _id, overdueAt: _o, ...c }) => c);
  }

  private hasReminder(assignmentId: string, kind: ReminderKindName): boolean {
    return this.reminders.all((r) => r.assignmentId === assignmentId && r.kind === kind).length > 0;
  }
}
