import { DeadLetterReason } from '@slotline/messaging';
import { Queryable, returnedRows, tablesIn } from '@slotline/persistence';
import { DeadLetterFilter, DeadLetterKey } from './dead-letters-args';

/** One row of `<schema>.inbox_dead_letters` without its payload (what `list` may print). */
export interface DeadLetterSummary {
  consumer: string;
  stream: string;
  stream_seq: string;
  payload_sha256: string;
  subject: string;
  event_id: string | null;
  event_type: string | null;
  reason: DeadLetterReason;
  problems: string[];
  dead_lettered_at: Date;
}

export interface DeadLetterRow extends DeadLetterSummary {
  /** The raw message as the consumer received it; may hold personal data: never log it. */
  payload: string;
}

const SUMMARY_COLUMNS = `consumer, stream, stream_seq::text AS stream_seq, payload_sha256, subject, event_id,
  event_type, reason, problems, dead_lettered_at`;

/** The queries of `npm run dead-letters` on one service's dead letters (the table of migration …070). */
export class DeadLettersRepository {
  private readonly t: Record<'inbox_dead_letters', string>;

  constructor(schema: string) {
    this.t = tablesIn(schema, ['inbox_dead_letters']);
  }

  /** Oldest first, the order the consumer met them in. */
  list(db: Queryable, filter: DeadLetterFilter): Promise<DeadLetterSummary[]> {
    return this.select(db, SUMMARY_COLUMNS, filter);
  }

  /** Like `list`, with the payload to re-publish. */
  listWithPayload(db: Queryable, filter: DeadLetterFilter): Promise<DeadLetterRow[]> {
    return this.select(db, `${SUMMARY_COLUMNS}, payload`, filter);
  }

  /** Deletes exactly that row; false when it was gone already (another run took it). */
  async delete(db: Queryable, row: DeadLetterSummary): Promise<boolean> {
    const result = await db.query<unknown[] | [unknown[], number]>(
      `DELETE FROM ${this.t.inbox_dead_letters}
        WHERE consumer = $1 AND stream = $2 AND stream_seq = $3::bigint AND payload_sha256 = $4
        RETURNING stream_seq`,
      [row.consumer, row.stream, row.stream_seq, row.payload_sha256],
    );
    return returnedRows(result).length > 0;
  }

  private select<R>(db: Queryable, columns: string, filter: DeadLetterFilter): Promise<R[]> {
    const key: Partial<DeadLetterKey> = filter.key ?? {};
    return db.query<R[]>(
      `SELECT ${columns} FROM ${this.t.inbox_dead_letters}
        WHERE ($1::text IS NULL OR consumer = $1)
          AND ($2::text IS NULL OR reason = $2)
          AND ($3::text IS NULL OR event_id = $3)
          AND ($4::timestamptz IS NULL OR dead_lettered_at >= $4)
          AND ($5::timestamptz IS NULL OR dead_lettered_at < $5)
          AND ($6::text IS NULL OR stream = $6)
          AND ($7::bigint IS NULL OR stream_seq = $7)
          AND ($8::text IS NULL OR starts_with(payload_sha256, $8))
        ORDER BY dead_lettered_at, stream_seq
        LIMIT $9`,
      [
        key.consumer ?? filter.consumer ?? null,
        filter.reason ?? null,
        filter.eventId ?? null,
        filter.since ?? null,
        filter.until ?? null,
        key.stream ?? null,
        key.streamSeq ?? null,
        key.sha256Prefix ?? null,
        filter.limit ?? null,
      ],
    );
  }
}
