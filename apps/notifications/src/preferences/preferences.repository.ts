import { Queryable as Db, tablesIn } from '@slotline/persistence';

export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CATEGORIES = ['scheduling', 'reminders', 'payouts', 'security'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Preferences {
  /** false = opted out; absent = on. */
  channels: Partial<Record<Channel, boolean>>;
  categories: Partial<Record<Category, boolean>>;
  /** Local "HH:mm" in the recipient's zone; both or neither. */
  quietHours: { start: string; end: string } | null;
}

export const DEFAULT_PREFERENCES: Preferences = { channels: {}, categories: {}, quietHours: null };

/** A row of preferences (the columns `toPreferences` reads). */
export interface PreferencesRow {
  user_id: string;
  channels: Preferences['channels'];
  categories: Preferences['categories'];
  quiet_hours_start: string | null;
  quiet_hours_end: string | null;
}

export class PreferencesRepository {
  private readonly t: Record<'preferences', string>;

  /** `schema` from the composition root; no default, so a private schema never falls back to the real one. */
  constructor(
    private readonly db: Db,
    schema: string,
  ) {
    this.t = tablesIn(schema, ['preferences']);
  }

  async findMany(userIds: string[], db: Db = this.db): Promise<Map<string, Preferences>> {
    const rows = await db.query<PreferencesRow[]>(
      `SELECT user_id, channels, categories, quiet_hours_start, quiet_hours_end
       FROM ${this.t.preferences} WHERE user_id = ANY($1::uuid[])`,
      [userIds],
    );
    return new Map(rows.map((r) => [r.user_id, toPreferences(r)]));
  }

  async save(userId: string, p: Preferences): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.t.preferences} (user_id, channels, categories, quiet_hours_start, quiet_hours_end, updated_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (user_id) DO UPDATE SET channels = EXCLUDED.channels, categories = EXCLUDED.categories,
         quiet_hours_start = EXCLUDED.quiet_hours_start, quiet_hours_end = EXCLUDED.quiet_hours_end, updated_at = now()`,
      [
        userId,
        JSON.stringify(p.channels),
        JSON.stringify(p.categories),
        p.quietHours?.start ?? null,
        p.quietHours?.end ?? null,
      ],
    );
  }
}

export function toPreferences(r: Omit<PreferencesRow, 'user_id'>): Preferences {
  return {
    channels: r.channels,
    categories: r.categories,
    quietHours:
      r.quiet_hours_start && r.quiet_hours_end
        ? { start: r.quiet_hours_start, end: r.quiet_hours_end }
        : null,
  };
}
