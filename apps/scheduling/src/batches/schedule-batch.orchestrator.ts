import { CallMeta } from '@slotline/contracts';
import { logEvent } from '@slotline/observability';
import { TransactionRunner } from '@slotline/persistence';
import type { Counter } from 'prom-client';
import type { Logger } from 'pino';
import { BookAssignment, BookedAssignment } from '../assignments/commands/confirm-schedule/book-assignment';
import { ChunkBooker, ChunkRefusedAtInsert } from './chunk-booker';
import { splitIntoLanes } from './schedule-batch.lanes';
import { isTransient, sleep } from './schedule-batch.retry';
import { ScheduleBatchRecord, ScheduleItemRecord } from './schedule-batch.record';
import { ScheduleBatchesRepository, SettledItem } from './schedule-batches.repository';
import { ItemNeedsSavepoint, ScheduleItemProcessor } from './schedule-item.processor';

export interface BatchSettings {
  /** Items per transaction: the lease is renewed and progress becomes visible once per chunk. */
  chunkSize: number;
  leaseMs: number;
  /** Attempts of one chunk when it keeps failing transiently, before the batch is left for a later run. */
  maxAttempts: number;
  backoffMs: number;
  /**
   * `skip` and `next_available` batches: chunks worked side by side, each on its own connection, over
   * items that share no resource (see splitIntoLanes). `fail` batches always use one.
   */
  lanes: number;
}

export const DEFAULT_BATCH_SETTINGS: BatchSettings = {
  chunkSize: 50,
  leaseMs: 30_000,
  maxAttempts: 5,
  backoffMs: 50,
  lanes: 4,
};

type ChunkResult = 'continue' | 'stopped' | 'lease_lost' | 'gave_up';

export interface ScheduleBatchOrchestratorDeps {
  batches: ScheduleBatchesRepository;
  items: ScheduleItemProcessor;
  /** The set-based path, tried first for every chunk; the item path (`items`) when it cannot book it all. */
  chunks: ChunkBooker;
  booker: BookAssignment;
  tx: TransactionRunner;
  logger: Logger;
  /** This replica, as written into the lease. */
  owner: string;
  settings?: Partial<BatchSettings>;
  processed: Counter<'status'>;
  retried: Counter<string>;
}

/** How a run of the orchestrator ended for a batch. */
export type BatchRunResult = 'completed' | 'stopped' | 'lease_lost' | 'gave_up';

/**
 * SCH-8. Works batches to the end, one leased batch at a time, `chunkSize` items per transaction. Each
 * item's state is written in the transaction that books it, so a replica that takes over an expired
 * lease (after a crash, say) sees which items are done and never books one twice. Serialization
 * failures, deadlocks and statement timeouts retry the chunk with backoff.
 */
export class ScheduleBatchOrchestrator {
  private readonly settings: BatchSettings;
  /** Whether the next chunk runs each item in a savepoint (see chunkOutcome). */
  private guarded = false;

  constructor(private readonly d: ScheduleBatchOrchestratorDeps) {
    this.settings = { ...DEFAULT_BATCH_SETTINGS, ...d.settings };
  }

  /** Claims and works batches (or only batch `onlyId`) until none is left to claim; returns how many it worked. */
  async drain(onlyId?: string): Promise<number> {
    let worked = 0;
    for (;;) {
      const batch = await this.d.batches.claimNext(this.d.owner, this.settings.leaseMs, onlyId);
      if (!batch) return worked;
      const result = await this.work(batch);
      worked++;
      // Left for the next poll rather than claimed straight back: the trouble may last a while.
      if (result === 'gave_up') return worked;
    }
  }

