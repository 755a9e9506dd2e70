import { assertIdentifier } from '@slotline/persistence';

/**
 * The recipient directory (fed by auth-audit's account events), preferences, the notification history
 * (NTF-5: one row per (event, recipient, channel, kind), enforced by `notifications_once`, and one row
 * per delivery attempt) and the calendar entries behind the ICS invites (NTF-4: SEQUENCE per assignment),
 * in `schema` (`notifications`; integration tests provision a private one with `PrivateSchema`).
 */
export function notificationsTablesSql(schema: string): string[] {
  const s = assertIdentifier(schema);
  return [
    `CREATE TABLE ${s}.recipients (
      user_id uuid PRIMARY KEY,
      email text NOT NULL,
      phone text,
      time_zone text NOT NULL,
      locale text NOT NULL,
      role text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE ${s}.preferences (
      user_id uuid PRIMARY KEY,
      channels jsonb NOT NULL DEFAULT '{}'::jsonb,
      categories jsonb NOT NULL DEFAULT '{}'::jsonb,
      quiet_hours_start text,
      quiet_hours_end text,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT preferences_quiet_hours_pair CHECK ((quiet_hours_start IS NULL) = (quiet_hours_end IS NULL))
    )`,
    `CREATE TABLE ${s}.notifications (
      id uuid PRIMARY KEY,
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      event_occurred_at timestamptz NOT NULL,
      kind text NOT NULL,
      category text NOT NULL,
      critical boolean NOT NULL,
      recipient_id text NOT NULL,
      channel text NOT NULL CHECK (channel IN ('email', 'sms')),
      address text NOT NULL,
      status text NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'skipped')),
      skip_reason text,
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL,
      next_attempt_at timestamptz NOT NULL,
      lease_until timestamptz,
      deferred_until timestamptz,
      content jsonb NOT NULL,
      fallback_of uuid REFERENCES ${s}.notifications (id),
      last_response text,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      CONSTRAINT notifications_once UNIQUE (event_id, recipient_id, channel, kind)
    )`,
    `CREATE INDEX notifications_due_idx ON ${s}.notifications (next_attempt_at)
      WHERE status = 'queued'`,
    `CREATE INDEX notifications_recipient_idx ON ${s}.notifications (recipient_id, id DESC)`,
    `CREATE INDEX notifications_created_idx ON ${s}.notifications (created_at, id)`,
    `CREATE TABLE ${s}.notification_attempts (
      notification_id uuid NOT NULL REFERENCES ${s}.notifications (id) ON DELETE CASCADE,
      attempt integer NOT NULL,
      status text NOT NULL CHECK (status IN ('sent', 'failed')),
      response text,
      error text,
      started_at timestamptz NOT NULL,
      finished_at timestamptz NOT NULL,
      PRIMARY KEY (notification_id, attempt)
    )`,
    `CREATE TABLE ${s}.calendar_entries (
      assignment_id uuid PRIMARY KEY,
      sequence integer NOT NULL,
      schedule_version integer NOT NULL,
      status text NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
      start_at timestamptz NOT NULL,
      end_at timestamptz NOT NULL,
      time_zone text NOT NULL,
      customer_id uuid NOT NULL,
      provider_user_id uuid NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
  ];
}

export function dropNotificationsTablesSql(schema: string): string[] {
  const s = assertIdentifier(schema);
  return [
    `DROP TABLE ${s}.calendar_entries, ${s}.notification_attempts,
      ${s}.notifications, ${s}.preferences, ${s}.recipients`,
  ];
}
