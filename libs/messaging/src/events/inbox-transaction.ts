import { inPgTransaction, Transaction } from '@slotline/persistence';
import { escapeLiteral } from 'pg';
import type { DataSource } from 'typeorm';
import { quoteSchema } from './outbox-sql';

/** Where one durable consumer's inbox rows go. */
export interface InboxTable {
  dataSource: DataSource;
  schema: string;
  /** The `consumer` column. */
  durable: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One transaction on a client of the DataSource's pg pool (`inPgTransaction`, as `TransactionRunner`
 * runs them) that starts with the inbox rows of `events` and runs `work` with the ids that were new
 * (lower-case, as PostgreSQL prints a uuid); COMMIT, or ROLLBACK when anything throws. Its statements
 * are timed and traced as every other (`db_query_duration_seconds`, `db.<operation>` spans).
 */
export function inInboxTransaction<T>(
  table: InboxTable,
  events: ReadonlyArray<{ envelope: { id: string } }>,
  work: (tx: Transaction, inserted: string[]) => Promise<T>,
): Promise<T> {
  return inPgTransaction(
    table.dataSource,
    () =>
      inboxBeginStatement(
        table,
        events.map((e) => e.envelope.id),
      ),
    // The handlers need to know which events are new before they run, so the opening is awaited here.
    async (tx, begun) =>
      work(
        tx,
        ((await begun) as Array<{ event_id: string }>).map((row) => row.event_id),
      ),
  );
}

/**
 * `START TRANSACTION` and the inbox insert (`ON CONFLICT DO NOTHING RETURNING event_id`) as one
 * simple-protocol message, so the begin costs no round trip of its own. That protocol takes no bind
 * parameters, so the values are written into the SQL: the consumer name quoted by pg's `escapeLiteral`,
 * each id checked to be a UUID first (the envelope check did so already; this keeps the SQL safe
 * whoever calls it).
 */
export function inboxBeginStatement(table: InboxTable, eventIds: readonly string[]): string {
  if (eventIds.length === 0) throw new Error('An inbox transaction needs at least one event');
  for (const id of eventIds) if (!UUID.test(id)) throw new Error(`Not a UUID: ${JSON.stringify(id)}`);
  const ids = eventIds.map((id) => `'${id}'`).join(', ');
  return `START TRANSACTION; INSERT INTO ${quoteSchema(table.schema)}.inbox (consumer, event_id)
    SELECT ${escapeLiteral(table.durable)}, id FROM unnest(ARRAY[${ids}]::uuid[]) AS id
    ON CONFLICT DO NOTHING RETURNING event_id`;
}
