import { SERVICE_SCHEMAS } from '@slotline/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

const S = SERVICE_SCHEMAS.notifications.schema;

/**
 * The recipient directory (fed by auth-audit's account events), preferences, the notification history
 * (NTF-5: one row per (event, recipient, channel, kind), enforced by `notifications_once`, and one row
 * per delivery attempt) and the calendar entries behind the ICS invites (NTF-4: SEQUENCE per assignment).
 */
export class Notifications1764300000000 implements MigrationInterface {
  name = 'Notifications1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ${S}.recipients (
      user_id uuid PRIMARY KEY,
      email text NOT NULL,
      phone text,
      time_zone text NOT NULL,
      locale text NOT NULL,
      role text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE ${S}.preferences (
      user_id uuid PRIMARY KEY,
      channels jsonb NOT NULL DEFAULT '{}'::jsonb,
      categories jsonb NOT NULL DEFAULT '{}'::jsonb,
      quiet_hours_start text,
      quiet_hours_end text,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT preferences_quiet_hours_pair CHECK ((quiet_hours_start IS NULL) = (quiet_hours_end IS NULL))
    )`);
    await q.query(`CREATE TABLE ${S}.notifications (
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
      fallback_of uuid REFERENCES ${S}.notifications (id),
      last_response text,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      CONSTRAINT notifications_once UNIQUE (event_id, recipient_id, channel, kind)
    )`);
    await q.query(`CREATE INDEX notifications_due_idx ON ${S}.notifications (next_attempt_at)
      WHERE status = 'queued'`);
    await q.query(`CREATE INDEX notifications_recipient_idx ON ${S}.notifications (recipient_id, id DESC)`);
    await q.query(`CREATE INDEX notifications_created_idx ON ${S}.notifications (created_at, id)`);
    await q.query(`CREATE TABLE ${S}.notification_attempts (
      notification_id uuid NOT NULL REFERENCES ${S}.notifications (id) ON DELETE CASCADE,
      attempt integer NOT NULL,
      status text NOT NULL CHECK (status IN ('sent', 'failed')),
      response text,
      error text,
      started_at timestamptz NOT NULL,
      finished_at timestamptz NOT NULL,
      PRIMARY KEY (notification_id, attempt)
    )`);
    await q.query(`CREATE TABLE ${S}.calendar_entries (
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
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${S}.calendar_entries, ${S}.notification_attempts,
      ${S}.notifications, ${S}.preferences, ${S}.recipients`);
  }
}