  /** Works one claimed batch until it completes, stops, or the lease is lost. */
  async work(batch: ScheduleBatchRecord): Promise<BatchRunResult> {
    const meta = metaOf(batch);
    // `fail` stops at the first item not booked and leaves every later one untouched: one lane, in order.
    const lanes = batch.conflictPolicy === 'fail' ? 1 : Math.max(1, this.settings.lanes);
    for (;;) {
      const pending = await this.d.batches.nextPending(batch.id, this.settings.chunkSize * lanes);
      if (pending.length === 0) {
        if (await this.d.batches.completeIfDone(batch.id, this.d.owner)) {
          this.log(batch, 'completed');
          return 'completed';
        }
        return 'lease_lost';
      }
      const result = await this.runRound(batch, pending, lanes, meta);
      if (result !== 'continue') {
        if (result === 'gave_up') await this.d.batches.releaseLease(batch.id, this.d.owner);
        this.log(batch, result);
        return result;
      }
    }
  }

  /** One chunk, or (several lanes) one chunk per lane side by side, each in its own transaction. */
  private async runRound(
    batch: ScheduleBatchRecord,
    pending: ScheduleItemRecord[],
    lanes: number,
    meta: CallMeta,
  ): Promise<ChunkResult> {
    if (lanes === 1) return this.runChunk(batch, pending.slice(0, this.settings.chunkSize), meta, false);
    const resources = await this.d.batches.resourcesOf(
      batch.id,
      pending.map((p) => p.position),
    );
    const chunks = splitIntoLanes(
      pending,
      (p) => resources.get(p.position) ?? [],
      lanes,
      this.settings.chunkSize,
    );
    if (chunks.length === 1) return this.runChunk(batch, chunks[0], meta, false);
    // Renewed once for the round; each lane then only checks it (FOR SHARE), so the lanes do not queue on
    // the batch row.
    const held = await this.d.tx.run(
      (m) => this.d.batches.holdLease(m, batch.id, this.d.owner, this.settings.leaseMs),
      { retries: 0 },
    );
    if (!held) return 'lease_lost';
    const results = await Promise.all(chunks.map((chunk) => this.runChunk(batch, chunk, meta, true)));
    return (['stopped', 'lease_lost', 'gave_up'] as const).find((r) => results.includes(r)) ?? 'continue';
  }

