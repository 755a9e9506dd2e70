import { REMINDER_EVENTS, ReminderEventData } from '@slotline/contracts';
import { uuidv7 } from '@slotline/persistence';
import { callAs, InMemoryTransactions, RecordingOutbox, substitute } from '@slotline/testing';
import { Counter } from 'prom-client';
import { InMemoryRemindersRepository } from '../testing/in-memory-reminders.repository';
import { ReminderCandidate } from './reminders.repository';
import { ReminderService } from './reminder.service';

const NOW = new Date('2030-01-07T08:00:00Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

function aCandidate(overrides: Partial<ReminderCandidate> = {}): ReminderCandidate {
  return {
    assignmentId: uuidv7(),
    jobId: uuidv7(),
    practitionerId: uuidv7(),
    providerUserId: uuidv7(),
    customerId: uuidv7(),
    timeZone: 'UTC',
    scheduleVersion: 3,
    scheduledStart: null,
    scheduledEnd: null,
    awaitingSince: minutes(-30),
    ...overrides,
  };
}

describe(ReminderService.name, () => {
  let tx: InMemoryTransactions;
  let repo: InMemoryRemindersRepository;
  let outbox: RecordingOutbox;
  let sent: Counter<'kind'>;
  let sut: ReminderService;

  beforeEach(() => {
    tx = new InMemoryTransactions();
    repo = new InMemoryRemindersRepository(tx);
    outbox = new RecordingOutbox(tx, 'scheduling');
    sent = new Counter({ name: 'reminders_sent_total', help: 'test', labelNames: ['kind'], registers: [] });
    sut = new ReminderService({
      repo: substitute(repo),
      tx: tx.runner,
      outbox: outbox.writer,
      settings: { lookaheadMinutes: 60, slaMinutes: 120, batchSize: 10 },
      sent,
      now: () => NOW,
    });
  });

  async function sentOf(kind: string): Promise<number> {
    return (await sent.get()).values.find((v) => v.labels.kind === kind)?.value ?? 0;
  }

  describe('runTick', () => {
    it('reminds of a visit inside the lookahead, once, with the visit in the event', async () => {
      const soon = aCandidate({ scheduledStart: minutes(45), scheduledEnd: minutes(105) });
      repo.seed(soon);
      repo.seed(aCandidate({ scheduledStart: minutes(90), scheduledEnd: minutes(150) }));

      const first = await sut.runTick();
      const second = await sut.runTick();

      expect(first).toEqual({ ran: true, upcoming: 1, overdue: 0 });
      expect(second).toEqual({ ran: true, upcoming: 0, overdue: 0 });
      const [reminder] = repo.reminders.all();
      expect(outbox.dataOf<ReminderEventData>(REMINDER_EVENTS.due.type)).toEqual([
        expect.objectContaining({
          reminder_id: reminder.id,
          kind: 'visit_upcoming',
          assignment_id: soon.assignmentId,
          schedule_version: 3,
          scheduled_start: minutes(45).toISOString(),
        }),
      ]);
      expect(outbox.events[0].id).toBe(reminder.eventId);
      expect(reminder.dueAt).toEqual(minutes(45));
      expect(await sentOf('visit_upcoming')).toBe(1);
    });

    it('flags an assignment awaiting a schedule past the SLA, due when the SLA ran out', async () => {
      const late = aCandidate({ awaitingSince: minutes(-150) });
      repo.seed(late);
      repo.seed(aCandidate({ awaitingSince: minutes(-60) }));

      const outcome = await sut.runTick();

      expect(outcome).toEqual({ ran: true, upcoming: 0, overdue: 1 });
      expect(repo.assignments.get(late.assignmentId)).toMatchObject({ overdueAt: NOW });
      expect(repo.reminders.all()).toEqual([
        expect.objectContaining({
          assignmentId: late.assignmentId,
          kind: 'schedule_overdue',
          dueAt: minutes(-30),
        }),
      ]);
      expect(outbox.dataOf<ReminderEventData>(REMINDER_EVENTS.overdue.type)).toEqual([
        expect.objectContaining({ assignment_id: late.assignmentId, scheduled_start: null }),
      ]);
      expect(await sentOf('schedule_overdue')).toBe(1);
    });

    it('emits at most a batch per tick and leaves the rest for the next', async () => {
      for (let i = 0; i < 12; i++)
        repo.seed(aCandidate({ scheduledStart: minutes(10 + i), scheduledEnd: minutes(70) }));

      expect(await sut.runTick()).toMatchObject({ upcoming: 10 });
      expect(await sut.runTick()).toMatchObject({ upcoming: 2 });
      expect(outbox.events).toHaveLength(12);
    });

    it('does nothing while another replica holds the tick', async () => {
      repo.seed(aCandidate({ awaitingSince: minutes(-150) }));
      repo.tickLockTaken = true;

      expect(await sut.runTick()).toEqual({ ran: false, upcoming: 0, overdue: 0 });
      expect(repo.reminders.all()).toEqual([]);
      expect(outbox.events).toEqual([]);
    });
  });

  describe('overTime', () => {
    it('counts reminders per kind in every bucket of the range, empty buckets included', async () => {
      repo.seed(aCandidate({ scheduledStart: minutes(30), scheduledEnd: minutes(90) }));
      repo.seed(aCandidate({ awaitingSince: minutes(-150) }));
      await sut.runTick();

      const view = await sut.overTime(
        { from: '2030-01-07T06:30:00Z', to: '2030-01-07T09:00:00Z', bucket: 'hour' },
        callAs('admin'),
      );

      expect(view).toMatchObject({ from: '2030-01-07T06:00:00.000Z', total: 2 });
      expect(view.buckets).toEqual([
        { start: '2030-01-07T06:00:00.000Z', visit_upcoming: 0, schedule_overdue: 0, total: 0 },
        { start: '2030-01-07T07:00:00.000Z', visit_upcoming: 0, schedule_overdue: 0, total: 0 },
        { start: '2030-01-07T08:00:00.000Z', visit_upcoming: 1, schedule_overdue: 1, total: 2 },
      ]);
    });

    it('refuses a range that ends before it starts or spans too many buckets', async () => {
      const admin = callAs('admin');

      await expect(
        sut.overTime({ from: NOW.toISOString(), to: minutes(-60).toISOString(), bucket: 'hour' }, admin),
      ).rejects.toMatchObject({ code: 'BR_RULE_VIOLATED' });
      await expect(
        sut.overTime({ from: NOW.toISOString(), to: '2031-06-01T00:00:00Z', bucket: 'hour' }, admin),
      ).rejects.toMatchObject({ code: 'BR_RULE_VIOLATED' });
    });
  });

  describe('history', () => {
    it('shows an admin the reminders of an assignment, and refuses anyone else', async () => {
      const late = aCandidate({ awaitingSince: minutes(-150) });
      repo.seed(late);
      await sut.runTick();

      const page = await sut.history({ assignment_id: late.assignmentId, limit: 20 }, callAs('admin'));

      expect(page.items).toEqual([
        expect.objectContaining({
          assignment_id: late.assignmentId,
          kind: 'schedule_overdue',
          due_at: minutes(-30).toISOString(),
        }),
      ]);
      await expect(sut.history({ limit: 20 }, callAs('provider'))).rejects.toMatchObject({
        code: 'AUTH_FORBIDDEN',
      });
    });
  });
});
