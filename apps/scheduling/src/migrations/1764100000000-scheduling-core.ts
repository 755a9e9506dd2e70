import { SERVICE_SCHEMAS } from '@slotline/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

const S = SERVICE_SCHEMAS.scheduling.schema;

/**
 * Resources, time off, jobs, assignments and bookings. Double booking is made impossible by the
 * exclusion constraints on scheduling.booking_resources (docs/adr/0004-double-booking-prevention.md):
 * one row per resource a booking holds, its range widened by that resource's buffers.
 */
export class SchedulingCore1764100000000 implements MigrationInterface {
  name = 'SchedulingCore1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ${S}.resources (
      id uuid PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('practitioner', 'room', 'equipment')),
      user_id uuid,
      name text NOT NULL,
      time_zone text NOT NULL,
      weekly_hours jsonb NOT NULL DEFAULT '{}'::jsonb,
      buffer_before_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_before_minutes BETWEEN 0 AND 720),
      buffer_after_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_after_minutes BETWEEN 0 AND 720),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT resources_practitioner_has_user CHECK ((kind = 'practitioner') = (user_id IS NOT NULL))
    )`);
    await q.query(
      `CREATE UNIQUE INDEX resources_practitioner_user_key ON ${S}.resources (user_id) WHERE kind = 'practitioner'`,
    );
    await q.query(`CREATE INDEX resources_kind_idx ON ${S}.resources (kind, id)`);

    await q.query(`CREATE TABLE ${S}.time_off (
      id uuid PRIMARY KEY,
      resource_id uuid NOT NULL REFERENCES ${S}.resources (id) ON DELETE CASCADE,
      during tstzrange NOT NULL CHECK (NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)),
      reason text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX time_off_resource_during_idx ON ${S}.time_off USING gist (resource_id, during)`,
    );

    await q.query(`CREATE TABLE ${S}.jobs (
      id uuid PRIMARY KEY,
      customer_id uuid NOT NULL,
      service_type text NOT NULL,
      duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
      price_amount bigint NOT NULL CHECK (price_amount >= 0),
      currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      time_zone text NOT NULL,
      room_id uuid REFERENCES ${S}.resources (id),
      equipment_ids uuid[] NOT NULL DEFAULT '{}',
      preferred_windows jsonb NOT NULL DEFAULT '[]'::jsonb,
      notes text,
      status text NOT NULL CHECK (status IN ('open', 'assigned', 'completed', 'cancelled')),
      cancel_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      cancelled_at timestamptz,
      completed_at timestamptz
    )`);
    await q.query(`CREATE INDEX jobs_customer_idx ON ${S}.jobs (customer_id, id DESC)`);
    await q.query(`CREATE INDEX jobs_status_idx ON ${S}.jobs (status, id DESC)`);

    await q.query(`CREATE TABLE ${S}.assignments (
      id uuid PRIMARY KEY,
      job_id uuid NOT NULL REFERENCES ${S}.jobs (id),
      practitioner_id uuid NOT NULL REFERENCES ${S}.resources (id),
      provider_user_id uuid NOT NULL,
      customer_id uuid NOT NULL,
      status text NOT NULL CHECK (status IN ('awaiting_schedule', 'scheduled', 'completed', 'rejected', 'cancelled')),
      schedule_version integer NOT NULL DEFAULT 0,
      proposed_start timestamptz,
      proposed_end timestamptz,
      schedule_proposed_by text CHECK (schedule_proposed_by IN ('customer', 'provider', 'admin')),
      proposed_by_user_id uuid,
      proposed_at timestamptz,
      scheduled_start timestamptz,
      scheduled_end timestamptz,
      confirmed_at timestamptz,
      booking_id uuid,
      rejected_at timestamptz,
      rejection_reason text,
      completed_at timestamptz,
      cancelled_at timestamptz,
      reminder_overdue boolean NOT NULL DEFAULT false,
      reminder_overdue_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT assignments_proposal_complete CHECK ((proposed_start IS NULL) = (proposed_end IS NULL) AND (proposed_start IS NULL) = (schedule_proposed_by IS NULL)),
      CONSTRAINT assignments_scheduled_has_window CHECK (status <> 'scheduled' OR (scheduled_start IS NOT NULL AND scheduled_end IS NOT NULL AND booking_id IS NOT NULL))
    )`);
    // Accept races: at most one live assignment per job, whatever the interleaving.
    await q.query(`CREATE UNIQUE INDEX assignments_one_live_per_job ON ${S}.assignments (job_id)
      WHERE status IN ('awaiting_schedule', 'scheduled')`);
    await q.query(`CREATE INDEX assignments_provider_idx ON ${S}.assignments (provider_user_id, id DESC)`);
    await q.query(`CREATE INDEX assignments_customer_idx ON ${S}.assignments (customer_id, id DESC)`);
    await q.query(`CREATE INDEX assignments_status_idx ON ${S}.assignments (status, id DESC)`);

    await q.query(`CREATE TABLE ${S}.bookings (
      id uuid PRIMARY KEY,
      assignment_id uuid NOT NULL REFERENCES ${S}.assignments (id),
      during tstzrange NOT NULL CHECK (NOT isempty(during)),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      released_at timestamptz,
      release_reason text
    )`);
    await q.query(`CREATE INDEX bookings_assignment_idx ON ${S}.bookings (assignment_id)`);

    // `booked` is the visit itself; `during` adds the resource's buffers and is what may not overlap.
    await q.query(`CREATE TABLE ${S}.booking_resources (
      booking_id uuid NOT NULL REFERENCES ${S}.bookings (id) ON DELETE CASCADE,
      resource_id uuid NOT NULL REFERENCES ${S}.resources (id),
      resource_kind text NOT NULL CHECK (resource_kind IN ('practitioner', 'room', 'equipment')),
      booked tstzrange NOT NULL CHECK (NOT isempty(booked)),
      during tstzrange NOT NULL CHECK (during @> booked),
      active boolean NOT NULL DEFAULT true,
      PRIMARY KEY (booking_id, resource_id),
      CONSTRAINT booking_resources_practitioner_excl EXCLUDE USING gist (resource_id WITH =, during WITH &&)
        WHERE (active AND resource_kind = 'practitioner'),
      CONSTRAINT booking_resources_room_excl EXCLUDE USING gist (resource_id WITH =, during WITH &&)
        WHERE (active AND resource_kind = 'room'),
      CONSTRAINT booking_resources_equipment_excl EXCLUDE USING gist (resource_id WITH =, during WITH &&)
        WHERE (active AND resource_kind = 'equipment')
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE ${S}.booking_resources, ${S}.bookings, ${S}.assignments, ${S}.jobs, ${S}.time_off, ${S}.resources`,
    );
  }
}
