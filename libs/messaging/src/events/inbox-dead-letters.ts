import { createHash } from 'node:crypto';
import type { Counter } from 'prom-client';
import type { Metrics } from '@slotline/observability';
import type { JsMsg } from 'nats';
import type { DataSource } from 'typeorm';
import { quoteSchema } from './outbox-sql';

/** Why an event will never reach its handler; the `reason` label of `inbox_dead_letters_total`. */
export const DEAD_LETTER_REASONS = [
  'malformed_envelope',
  'unknown_type',
  'invalid_data',
  'handler_failed',
] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

export interface DeadLetter {
  reason: DeadLetterReason;
  problems: string[];
  event_id?: string | null;
  event_type?: string | null;
}

/**
 * Keeps what an inbox consumer gives up on: a row in `<schema>.inbox_dead_letters` (raw payload and
 * reason, for an operator to fix and re-publish) and one count in `inbox_dead_letters_total`. The row
 * is keyed by stream position and payload hash, so a redelivery after a lost `term()` is stored and
 * counted once.
 */
export class InboxDeadLetters {
  private readonly table: string;
  private readonly counter: Counter<'durable' | 'reason'> | null;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
    private readonly durable: string,
    metrics?: Metrics,
  ) {
    this.table = `${quoteSchema(schema)}.inbox_dead_letters`;
    this.counter =
      metrics?.counter(
        'inbox_dead_letters_total',
        'Events an inbox consumer gave up on (malformed, unknown type, invalid data, or handler failed on its last delivery)',
        ['durable', 'reason'],
      ) ?? null;
    // Series exist at 0 from start-up, so `increase()` (the alert) sees the first dead letter too.
    for (const reason of DEAD_LETTER_REASONS) this.counter?.inc({ durable, reason }, 0);
  }

  async record(msg: JsMsg, letter: DeadLetter): Promise<void> {
    // NUL cannot be stored in a text column; anything that had one is unreadable JSON anyway.
    const payload = msg.string().split('\u0000').join('');
    const stored: unknown[] = await this.dataSource.query(
      `INSERT INTO ${this.table}
         (consumer, stream, stream_seq, payload_sha256, subject, event_id, event_type, reason, problems, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING stream_seq`,
      [
        this.durable,
        msg.info.stream,
        msg.seq,
        createHash('sha256').update(payload).digest('hex'),
        msg.subject,
        letter.event_id ?? null,
        letter.event_type ?? null,
        letter.reason,
        JSON.stringify(letter.problems),
        payload,
      ],
    );
    if (stored.length > 0) this.counter?.inc({ durable: this.durable, reason: letter.reason });
  }
}
