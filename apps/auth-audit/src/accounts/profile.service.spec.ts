import { ACCOUNT_EVENTS } from '@slotline/contracts';
import { aCallMeta, anActor, InMemoryTransactions, RecordingOutbox, substitute } from '@slotline/testing';
import { InMemoryAccountsRepository } from '../testing/in-memory-accounts.repository';
import { aUser } from '../testing/auth-records.factory';
import { ProfileService } from './profile.service';

describe(ProfileService.name, () => {
  let tx: InMemoryTransactions;
  let accounts: InMemoryAccountsRepository;
  let outbox: RecordingOutbox;
  let sut: ProfileService;

  beforeEach(() => {
    tx = new InMemoryTransactions();
    accounts = new InMemoryAccountsRepository(tx);
    outbox = new RecordingOutbox(tx, 'auth-audit');
    sut = new ProfileService({ repo: substitute(accounts), tx: tx.runner, outbox: outbox.writer });
  });

  const metaOf = (userId: string) => aCallMeta(anActor('customer', { user_id: userId }));

  it('stores the changed fields, canonical locale included, and announces which changed', async () => {
    const user = accounts.users.insert(aUser('customer', { locale: 'en' }));

    const profile = await sut.update({ phone: '+441234567890', locale: 'en-gb' }, metaOf(user.id));

    expect(profile).toMatchObject({ phone: '+441234567890', locale: 'en-GB', time_zone: 'UTC' });
    expect(accounts.users.get(user.id)).toMatchObject({ phone: '+441234567890', locale: 'en-GB' });
    expect(outbox.events).toEqual([
      expect.objectContaining({
        type: ACCOUNT_EVENTS.changed.type,
        data: expect.objectContaining({ changed: ['phone', 'locale'] }),
      }),
    ]);
  });

  it('announces nothing when every field sent is what is stored already', async () => {
    const user = accounts.users.insert(aUser('customer', { timeZone: 'Europe/Paris', locale: 'fr-FR' }));

    const profile = await sut.update({ time_zone: 'Europe/Paris', locale: 'fr-fr' }, metaOf(user.id));

    expect(profile).toMatchObject({ time_zone: 'Europe/Paris', locale: 'fr-FR' });
    expect(outbox.events).toEqual([]);
  });

  it('refuses an anonymous call and a deleted account', async () => {
    await expect(sut.update({ phone: '+441234567890' }, aCallMeta(null))).rejects.toMatchObject({
      code: 'AUTH_UNAUTHENTICATED',
    });
    await expect(sut.update({ phone: '+441234567890' }, metaOf(aUser().id))).rejects.toMatchObject({
      code: 'NF_USER',
    });
  });
});
