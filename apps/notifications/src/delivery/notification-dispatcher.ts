import { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { NOTIFICATION_CHANNELS } from '@slotline/contracts';
import { Nudge } from '@slotline/messaging';
import { isTransientDbError, type Queryable as Db } from '@slotline/persistence';
import type { Counter, Histogram } from 'prom-client';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { NotificationPlanner } from '../notify/notification-planner';
import { AttemptRecord, NotificationRecord } from '../notify/notification.record';
import { NotificationsRepository } from '../notify/notifications.repository';
import { ChannelReceipt, EmailChannel, redactChannelText, SmsChannel } from './channels';
import { SentOutcomes } from './sent-outcomes';

export interface DispatcherSettings {
  from: string;
  pollIntervalMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long a claimed notification is reserved for the replica sending it. */
  leaseMs: number;
  batchSize: number;
}

export interface NotificationDispatcherDeps {
  dataSource: DataSource;
  notifications: NotificationsRepository;
  planner: NotificationPlanner;
  email: EmailChannel;
  sms: SmsChannel;
  settings: DispatcherSettings;
  logger: Logger;
  sent: Counter<'channel' | 'outcome' | 'category'>;
  latency: Histogram<'channel'>;
  /** Passes that failed (a lease, an outcome or a fallback could not be written). */
  failedPasses: Counter;
  /** Notifications given up on because the outcome of their sends could not be recorded. */
  abandoned: Counter<'channel'>;
  now?: () => Date;
  random?: () => number;
}

/** The SQLSTATE of a database error or a Node error's code (`ECONNREFUSED`); `unknown` otherwise. */
export function errorCodeOf(err: unknown): string {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.code ?? e?.driverError?.code;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : 'unknown';
}

/**
 * How many sends of one notification may end without their outcome recorded (a crash mid-send, or
 * recording failing) before it is given up on instead of sent again: at most this many copies go out
 * when recording keeps failing (NTF-5), and a lost outcome or two (a replica killed) still retries.
 */
export const UNRECORDED_SENDS_LIMIT = 3;

/** The errors of a failed pass, one entry per `errorCodeOf`, in order of first appearance. */
export function failuresByCode(
  errors: unknown[],
): Array<{ errorCode: string; count: number; first: unknown }> {
  const byCode = new Map<string, { errorCode: string; count: number; first: unknown }>();
  for (const err of errors) {
    const errorCode = errorCodeOf(err);
    const entry = byCode.get(errorCode);
    if (entry) entry.count++;
    else byCode.set(errorCode, { errorCode, count: 1, first: err });
  }
  return [...byCode.values()];
}

/**
 * An error worth trying the same work again for at the next lease: a serialization failure or deadlock,
 * a lost connection (no SQLSTATE, class 08), lack of resources (53), a lock not available (55) or an
 * operator's intervention (57). Anything else (a permission, a constraint, bad data) will fail again.
 */
export function mayPassOff(err: unknown): boolean {
  if (isTransientDbError(err)) return true;
  const code = errorCodeOf(err);
  return !/^[0-9A-Z]{5}$/.test(code) || ['08', '53', '55', '57'].includes(code.slice(0, 2));
}

/** Attempt n failed: wait base·2^(n−1), capped, with "equal jitter" (half fixed, half random). */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Sends queued notifications once they are due (NTF-3, NTF-5). Rows are leased with SKIP LOCKED, so
 * replicas share the work and a crashed sender's rows come back when the lease runs out; deferred sends
 * are just rows due later, so they survive restarts. Each attempt is recorded; a failure is retried with
 * backoff until the channel fails for good, then the fallback channel (SMS) takes over. A notification
 * whose sends keep ending unrecorded is given up on after UNRECORDED_SENDS_LIMIT of them.
 */
export class NotificationDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private readonly nudges = new Nudge({ pass: () => this.tick(), inPass: () => this.running });
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly sentOutcomes: SentOutcomes;

  constructor(private readonly d: NotificationDispatcherDeps) {
    this.now = d.now ?? (() => new Date());
    this.random = d.random ?? Math.random;
    this.sentOutcomes = new SentOutcomes((attempts) => d.notifications.recordSent(attempts));
    // Series exist at 0 from start-up, so `increase()` (the alert) sees the first one given up on too.
    for (const channel of NOTIFICATION_CHANNELS) d.abandoned.inc({ channel }, 0);
  }

  onApplicationBootstrap(): void {
    if (this.d.settings.pollIntervalMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.d.settings.pollIntervalMs);
    this.timer.unref();
  }

  /**
   * Something was just queued (the events consumer calls this once an event's transaction has
   * committed): a pass about 20 ms later (a burst shares it) instead of at the next poll, so a notification goes out within
   * milliseconds rather than up to NOTIFICATIONS_POLL_INTERVAL_MS later. Only while polling runs (never
   * in tests that drive `tick`). A nudge that comes during a pass runs one more after it (`Nudge`).
   */
  nudge(): void {
    if (this.timer) this.nudges.nudge();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.nudges.stop();
    await this.running;
    this.d.email.close?.();
  }

  /**
   * One pass: sends what is due; resolves with how many it handled (0 when the pass failed). Never
   * overlaps itself. A failed pass is counted once and logged once per distinct error code (with how
   * many deliveries failed so), since a pass failing every time looks from the outside like a quiet
   * queue; its leased rows come back when the lease runs out.
   */
  tick(): Promise<number> {
    this.running ??= this.drain()
      .catch((err: unknown) => {
        this.d.failedPasses.inc();
        for (const f of failuresByCode(err instanceof AggregateError ? err.errors : [err]))
          this.d.logger.error(
            { event: 'notification_dispatch_failed', error_code: f.errorCode, count: f.count, err: f.first },
            'dispatch pass failed; next pass retries',
          );
        return 0;
      })
      .finally(() => (this.running = null));
    return this.running;
  }

  private async drain(): Promise<number> {
    const { settings } = this.d;
    const due = await this.d.notifications.leaseDue(this.now(), settings.leaseMs, settings.batchSize);
    // Every delivery settles before the pass ends, so a failed one cannot leave others running past
    // the pass (or past shutdown); then every failure fails the pass together.
    const failures = (await Promise.allSettled(due.map((n) => this.deliver(n)))).flatMap((r) =>
      r.status === 'rejected' ? [r.reason as unknown] : [],
    );
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} deliveries failed`);
    return due.length;
  }

  private async deliver(n: NotificationRecord): Promise<void> {
    // Leases before this one whose outcome never reached the row (each recorded one advanced attempts).
    const unrecorded = n.leases - 1 - n.attempts;
    if (unrecorded >= UNRECORDED_SENDS_LIMIT) return this.abandon(n, unrecorded);
    const attempt = n.attempts + 1;
    const startedAt = this.now();
    let receipt: ChannelReceipt | null = null;
    let error: string | null = null;
    try {
      receipt = await this.send(n);
    } catch (err) {
      error = redactChannelText(err instanceof Error ? err.message : String(err));
    }
    const finishedAt = this.now();
    const response = receipt ? redactChannelText(receipt.response) : null;
    const labels = { channel: n.channel, category: n.category };
    const record = {
      notificationId: n.id,
      attempt,
      status: receipt ? ('sent' as const) : ('failed' as const),
      response,
      error,
      startedAt,
      finishedAt,
    };
    if (receipt) await this.sentOutcomes.record(record);
    else if (attempt < n.maxAttempts) {
      const delay = retryDelayMs(
        attempt,
        this.d.settings.retryBaseMs,
        this.d.settings.retryMaxMs,
        this.random,
      );
      await this.d.notifications.recordRetry(record, new Date(finishedAt.getTime() + delay));
    } else await this.recordFailure(n, record, error!);
    if (receipt) {
      this.d.sent.inc({ ...labels, outcome: 'sent' });
      this.d.latency.observe(
        { channel: n.channel },
        (finishedAt.getTime() - n.eventOccurredAt.getTime()) / 1000,
      );
    } else this.d.sent.inc({ ...labels, outcome: attempt < n.maxAttempts ? 'retry' : 'failed' });
  }

  /**
   * Failed for good: the attempt, the failure and the fallback (if any) commit together. When that
   * fails with an error that will recur, the failure is recorded without the fallback, so a fallback that
   * cannot be planned does not leave the email to go out again at every lease expiry; a passing error
   * (`mayPassOff`) fails the pass instead, so the next lease tries again with the fallback.
   */
  private async recordFailure(n: NotificationRecord, record: AttemptRecord, error: string): Promise<void> {
    const failForGood = async (db: Db) => {
      await this.d.notifications.recordAttempt(db, record);
      await this.d.notifications.markFailed(db, n.id, record.attempt, error, record.finishedAt);
    };
    let fallback: boolean;
    try {
      fallback = await this.d.dataSource.transaction(async (db) => {
        await failForGood(db);
        return this.d.planner.planFallback(db, n);
      });
    } catch (err) {
      if (mayPassOff(err)) throw err;
      await this.d.dataSource.transaction(failForGood);
      fallback = false;
      this.d.logger.error(
        {
          event: 'notification_fallback_failed',
          notification_id: n.id,
          channel: n.channel,
          error_code: errorCodeOf(err),
          err,
        },
        'fallback could not be planned; the failure is recorded without it',
      );
    }
    this.d.logger.warn(
      {
        event: 'notification_failed',
        notification_id: n.id,
        channel: n.channel,
        attempts: record.attempt,
        fallback,
      },
      'notification failed for good',
    );
  }

  /**
   * Not sent again: earlier sends went out (maybe delivered) but their outcome never reached the row,
   * so another lease would only repeat them. Recorded `failed`, without a fallback for the same reason.
   */
  private async abandon(n: NotificationRecord, unrecorded: number): Promise<void> {
    const reason = `not sent again: the outcome of ${unrecorded} earlier sends could not be recorded (they may have been delivered)`;
    await this.d.notifications.markFailed(this.d.dataSource, n.id, n.attempts, reason, this.now());
    this.d.abandoned.inc({ channel: n.channel });
    this.d.logger.warn(
      {
        event: 'notification_abandoned',
        notification_id: n.id,
        channel: n.channel,
        leases: n.leases,
        attempts: n.attempts,
      },
      'notification abandoned: the outcome of its sends could not be recorded',
    );
  }

  private send(n: NotificationRecord): Promise<ChannelReceipt> {
    const c = n.content;
    if (n.channel === 'sms') return this.d.sms.send({ to: n.address, text: c.sms });
    return this.d.email.send({
      from: this.d.settings.from,
      to: n.address,
      subject: c.subject,
      text: c.text,
      html: c.html,
      invite: c.ics && c.ics_method ? { ics: c.ics, method: c.ics_method } : null,
    });
  }
}
