import { SERVICE_SCHEMAS } from '@slotline/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

const S = SERVICE_SCHEMAS.scheduling.schema;

/**
 * Reminder history (SCH-9). The unique (assignment_id, kind) is the "once" of "once per assignment and
 * reminder kind": the row is written in the same transaction as the reminder's outbox event, so a tick
 * retried or run by a second replica cannot emit a second one (docs/adr/0005-background-jobs.md).
 */
export class SchedulingReminders1764200000000 implements MigrationInterface {
  name = 'SchedulingReminders1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ${S}.reminders (
      id uuid PRIMARY KEY,
      assignment_id uuid NOT NULL REFERENCES ${S}.assignments (id),
      kind text NOT NULL CHECK (kind IN ('visit_upcoming', 'schedule_overdue')),
      event_id uuid NOT NULL,
      due_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT reminders_once_per_kind UNIQUE (assignment_id, kind)
    )`);
    await q.query(`CREATE INDEX reminders_created_idx ON ${S}.reminders (created_at, kind)`);
    // The worker's two scans: upcoming visits and assignments still awaiting a schedule.
    await q.query(`CREATE INDEX assignments_scheduled_start_idx ON ${S}.assignments (scheduled_start)
      WHERE status = 'scheduled'`);
    await q.query(`CREATE INDEX assignments_awaiting_since_idx ON ${S}.assignments (created_at)
      WHERE status = 'awaiting_schedule' AND NOT reminder_overdue`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ${S}.assignments_awaiting_since_idx`);
    await q.query(`DROP INDEX ${S}.assignments_scheduled_start_idx`);
    await q.query(`DROP TABLE ${S}.reminders`);
  }
}