  private async runChunk(
    batch: ScheduleBatchRecord,
    chunk: ScheduleItemRecord[],
    meta: CallMeta,
    shared: boolean,
  ): Promise<ChunkResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.chunkOutcome(batch, chunk, meta, attempt, shared);
        for (const booked of outcome.booked) this.d.booker.logBooked(booked);
        for (const [status, n] of Object.entries(outcome.counts)) this.d.processed.inc({ status }, n);
        return outcome.result;
      } catch (err) {
        if (!isTransient(err) || attempt >= this.settings.maxAttempts) {
          this.d.logger.error(
            { event: 'schedule_batch_chunk_failed', batch_id: batch.id, attempt, err },
            'schedule batch chunk failed; the batch is left for a later run',
          );
          return 'gave_up';
        }
        this.d.retried.inc();
        await sleep(Math.random() * this.settings.backoffMs * 2 ** attempt);
      }
    }
  }

  /**
   * One try of a chunk. Set-based first (ChunkBooker: the items planned and written together, as far as
   * they would all simply book); the items after those go on item by item in the same transaction —
   * unguarded (no savepoints) unless the previous chunk had an item refused or the plan foresaw a refusal.
   * An item refused unguarded, or the set-based insert refused by a constraint, rolls the transaction back,
   * and the chunk is worked again item by item, each in its savepoint. Either way at most one transaction
   * of the chunk commits. With lanes side by side, a refusal in any lane makes the next chunks of every
   * lane start guarded.
   */
  private async chunkOutcome(
    batch: ScheduleBatchRecord,
    chunk: ScheduleItemRecord[],
    meta: CallMeta,
    attempt: number,
    shared: boolean,
  ) {
    const run = (guarded: boolean, setBased: boolean) =>
      this.d.tx.run(
        (m) => this.chunkTransaction(m, batch, chunk, meta, { attempt, shared, guarded, setBased }),
        { retries: 0 },
      );
    let outcome;
    try {
      outcome = await run(this.guarded, true);
    } catch (err) {
      if (!(err instanceof ItemNeedsSavepoint) && !(err instanceof ChunkRefusedAtInsert)) throw err;
      outcome = await run(true, false);
    }
    // Refusals come in runs (a busy practitioner, a closed day): the next chunk stays guarded until one
    // goes through with every item booked.
    this.guarded = outcome.refused;
    return outcome;
  }

  private async chunkTransaction(
    m: Parameters<Parameters<TransactionRunner['run']>[0]>[0],
    batch: ScheduleBatchRecord,
    chunk: ScheduleItemRecord[],
    meta: CallMeta,
    opts: { attempt: number; shared: boolean; guarded: boolean; setBased: boolean },
  ) {
    const { attempt, shared } = opts;
    let { guarded } = opts;
    const booked: BookedAssignment[] = [];
    const counts: Record<string, number> = {};
    const settled: SettledItem[] = [];
    let refused = false;
    // Renewed (or, with lanes side by side, checked) in the chunk's own transaction: if another replica took
    // the batch over meanwhile, nothing of this chunk commits.
    const held = shared
      ? await this.d.batches.checkLease(m, batch.id, this.d.owner)
      : await this.d.batches.holdLease(m, batch.id, this.d.owner, this.settings.leaseMs);
    if (!held) return { result: 'lease_lost' as const, booked, counts, refused };
    // The chunk's items still pending, locked in one statement (in position order, as one at a time did):
    // an item another replica already settled is left alone.
    const items = await this.d.batches.lockPending(
      m,
      batch.id,
      chunk.map((c) => c.position),
    );
    const book = (position: number, done: BookedAssignment) => {
      counts.booked = (counts.booked ?? 0) + 1;
      booked.push(done);
      settled.push({ position, outcome: bookedOutcome(done) });
    };
    let rest = items;
    if (opts.setBased && items.length > 0) {
      const together = await this.d.chunks.book(m, items, meta);
      together.booked.forEach((done, i) => book(items[i].position, done));
      if (together.rest === null) {
        await this.d.batches.settle(m, batch.id, settled, attempt);
        return { result: 'continue' as const, booked, counts, refused };
      }
      // The rest goes item by item in this transaction; where a refusal is certain, with savepoints.
      rest = items.slice(together.booked.length);
      if (together.rest === 'refused') guarded = true;
    }
    let stoppedAt: number | null = null;
    for (const item of rest) {
      const processed = await this.d.items.process(m, item, batch.conflictPolicy, meta, guarded);
      if (processed.status === 'booked') {
        book(item.position, processed.booked);
        continue;
      }
      counts[processed.status] = (counts[processed.status] ?? 0) + 1;
      refused = true;
      settled.push({ position: item.position, outcome: processed });
      if (processed.stop) {
        stoppedAt = item.position;
        break;
      }
    }
    // Every item's result in one statement, in the transaction that booked them: a takeover after a
    // crash sees either all of this chunk settled with its bookings, or none of either.
    await this.d.batches.settle(m, batch.id, settled, attempt);
    if (stoppedAt !== null) {
      await this.d.batches.stop(m, batch.id, stoppedAt);
      return { result: 'stopped' as const, booked, counts, refused };
    }
    return { result: 'continue' as const, booked, counts, refused };
  }

  private log(batch: ScheduleBatchRecord, result: BatchRunResult): void {
    logEvent(
      this.d.logger,
      'schedule_batch_run',
      { batch_id: batch.id, conflict_policy: batch.conflictPolicy, result },
      `schedule batch ${result}`,
    );
  }
}

function bookedOutcome({ updated, booking }: BookedAssignment): SettledItem['outcome'] {
  return {
    status: 'booked',
    start: booking.start,
    end: booking.end,
    bookingId: booking.id,
    assignmentId: updated.id,
  };
}

/** The batch's items act for the admin who submitted it. */
function metaOf(batch: ScheduleBatchRecord): CallMeta {
  return {
    actor: { user_id: batch.requestedBy, role: 'admin', session_id: 'schedule-batch', aal: 'aal2' },
    request_id: batch.requestId,
    idempotency_key: null,
    traceparent: null,
  };
}
