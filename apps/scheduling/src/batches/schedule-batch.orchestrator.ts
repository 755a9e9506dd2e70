import { CallMeta } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { logEvent } from '@slotline/observability';
import { isTransientDbError, TransactionRunner } from '@slotline/persistence';
import type { Counter } from 'prom-client';
import type { Logger } from 'pino';
import { BookAssignment, BookedAssignment } from '../assignments/commands/confirm-schedule/book-assignment';
import { ScheduleBatchRecord, ScheduleItemRecord } from './schedule-batch.record';
import { ScheduleBatchesRepository } from './schedule-batches.repository';
import { ScheduleItemProcessor } from './schedule-item.processor';

export interface BatchSettings {
  /** Items per transaction: the lease is renewed and progress becomes visible once per chunk. */
  chunkSize: number;
  leaseMs: number;
  /** Attempts of one chunk when it keeps failing transiently, before the batch is left for a later run. */
  maxAttempts: number;
  backoffMs: number;
}

export const DEFAULT_BATCH_SETTINGS: BatchSettings = {
  chunkSize: 50,
  leaseMs: 30_000,
  maxAttempts: 5,
  backoffMs: 50,
};

export interface ScheduleBatchOrchestratorDeps {
  batches: ScheduleBatchesRepository;
  items: ScheduleItemProcessor;
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
    for (;;) {
      const chunk = await this.d.batches.nextPending(batch.id, this.settings.chunkSize);
      if (chunk.length === 0) {
        if (await this.d.batches.completeIfDone(batch.id, this.d.owner)) {
          this.log(batch, 'completed');
          return 'completed';
        }
        return 'lease_lost';
      }
      const result = await this.runChunk(batch, chunk, meta);
      if (result !== 'continue') {
        if (result === 'gave_up') await this.d.batches.releaseLease(batch.id, this.d.owner);
        this.log(batch, result);
        return result;
      }
    }
  }

  private async runChunk(
    batch: ScheduleBatchRecord,
    chunk: ScheduleItemRecord[],
    meta: CallMeta,
  ): Promise<'continue' | 'stopped' | 'lease_lost' | 'gave_up'> {
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.d.tx.run((m) => this.chunkTransaction(m, batch, chunk, meta, attempt), {
          retries: 0,
        });
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

  private async chunkTransaction(
    m: Parameters<Parameters<TransactionRunner['run']>[0]>[0],
    batch: ScheduleBatchRecord,
    chunk: ScheduleItemRecord[],
    meta: CallMeta,
    attempt: number,
  ) {
    const booked: BookedAssignment[] = [];
    const counts: Record<string, number> = {};
    // Renewed in the chunk's own transaction: if another replica took the batch over meanwhile, nothing
    // of this chunk commits.
    if (!(await this.d.batches.holdLease(m, batch.id, this.d.owner, this.settings.leaseMs)))
      return { result: 'lease_lost' as const, booked, counts };
    for (const pending of chunk) {
      const item = await this.d.batches.lockPending(m, batch.id, pending.position);
      if (!item) continue;
      const processed = await this.d.items.process(m, item, batch.conflictPolicy, meta);
      counts[processed.status] = (counts[processed.status] ?? 0) + 1;
      if (processed.status === 'booked') {
        const { updated, booking } = processed.booked;
        booked.push(processed.booked);
        await this.d.batches.settle(
          m,
          batch.id,
          item.position,
          {
            status: 'booked',
            start: booking.start,
            end: booking.end,
            bookingId: booking.id,
            assignmentId: updated.id,
          },
          attempt,
        );
        continue;
      }
      await this.d.batches.settle(m, batch.id, item.position, processed, attempt);
      if (processed.stop) {
        await this.d.batches.stop(m, batch.id, item.position);
        return { result: 'stopped' as const, booked, counts };
      }
    }
    return { result: 'continue' as const, booked, counts };
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

/** The batch's items act for the admin who submitted it. */
function metaOf(batch: ScheduleBatchRecord): CallMeta {
  return {
    actor: { user_id: batch.requestedBy, role: 'admin', session_id: 'schedule-batch', aal: 'aal2' },
    request_id: batch.requestId,
    idempotency_key: null,
    traceparent: null,
  };
}

/** Serialization failure, deadlock (raw or as translated after the runner's own retries), statement timeout. */
function isTransient(err: unknown): boolean {
  if (isTransientDbError(err)) return true;
  if (err instanceof AppError) return err.code === 'SYS_UPSTREAM_UNAVAILABLE';
  const code =
    (err as { code?: string; driverError?: { code?: string } })?.driverError?.code ??
    (err as { code?: string })?.code;
  return code === '57014';
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
