import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SCH-8 bulk scheduling. The batch row carries the lease (`lease_owner`, `lease_expires_at`) that lets one
 * replica work a batch and another take it over when the lease runs out. Progress is counted from the
 * items, so there is no counter to fall out of step after a crash; an item's status is written in the
 * same transaction as its booking, so a replica taking over never books an item twice.
 */
export class SchedulingScheduleBatches1764900000000 implements MigrationInterface {
  name = 'SchedulingScheduleBatches1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE scheduling.schedule_batches (
      id uuid PRIMARY KEY,
      conflict_policy text NOT NULL CHECK (conflict_policy IN ('fail', 'skip', 'next_available')),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'completed', 'stopped')),
      requested_by uuid NOT NULL,
      request_id text,
      stopped_at_position integer,
      lease_owner text,
      lease_expires_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`);
    // The orchestrator's scan for work: unfinished batches, oldest first.
    await q.query(`CREATE INDEX schedule_batches_unfinished_idx ON scheduling.schedule_batches (created_at)
      WHERE status IN ('pending', 'running')`);
    await q.query(`CREATE TABLE scheduling.schedule_batch_items (
      batch_id uuid NOT NULL REFERENCES scheduling.schedule_batches (id) ON DELETE CASCADE,
      position integer NOT NULL,
      status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'booked', 'skipped', 'failed', 'not_attempted')),
      assignment_id uuid,
      job_id uuid,
      practitioner_id uuid,
      requested_start timestamptz NOT NULL,
      requested_end timestamptz NOT NULL,
      booked_start timestamptz,
      booked_end timestamptz,
      booking_id uuid,
      error_code text,
      error_message text,
      attempts integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (batch_id, position),
      -- A job item gets the assignment it created written in once booked.
      CHECK (assignment_id IS NOT NULL OR (job_id IS NOT NULL AND practitioner_id IS NOT NULL)),
      CHECK (requested_end > requested_start)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE scheduling.schedule_batch_items, scheduling.schedule_batches');
  }
}
