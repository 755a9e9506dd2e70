import type { AccountEventData } from '@slotline/contracts';
import { PrivateSchema } from '@slotline/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_PREFERENCES, PreferencesRepository } from '../preferences/preferences.repository';
import { notificationsPrivateSchema } from '../testing/notifications-private-schema';
import { RecipientsRepository } from './recipients.repository';

/** The planner's one read: recipients with their preferences, on PostgreSQL. */
describe(RecipientsRepository.name, () => {
  let db: PrivateSchema;
  let dataSource: DataSource;
  let preferences: PreferencesRepository;
  let sut: RecipientsRepository;

  beforeAll(async () => {
    db = await notificationsPrivateSchema('rcp_t');
    dataSource = db.service;
    preferences = new PreferencesRepository(dataSource, db.schema);
    sut = new RecipientsRepository(dataSource, db.schema);
  });
  afterAll(() => db?.drop());

  const anAccount = (overrides: { phone?: string | null; locale?: string } = {}): AccountEventData => ({
    user_id: randomUUID(),
    email: `${randomBytes(4).toString('hex')}@example.com`,
    phone: overrides.phone ?? null,
    time_zone: 'Europe/Berlin',
    locale: overrides.locale ?? 'de-AT',
    role: 'customer',
  });

  it('reads each recipient with the preferences they saved, the defaults when none, and leaves out unknown ids', async () => {
    const withPreferences = anAccount({ phone: '+4915100000000' });
    const without = anAccount();
    for (const a of [withPreferences, without]) await sut.upsert(dataSource, a, new Date());
    const saved = {
      channels: { email: false },
      categories: { reminders: false },
      quietHours: { start: '22:00', end: '07:00' },
    };
    await preferences.save(withPreferences.user_id, saved);
    const unknown = randomUUID();

    const found = await sut.findWithPreferences([withPreferences.user_id, without.user_id, unknown]);

    expect(found.get(withPreferences.user_id)).toEqual({
      ...(await sut.findMany([withPreferences.user_id])).get(withPreferences.user_id),
      preferences: (await preferences.findMany([withPreferences.user_id])).get(withPreferences.user_id),
    });
    expect(found.get(withPreferences.user_id)?.preferences).toEqual(saved);
    expect(found.get(without.user_id)).toEqual({
      id: without.user_id,
      email: without.email,
      phone: null,
      timeZone: 'Europe/Berlin',
      locale: 'de-AT',
      role: 'customer',
      preferences: DEFAULT_PREFERENCES,
    });
    expect(found.has(unknown)).toBe(false);
  });
});
