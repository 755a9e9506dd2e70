import { assertIdentifier } from '@slotline/persistence';

/** Tables of the webhook feature in the notifications schema (GW-8). */
export function webhooksUpSql(schemaName: string): string[] {
  const s = assertIdentifier(schemaName);
  return [
    // partition: the deployment's NATS_SUBJECT_PREFIX (empty in production). Deployments that share a
    // database (test runs) see only their own endpoints, events and deliveries.
    `CREATE TABLE ${s}.webhook_endpoints (
      id uuid PRIMARY KEY,
      partition text NOT NULL DEFAULT '',
      owner_user_id uuid NOT NULL,
      scope text NOT NULL CONSTRAINT webhook_endpoints_scope CHECK (scope IN ('platform', 'provider')),
      url text NOT NULL,
      description text,
      event_types text[] NOT NULL,
      enabled boolean NOT NULL DEFAULT true,
      disabled_reason text,
      disabled_at timestamptz,
      secret_sealed text NOT NULL,
      previous_secret_sealed text,
      previous_secret_expires_at timestamptz,
      failing_since timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX webhook_endpoints_owner_idx ON ${s}.webhook_endpoints (partition, scope, owner_user_id)`,
    // One row per public event: the body every endpoint gets, kept for redelivery and range replay.
    `CREATE TABLE ${s}.webhook_messages (
      id uuid PRIMARY KEY,
      partition text NOT NULL DEFAULT '',
      event_type text NOT NULL,
      provider_user_id uuid,
      occurred_at timestamptz NOT NULL,
      body jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX webhook_messages_occurred_idx ON ${s}.webhook_messages (partition, occurred_at)`,
    `CREATE TABLE ${s}.webhook_deliveries (
      id uuid PRIMARY KEY,
      endpoint_id uuid NOT NULL REFERENCES ${s}.webhook_endpoints (id) ON DELETE CASCADE,
      message_id uuid NOT NULL REFERENCES ${s}.webhook_messages (id) ON DELETE CASCADE,
      status text NOT NULL CONSTRAINT webhook_deliveries_status CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT webhook_deliveries_once UNIQUE (message_id, endpoint_id)
    )`,
    `CREATE INDEX webhook_deliveries_due_idx ON ${s}.webhook_deliveries (next_attempt_at) WHERE status = 'pending'`,
    `CREATE INDEX webhook_deliveries_endpoint_idx ON ${s}.webhook_deliveries (endpoint_id)`,
    `CREATE TABLE ${s}.webhook_attempts (
      id uuid PRIMARY KEY,
      delivery_id uuid NOT NULL REFERENCES ${s}.webhook_deliveries (id) ON DELETE CASCADE,
      endpoint_id uuid NOT NULL REFERENCES ${s}.webhook_endpoints (id) ON DELETE CASCADE,
      attempt integer NOT NULL,
      attempted_at timestamptz NOT NULL,
      outcome text NOT NULL,
      status_code integer,
      latency_ms integer NOT NULL,
      response_body text,
      error text
    )`,
    `CREATE INDEX webhook_attempts_endpoint_idx ON ${s}.webhook_attempts (endpoint_id, id DESC)`,
    `CREATE INDEX webhook_attempts_delivery_idx ON ${s}.webhook_attempts (delivery_id)`,
    `CREATE INDEX webhook_attempts_time_idx ON ${s}.webhook_attempts (attempted_at)`,
  ];
}

export function webhooksDownSql(schemaName: string): string[] {
  const s = assertIdentifier(schemaName);
  return ['webhook_attempts', 'webhook_deliveries', 'webhook_messages', 'webhook_endpoints'].map(
    (t) => `DROP TABLE IF EXISTS ${s}.${t}`,
  );
}
