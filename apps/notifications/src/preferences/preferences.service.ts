import {
  CallMeta,
  NOTIFICATION_CATEGORIES,
  NOTIFICATION_CHANNELS,
  PreferencesView,
  UpdatePreferencesRequest,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { DEFAULT_PREFERENCES, Preferences, PreferencesRepository } from './preferences.repository';

/** NTF-6: opt-outs per channel and category, and quiet hours in the user's own zone. */
export class PreferencesService {
  constructor(private readonly repo: PreferencesRepository) {}

  async get(meta: CallMeta): Promise<PreferencesView> {
    const userId = this.userOf(meta);
    return toView((await this.repo.findMany([userId])).get(userId) ?? DEFAULT_PREFERENCES);
  }

  async put(body: UpdatePreferencesRequest, meta: CallMeta): Promise<PreferencesView> {
    const userId = this.userOf(meta);
    const prefs: Preferences = {
      channels: { ...body.channels },
      categories: { ...body.categories },
      quietHours: body.quiet_hours ? { start: body.quiet_hours.start, end: body.quiet_hours.end } : null,
    };
    await this.repo.save(userId, prefs);
    return toView(prefs);
  }

  private userOf(meta: CallMeta): string {
    if (!meta.actor) throw new AppError('AUTH_UNAUTHENTICATED', 'Sign in to manage your notifications.');
    return meta.actor.user_id;
  }
}

function toView(p: Preferences): PreferencesView {
  return {
    channels: Object.fromEntries(
      NOTIFICATION_CHANNELS.map((c) => [c, p.channels[c] !== false]),
    ) as PreferencesView['channels'],
    categories: Object.fromEntries(
      NOTIFICATION_CATEGORIES.map((c) => [c, p.categories[c] !== false]),
    ) as PreferencesView['categories'],
    quiet_hours: p.quietHours,
    always_sent: ['security', 'cancellations'],
  };
}
