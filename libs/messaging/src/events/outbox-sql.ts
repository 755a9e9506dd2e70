import { AppError } from '@slotline/errors';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/** Schema names end up inside SQL text (identifiers cannot be bound), so only plain names pass. */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema))
    throw new AppError('SYS_INTERNAL', `Invalid schema name for the outbox: ${JSON.stringify(schema)}`);
  return `"${schema}"`;
}

/**
 * DDL for a service's outbox and inbox, for its first migration:
 * `for (const sql of outboxTablesSql('scheduling')) await queryRunner.query(sql);`
 * The schema itself must already exist.
 */
export function outboxTablesSql(schema: string): string[] {
  const s = quoteSchema(schema);
  return [
    `CREATE TABLE ${s}.outbox (
      id uuid PRIMARY KEY,
      subject text NOT NULL,
      envelope jsonb NOT NULL,
      headers jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz NULL,
      attempts int NOT NULL DEFAULT 0,
      last_error text NULL
    )`,
    // The relay only ever scans unpublished rows; this index stays small however large the table grows.
    `CREATE INDEX outbox_unpublished_idx ON ${s}.outbox (id) WHERE published_at IS NULL`,
    `CREATE INDEX outbox_published_at_idx ON ${s}.outbox (published_at) WHERE published_at IS NOT NULL`,
    `CREATE TABLE ${s}.inbox (
      consumer text NOT NULL,
      event_id uuid NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id)
    )`,
  ];
}

export function dropOutboxTablesSql(schema: string): string[] {
  const s = quoteSchema(schema);
  return [`DROP TABLE IF EXISTS ${s}.inbox`, `DROP TABLE IF EXISTS ${s}.outbox`];
}

/**
 * DDL for the dead letters of a service's inbox consumers (a later migration than the outbox):
 * events no consumer will ever handle, kept with their raw payload and why, for an operator to fix
 * and re-publish. The key holds the payload's hash as well as the stream position, so a redelivery is
 * stored once while a stream recreated under the same name (its sequence restarts) still gets rows.
 */
export function inboxDeadLettersSql(schema: string): string[] {
  const s = quoteSchema(schema);
  return [
    `CREATE TABLE ${s}.inbox_dead_letters (
      consumer text NOT NULL,
      stream text NOT NULL,
      stream_seq bigint NOT NULL,
      payload_sha256 text NOT NULL,
      subject text NOT NULL,
      event_id text NULL,
      event_type text NULL,
      reason text NOT NULL,
      problems jsonb NOT NULL DEFAULT '[]',
      payload text NOT NULL,
      dead_lettered_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, stream, stream_seq, payload_sha256)
    )`,
    `CREATE INDEX inbox_dead_letters_at_idx ON ${s}.inbox_dead_letters (dead_lettered_at)`,
  ];
}

export function dropInboxDeadLettersSql(schema: string): string[] {
  return [`DROP TABLE IF EXISTS ${quoteSchema(schema)}.inbox_dead_letters`];
}
