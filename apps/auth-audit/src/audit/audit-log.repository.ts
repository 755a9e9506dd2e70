import { AuditOutcome } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { answersInOrder, assertIdentifier, isInTransaction, Queryable, uuidv7 } from '@slotline/persistence';
import { AuditDraft } from './audit-draft';
import { AuditChainFields, GENESIS_HASH, auditHash } from './audit-hash';
import { AUDIT_LOG_COLUMNS, AuditLogRow } from './audit-log.row';
import { chainLockKey, purgeLockKey } from './audit-log.sql';

export interface AuditLogFilters {
  actor_id?: string;
  /** Exact, or a prefix when it ends in `.*`. */
  action?: string;
  resource_type?: string;
  resource_id?: string;
  outcome?: AuditOutcome;
  from?: Date;
  to?: Date;
}

/** Where the previous page ended (newest first). */
export interface AuditLogPosition {
  occurred_at: string;
  seq: string;
}

export interface ChainAnchor {
  seq: string;
  hash: string;
}

export interface PurgeOutcome {
  purged_rows: number;
  cut_seq: string;
  cut_hash: string;
}

type AuditLogColumn = (typeof AUDIT_LOG_COLUMNS)[number];

const COLUMNS = AUDIT_LOG_COLUMNS.join(', ');
/** The `VALUES` tuple of the `row`-th row (from 0) of an insert. */
const rowPlaceholders = (row: number) =>
  AUDIT_LOG_COLUMNS.map(
    (column, i) => `$${row * AUDIT_LOG_COLUMNS.length + i + 1}${column === 'metadata' ? '::jsonb' : ''}`,
  ).join(', ');
/** The column types (`INSERT … SELECT` does not infer them from the target columns as VALUES does). */
const COLUMN_TYPES: Partial<Record<AuditLogColumn, string>> = {
  id: 'uuid',
  seq: 'bigint',
  occurred_at: 'timestamptz',
  recorded_at: 'timestamptz',
  metadata: 'jsonb',
  source_event_id: 'uuid',
};
const TYPED_PLACEHOLDERS = AUDIT_LOG_COLUMNS.map(
  (column, i) => `$${i + 1}::${COLUMN_TYPES[column] ?? 'text'}`,
).join(', ');
/** The first parameter after the column values. */
const LINK_PARAMS = AUDIT_LOG_COLUMNS.length + 1;

/** An inserted row with the id of the transaction that inserted it. */
type LinkRow = AuditLogRow & { tx: string };

/** What the chain lock protects: where the chain ends, and which of the asked source events it holds. */
interface ChainState {
  head: ChainAnchor;
  /** Lower-case ids. */
  recorded: Set<string>;
}

/** Every query of the audit log. Writes go through `append` or `appendAll`, which keep the chain in one order. */
export class AuditLogRepository {
  private readonly log: string;
  private readonly checkpoints: string;
  /**
   * The last row each transaction appended, and that transaction's id (`txid_current()`), keyed by the
   * transaction's connection (a TransactionRunner's or an inbox consumer's; a TypeORM QueryRunner's).
   */
  private readonly lastAppended = new WeakMap<object, ChainAnchor & { tx: string }>();

  constructor(private readonly schema: string) {
    this.log = `${assertIdentifier(schema)}.audit_log`;
    this.checkpoints = `${assertIdentifier(schema)}.audit_checkpoints`;
  }

  /**
   * Appends `draft` (already redacted) as the next link of the chain. Holds the chain lock until the
   * caller's transaction ends, so seq and prev_hash are assigned in one order across replicas.
   * Returns null when a row for the same source event exists already.
   *
   * The first append of a transaction takes the lock, reads the head (and whether the source event is
   * recorded) and inserts: three statements in two round trips (`lockChain`). Later appends in the same transaction (the inbox handles
   * a backlog of events in one) still hold the lock and know the head, their own last row, so they
   * are one statement: an insert that only happens while that row is still the head, in the same
   * transaction, and the source event is new. When it does not happen (a duplicate, or a savepoint
   * rolled the last row back), the three-statement path decides.
   */
  async append(manager: Queryable, draft: AuditDraft, recordedAt: Date): Promise<AuditLogRow | null> {
    const runner = transactionKey(manager);
    // A transaction-level lock taken outside a transaction would be released at once.
    if (!isInTransaction(manager))
      throw new AppError('SYS_INTERNAL', 'Audit rows are appended inside a transaction');
    const last = this.lastAppended.get(runner);
    if (last) {
      const [row]: LinkRow[] = await manager.query(
        `INSERT INTO ${this.log} (${COLUMNS}) SELECT ${TYPED_PLACEHOLDERS}
         WHERE txid_current() = $${LINK_PARAMS}::bigint
           AND EXISTS (SELECT 1 FROM (SELECT seq, hash FROM ${this.log} ORDER BY seq DESC LIMIT 1) head
                       WHERE head.seq = $${LINK_PARAMS + 1}::bigint AND head.hash = $${LINK_PARAMS + 2})
           AND ($${LINK_PARAMS + 3}::uuid IS NULL
                OR NOT EXISTS (SELECT 1 FROM ${this.log} WHERE source_event_id = $${LINK_PARAMS + 3}::uuid))
         RETURNING ${COLUMNS}, txid_current()::text AS tx`,
        [
          ...this.linkValues(draft, recordedAt, last).values,
          last.tx,
          last.seq,
          last.hash,
          draft.source_event_id ?? null,
        ],
      );
      if (row) return this.appended(runner, row);
    }
    const sourceId = draft.source_event_id ?? null;
    const chain = await this.lockChain(manager, sourceId === null ? [] : [sourceId]);
    if (sourceId !== null && chain.recorded.has(sourceId.toLowerCase())) return null;
    const [row]: LinkRow[] = await manager.query(
      `INSERT INTO ${this.log} (${COLUMNS}) VALUES (${rowPlaceholders(0)}) RETURNING ${COLUMNS}, txid_current()::text AS tx`,
      this.linkValues(draft, recordedAt, chain.head).values,
    );
    return this.appended(runner, row);
  }

