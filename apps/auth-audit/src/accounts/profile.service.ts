import { ACCOUNT_EVENTS, CallMeta, UpdateProfileRequest, UserProfile } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { OutboxWriter } from '@slotline/messaging';
import { TransactionRunner } from '@slotline/persistence';
import { accountEvent } from './account-events';
import { AccountsRepository } from './accounts.repository';
import { ProfileChanges, ProfileRecord } from './user.record';

export interface ProfileServiceDeps {
  repo: AccountsRepository;
  tx: TransactionRunner;
  outbox: OutboxWriter;
}

export function profileOf(user: ProfileRecord): UserProfile {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    created_at: user.createdAt.toISOString(),
    phone: user.phone ?? null,
    time_zone: user.timeZone,
    locale: user.locale,
  };
}

/** The signed-in user's contact details; each change is published for the recipient directory. */
export class ProfileService {
  constructor(private readonly d: ProfileServiceDeps) {}

  async update(body: UpdateProfileRequest, meta: CallMeta): Promise<UserProfile> {
    if (!meta.actor) throw new AppError('AUTH_UNAUTHENTICATED', 'Sign in to change your profile.');
    const userId = meta.actor.user_id;
    return this.d.tx.run(async (m) => {
      const [user] = await this.d.repo.lockUsersById(m, [userId]);
      if (!user) throw new AppError('NF_USER', 'The account no longer exists.');
      const changes: ProfileChanges = {};
      if (body.phone !== undefined && body.phone !== user.phone) changes.phone = body.phone;
      if (body.time_zone !== undefined && body.time_zone !== user.timeZone) changes.timeZone = body.time_zone;
      if (body.locale !== undefined) {
        const locale = Intl.getCanonicalLocales(body.locale)[0];
        if (locale !== user.locale) changes.locale = locale;
      }
      if (Object.keys(changes).length === 0) return profileOf(user);
      const updated = await this.d.repo.updateProfile(m, userId, changes);
      const changed = Object.keys(changes).map((k) => (k === 'timeZone' ? 'time_zone' : k));
      await this.d.outbox.enqueue(m, accountEvent(ACCOUNT_EVENTS.changed.type, updated, meta, changed));
      return profileOf(updated);
    });
  }
}
