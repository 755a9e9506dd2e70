import { CallMeta } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { createHash } from 'node:crypto';
import { quoteSchema } from '../events/outbox-sql';
import { canonicalJson } from './canonical-json';

/** Anything with `query(sql, params)`: a TypeORM EntityManager or QueryRunner inside the transaction. */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** One idempotent command as the service saw it: what it was, who sent it, under which key. */
export interface OutcomeCall {
  subject: string;
  meta: Pick<CallMeta, 'idempotency_key' | 'actor'>;
  request: unknown;
}

/** DDL for a service's outcome table, for a migration (the schema must exist). */
export function rpcOutcomesTableSql(schema: string): string[] {
  const s = quoteSchema(schema);
  return [
    `CREATE TABLE ${s}.rpc_outcomes (
      subject text NOT NULL,
      idempotency_key text NOT NULL,
      actor_id text NOT NULL,
      request_hash text NOT NULL,
      response jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (subject, idempotency_key, actor_id)
    )`,
    `CREATE INDEX rpc_outcomes_created_at_idx ON ${s}.rpc_outcomes (created_at)`,
  ];
}

/**
 * The service's own memory of idempotent commands (GW-4 end to end): the answer to a command sent with
 * an `Idempotency-Key` is written in the same transaction as the change it reports, so it exists
 * exactly when the change committed. A retry with the key (after a 504, a lost reply, a gateway that
 * forgot the key) gets that answer again instead of being run a second time and refused as stale.
 * Keys are scoped by subject and caller; the same key with another request is 422
 * `VAL_IDEMPOTENCY_KEY_REUSED`. Rows are purged with the outbox (`MessagingRetention`).
 */
export class RpcOutcomes {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${quoteSchema(schema)}.rpc_outcomes`;
  }

  /**
   * The recorded answer to this call, or undefined (no key, or not seen). Call it inside the command's
   * transaction after the locks that serialise the command: a retry racing the first attempt then
   * waits for it and sees its answer.
   */
  async find<T>(db: Queryable, call: OutcomeCall): Promise<T | undefined> {
    const key = keyOf(call);
    if (!key) return undefined;
    const rows = (await db.query(
      `SELECT request_hash, response FROM ${this.table} WHERE subject = $1 AND idempotency_key = $2 AND actor_id = $3`,
      key,
    )) as Array<{ request_hash: string; response: T }>;
    if (!rows[0]) return undefined;
    if (rows[0].request_hash !== requestHash(call)) {
      throw new AppError(
        'VAL_IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used for a different request; use a new key.',
      );
    }
    return rows[0].response;
  }

  /** Records the answer inside the command's transaction; a call without a key records nothing. */
  async record(db: Queryable, call: OutcomeCall, response: unknown): Promise<void> {
    const key = keyOf(call);
    if (!key) return;
    await db.query(
      `INSERT INTO ${this.table} (subject, idempotency_key, actor_id, request_hash, response) VALUES ($1, $2, $3, $4, $5)`,
      [...key, requestHash(call), JSON.stringify(response)],
    );
  }
}

function keyOf(call: OutcomeCall): [string, string, string] | null {
  const key = call.meta.idempotency_key;
  return key ? [call.subject, key, call.meta.actor?.user_id ?? ''] : null;
}

function requestHash(call: OutcomeCall): string {
  // Through JSON first: the validated payload is a class instance, whose keys canonicalJson leaves in place.
  const plain: unknown = JSON.parse(JSON.stringify(call.request ?? null));
  return createHash('sha256').update(canonicalJson(plain)).digest('hex');
}