  /**
   * Appends `drafts` (already redacted) in order as the next links of the chain, in one insert: for a
   * backlog of events handled in one transaction. Three statements however many drafts there are:
   * the chain lock and the read of the head (and of which source events are recorded already) travel
   * together, then the rows are linked and hashed here and inserted at once. A draft whose source
   * event is recorded already (or comes twice) is skipped: null in its place, as `append` answers.
   */
  async appendAll(
    manager: Queryable,
    drafts: readonly AuditDraft[],
    recordedAt: Date,
  ): Promise<Array<AuditLogRow | null>> {
    const runner = transactionKey(manager);
    if (!isInTransaction(manager))
      throw new AppError('SYS_INTERNAL', 'Audit rows are appended inside a transaction');
    const sourceIds = drafts.flatMap((d) => (d.source_event_id ? [d.source_event_id] : []));
    const { head, recorded } = await this.lockChain(manager, sourceIds);
    const links: Array<{ index: number; id: string }> = [];
    const values: unknown[] = [];
    let last = head;
    for (const [index, draft] of drafts.entries()) {
      const sourceId = draft.source_event_id?.toLowerCase();
      if (sourceId !== undefined) {
        if (recorded.has(sourceId)) continue;
        recorded.add(sourceId);
      }
      const link = this.linkValues(draft, recordedAt, last);
      links.push({ index, id: link.id });
      values.push(...link.values);
      last = link.anchor;
    }
    const answers: Array<AuditLogRow | null> = drafts.map(() => null);
    if (links.length === 0) return answers;
    const rows: LinkRow[] = await manager.query(
      `INSERT INTO ${this.log} (${COLUMNS})
       VALUES ${links.map((_, row) => `(${rowPlaceholders(row)})`).join(', ')}
       RETURNING ${COLUMNS}, txid_current()::text AS tx`,
      values,
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    const newest = byId.get(links[links.length - 1].id);
    if (newest) this.appended(runner, newest);
    for (const { index, id } of links) {
      const row = byId.get(id);
      if (row) answers[index] = withoutTx(row);
    }
    return answers;
  }

  /**
   * Takes the chain lock (held until the transaction ends) and reads the head and which of
   * `sourceIds` are recorded: two statements sent together, one round trip. The read is a statement
   * of its own behind the lock, so its snapshot is taken once the lock is held and it sees the rows of
   * whoever held the lock before. An empty table starts at the last purge's cut, or at genesis.
   */
  private async lockChain(manager: Queryable, sourceIds: readonly string[]): Promise<ChainState> {
    const [, [state]] = await answersInOrder<
      [unknown, Array<{ seen: string[]; seq: string | null; hash: string | null }>]
    >(
      manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [chainLockKey(this.schema)]),
      manager.query(
        `SELECT ARRAY(SELECT source_event_id::text FROM ${this.log} WHERE source_event_id = ANY($1::uuid[])) AS seen,
           head.seq, head.hash
         FROM (SELECT 1) one LEFT JOIN LATERAL
           (SELECT seq, hash FROM ${this.log} ORDER BY seq DESC LIMIT 1) head ON true`,
        [sourceIds],
      ),
    );
    const head: ChainAnchor =
      state.seq !== null && state.hash !== null
        ? { seq: String(state.seq), hash: state.hash }
        : ((await this.latestCheckpoint(manager)) ?? { seq: '0', hash: GENESIS_HASH });
    return { head, recorded: new Set(state.seen) };
  }

