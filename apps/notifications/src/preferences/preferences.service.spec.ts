import { aCallMeta, anActor, callAs, substitute } from '@slotline/testing';
import { InMemoryPreferencesRepository } from '../testing/in-memory-preferences.repository';
import { PreferencesService } from './preferences.service';

describe(PreferencesService.name, () => {
  let repo: InMemoryPreferencesRepository;
  let sut: PreferencesService;

  beforeEach(() => {
    repo = new InMemoryPreferencesRepository();
    sut = new PreferencesService(substitute(repo));
  });

  it('shows everything on, no quiet hours, for a user who never chose', async () => {
    expect(await sut.get(callAs('customer'))).toEqual({
      channels: { email: true, sms: true },
      categories: { scheduling: true, reminders: true, payouts: true, security: true },
      quiet_hours: null,
      always_sent: ['security', 'cancellations'],
    });
  });

  it('keeps a user’s opt-outs and quiet hours, and shows them back to that user only', async () => {
    const me = aCallMeta(anActor('customer'));

    const saved = await sut.put(
      {
        channels: { sms: false },
        categories: { reminders: false },
        quiet_hours: { start: '22:00', end: '07:00' },
      },
      me,
    );

    expect(saved).toMatchObject({
      channels: { email: true, sms: false },
      categories: { reminders: false, scheduling: true },
      quiet_hours: { start: '22:00', end: '07:00' },
    });
    expect(await sut.get(me)).toEqual(saved);
    expect(await sut.get(callAs('customer'))).toMatchObject({ channels: { sms: true } });
    expect([...repo.byUser.keys()]).toEqual([me.actor!.user_id]);
  });

  it('replaces the whole choice: a later put without quiet hours clears them', async () => {
    const me = aCallMeta(anActor('provider'));
    await sut.put({ channels: {}, categories: {}, quiet_hours: { start: '22:00', end: '07:00' } }, me);

    await sut.put({ channels: { email: false }, categories: {} }, me);

    expect(await sut.get(me)).toMatchObject({ channels: { email: false }, quiet_hours: null });
  });

  it('refuses an anonymous call', async () => {
    await expect(sut.get(aCallMeta(null))).rejects.toMatchObject({ code: 'AUTH_UNAUTHENTICATED' });
    await expect(sut.put({ channels: {}, categories: {} }, aCallMeta(null))).rejects.toMatchObject({
      code: 'AUTH_UNAUTHENTICATED',
    });
    expect(repo.byUser.size).toBe(0);
  });
});
