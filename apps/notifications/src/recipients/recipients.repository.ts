import type { AccountEventData } from '@slotline/contracts';
import { Queryable, tablesIn } from '@slotline/persistence';
import {
  DEFAULT_PREFERENCES,
  Preferences,
  PreferencesRow,
  toPreferences,
} from '../preferences/preferences.repository';

/** A DataSource, or the transaction a caller is in (an inbox consumer's or a TransactionRunner's). */
export type Db = Queryable;

/** A row of recipients. */
interface RecipientRow {
  user_id: string;
  email: string;
  phone: string | null;
  time_zone: string;
  locale: string;
  role: string;
}

export interface Recipient {
  /** A user id, or `ops` for the operations mailbox. */
  id: string;
  email: string;
  phone: string | null;
  timeZone: string;
  locale: string;
  role: string;
}

/** A recipient with the preferences they saved (the defaults when they saved none). */
export interface RecipientWithPreferences extends Recipient {
  preferences: Preferences;
}

export const OPS_RECIPIENT_ID = 'ops';

/** Notifications' own copy of who can be reached how, so it can send while auth-audit is down. */
export class RecipientsRepository {
  private readonly t: Record<'preferences' | 'recipients', string>;

  /** `schema` from the composition root; no default, so a private schema never falls back to the real one. */
  constructor(
    private readonly db: Db,
    schema: string,
  ) {
    this.t = tablesIn(schema, ['preferences', 'recipients']);
  }

  /** Upserts the account's current contact record; events arrive in order per account (one durable consumer). */
  async upsert(db: Db, a: AccountEventData, at: Date): Promise<void> {
    await db.query(
      `INSERT INTO ${this.t.recipients} (user_id, email, phone, time_zone, locale, role, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, phone = EXCLUDED.phone,
         time_zone = EXCLUDED.time_zone, locale = EXCLUDED.locale, role = EXCLUDED.role,
         updated_at = EXCLUDED.updated_at
       WHERE ${this.t.recipients}.updated_at <= EXCLUDED.updated_at`,
      [a.user_id, a.email, a.phone ?? null, a.time_zone, a.locale, a.role, at],
    );
  }

  async findMany(ids: string[], db: Db = this.db): Promise<Map<string, Recipient>> {
    const rows = await db.query<RecipientRow[]>(
      `SELECT user_id, email, phone, time_zone, locale, role FROM ${this.t.recipients} WHERE user_id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.user_id, toRecipient(r)]));
  }

  /**
   * The recipients among `ids` with their preferences, in one statement: planning a notification needs
   * both. Ids not in the directory are absent.
   */
  async findWithPreferences(ids: string[], db: Db = this.db): Promise<Map<string, RecipientWithPreferences>> {
    const rows = await db.query<Array<RecipientRow & Partial<PreferencesRow> & { saved: boolean }>>(
      `SELECT r.user_id, r.email, r.phone, r.time_zone, r.locale, r.role, p.user_id IS NOT NULL AS saved,
         p.channels, p.categories, p.quiet_hours_start, p.quiet_hours_end
       FROM ${this.t.recipients} r LEFT JOIN ${this.t.preferences} p ON p.user_id = r.user_id
       WHERE r.user_id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r.user_id,
        {
          ...toRecipient(r),
          preferences: r.saved ? toPreferences(r as PreferencesRow) : DEFAULT_PREFERENCES,
        },
      ]),
    );
  }
}

function toRecipient(r: RecipientRow): Recipient {
  return {
    id: r.user_id,
    email: r.email,
    phone: r.phone,
    timeZone: r.time_zone,
    locale: r.locale,
    role: r.role,
  };
}