  /** The row's column values in `AUDIT_LOG_COLUMNS` order, linked after `head`, with its hash. */
  private linkValues(
    draft: AuditDraft,
    recordedAt: Date,
    head: ChainAnchor,
  ): { id: string; values: unknown[]; anchor: ChainAnchor } {
    const fields: AuditChainFields = {
      ...draft,
      id: uuidv7(),
      seq: (BigInt(head.seq) + 1n).toString(),
      occurred_at: draft.occurred_at.toISOString(),
      recorded_at: recordedAt.toISOString(),
      prev_hash: head.hash,
    };
    const hash = auditHash(fields);
    const values: Record<AuditLogColumn, unknown> = {
      ...fields,
      metadata: JSON.stringify(fields.metadata),
      hash,
    };
    return {
      id: fields.id,
      values: AUDIT_LOG_COLUMNS.map((column) => values[column]),
      anchor: { seq: fields.seq, hash },
    };
  }

  /** Remembers the new head for the next append in this transaction; returns the row as stored. */
  private appended(runner: object, row: LinkRow): AuditLogRow {
    this.lastAppended.set(runner, { seq: String(row.seq), hash: row.hash, tx: row.tx });
    return withoutTx(row);
  }

  /** Newest first by occurred_at (seq breaks ties), `take` rows after `after`. */
  async list(
    manager: Queryable,
    filters: AuditLogFilters,
    after: AuditLogPosition | null,
    take: number,
  ): Promise<AuditLogRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filters.actor_id) where.push(`actor_id = ${param(filters.actor_id)}`);
    if (filters.action?.endsWith('.*')) {
      where.push(`action LIKE ${param(`${escapeLike(filters.action.slice(0, -1))}%`)}`);
    } else if (filters.action) {
      where.push(`action = ${param(filters.action)}`);
    }
    if (filters.resource_type) where.push(`resource_type = ${param(filters.resource_type)}`);
    if (filters.resource_id) where.push(`resource_id = ${param(filters.resource_id)}`);
    if (filters.outcome) where.push(`outcome = ${param(filters.outcome)}`);
    if (filters.from) where.push(`occurred_at >= ${param(filters.from.toISOString())}::timestamptz`);
    if (filters.to) where.push(`occurred_at < ${param(filters.to.toISOString())}::timestamptz`);
    if (after)
      where.push(
        `(occurred_at, seq) < (${param(after.occurred_at)}::timestamptz, ${param(after.seq)}::bigint)`,
      );
    return manager.query(
      `SELECT ${COLUMNS} FROM ${this.log}
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY occurred_at DESC, seq DESC
       LIMIT ${param(take)}`,
      params,
    );
  }

  /** The chain in seq order, `take` rows after seq `afterSeq` (from the start when null). */
  chainAfter(manager: Queryable, afterSeq: string | null, take: number): Promise<AuditLogRow[]> {
    return manager.query(
      `SELECT ${COLUMNS} FROM ${this.log} WHERE ($1::bigint IS NULL OR seq > $1::bigint) ORDER BY seq LIMIT $2`,
      [afterSeq, take],
    );
  }

  /** Where the retained chain starts: the link the last purge cut at, if any. */
  async latestCheckpoint(manager: Queryable): Promise<ChainAnchor | null> {
    const [row]: Array<{ cut_seq: string; cut_hash: string }> = await manager.query(
      `SELECT cut_seq, cut_hash FROM ${this.checkpoints} ORDER BY cut_seq DESC LIMIT 1`,
    );
    return row ? { seq: String(row.cut_seq), hash: row.cut_hash } : null;
  }

  /** True when this transaction may run the purge; another replica holding the lock means skip. */
  async tryPurgeLock(manager: Queryable): Promise<boolean> {
    const [row]: Array<{ locked: boolean }> = await manager.query(
      'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
      [purgeLockKey(this.schema)],
    );
    return row.locked;
  }

  /** Deletes rows recorded more than `retentionDays` ago through the privileged purge function. */
  async purgeOlderThan(manager: Queryable, retentionDays: number): Promise<PurgeOutcome | null> {
    const [row]: Array<{ purged_rows: string; cut_seq: string; cut_hash: string }> = await manager.query(
      `SELECT purged_rows, cut_seq, cut_hash FROM ${assertIdentifier(this.schema)}.purge_audit_log($1)`,
      [retentionDays],
    );
    return row
      ? { purged_rows: Number(row.purged_rows), cut_seq: String(row.cut_seq), cut_hash: row.cut_hash }
      : null;
  }
}

function withoutTx({ tx: _tx, ...row }: LinkRow): AuditLogRow {
  return row;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** What identifies the transaction `manager` belongs to: its TypeORM QueryRunner, or the connection itself. */
function transactionKey(manager: Queryable): object {
  return (manager as { queryRunner?: object }).queryRunner ?? manager;
}
