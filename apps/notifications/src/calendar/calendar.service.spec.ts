import { aCallMeta, anActor, anAssignmentEventData, substitute, uniqueEmail } from '@slotline/testing';
import type { Db, Recipient, RecipientsRepository } from '../recipients/recipients.repository';
import { InMemoryCalendarEntries } from '../testing/in-memory-calendar-entries.repository';
import { CalendarService } from './calendar.service';

describe(CalendarService.name, () => {
  // The consumer's transaction; the in-memory entries do not query it.
  const db = substitute<Db>({});
  const customer = anActor('customer');
  const provider = anActor('provider');
  let entries: InMemoryCalendarEntries;
  let sut: CalendarService;

  beforeEach(() => {
    entries = new InMemoryCalendarEntries();
    const people = new Map<string, Recipient>(
      [customer, provider].map((a) => [
        a.user_id,
        { id: a.user_id, email: uniqueEmail(), phone: null, timeZone: 'UTC', locale: 'en', role: a.role },
      ]),
    );
    const recipients: Pick<RecipientsRepository, 'findMany'> = {
      findMany: async (ids) => new Map(ids.flatMap((id) => (people.has(id) ? [[id, people.get(id)!]] : []))),
    };
    sut = new CalendarService({
      entries: substitute(entries),
      recipients: substitute(recipients),
      organizer: { name: 'Slotline', email: 'visits@example.com' },
      now: () => new Date('2030-01-01T00:00:00Z'),
    });
  });

  const visit = (overrides: Parameters<typeof anAssignmentEventData>[0] = {}) =>
    anAssignmentEventData({
      customer_id: customer.user_id,
      provider_user_id: provider.user_id,
      ...overrides,
    });

  it('starts a confirmed visit at SEQUENCE 0 and raises it with each later schedule version', async () => {
    const first = visit({ schedule_version: 2 });

    await sut.confirmed(db, first);
    const moved = await sut.confirmed(db, {
      ...first,
      schedule_version: 4,
      scheduled_start: '2031-02-03T09:00:00.000Z',
      scheduled_end: '2031-02-03T10:00:00.000Z',
    });

    expect(moved).toMatchObject({ sequence: 1, scheduleVersion: 4, status: 'confirmed' });
    expect(entries.byAssignment.get(first.assignment_id)?.start.toISOString()).toBe(
      '2031-02-03T09:00:00.000Z',
    );
  });

  it('ignores an event older than the entry, so a late redelivery cannot move the visit back', async () => {
    const e = visit({ schedule_version: 5 });
    await sut.confirmed(db, e);

    const stale = await sut.confirmed(db, {
      ...e,
      schedule_version: 3,
      scheduled_start: '2031-01-01T00:00:00.000Z',
    });

    expect(stale).toMatchObject({ sequence: 0, scheduleVersion: 5, start: new Date(e.scheduled_start!) });
  });

  it('keeps no entry for an event without a confirmed window', async () => {
    expect(await sut.confirmed(db, visit({ scheduled_start: null }))).toBeNull();
    expect(entries.byAssignment.size).toBe(0);
  });

  it('cancels a visit that was in calendars once, and ignores one that never was', async () => {
    const e = visit();
    await sut.confirmed(db, e);

    const cancelled = await sut.cancelled(db, { ...e, status: 'rejected' });
    const again = await sut.cancelled(db, { ...e, status: 'rejected' });

    expect(cancelled).toMatchObject({ status: 'cancelled', sequence: 1 });
    expect(again).toEqual(cancelled);
    expect(await sut.cancelled(db, visit())).toBeNull();
  });

  it('hands the invite to the visit’s parties and answers anyone else as if it did not exist', async () => {
    const e = visit();
    await sut.confirmed(db, e);
    await sut.cancelled(db, e);

    const ics = await sut.download({ assignment_id: e.assignment_id }, aCallMeta(customer));

    expect(ics.filename).toBe(`visit-${e.assignment_id}.ics`);
    expect(ics.content).toMatch(/METHOD:CANCEL/);
    expect(ics.content).toMatch(/SEQUENCE:1/);
    await expect(
      sut.download({ assignment_id: e.assignment_id }, aCallMeta(provider)),
    ).resolves.toBeDefined();
    await expect(
      sut.download({ assignment_id: e.assignment_id }, aCallMeta(anActor('customer'))),
    ).rejects.toMatchObject({ code: 'NF_RESOURCE' });
    await expect(sut.download({ assignment_id: e.assignment_id }, aCallMeta(null))).rejects.toMatchObject({
      code: 'AUTH_UNAUTHENTICATED',
    });
  });
});
