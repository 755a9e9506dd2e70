import {
  WEBHOOK_EVENTS,
  WebhookAttemptOutcome,
  WebhookDisableReason,
  WebhookEndpointDisabledData,
} from '@slotline/contracts';
import { OutboxWriter } from '@slotline/messaging';
import { Queryable, TransactionRunner, uuidv7 } from '@slotline/persistence';
import type { Logger } from 'pino';
import { RetryPolicy, nextRetry } from './retry-schedule';
import { SsrfGuard } from './ssrf-guard';
import { WebhookMetrics } from './webhook-metrics';
import { WebhookSecrets } from './webhook-secrets';
import { SendResult, WebhookRequest, sendWebhook } from './webhook-sender';
import { signWebhook } from './webhook-signature';
import { DueDelivery, EndpointRow } from './webhook.rows';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';

export interface WebhookDeliveryWorkerDeps {
  endpointRows: WebhookEndpointsRepository;
  deliveries: WebhookDeliveriesRepository;
  tx: TransactionRunner;
  guard: SsrfGuard;
  secrets: WebhookSecrets;
  outbox: OutboxWriter;
  metrics: WebhookMetrics;
  logger: Logger;
  retry: RetryPolicy;
  timeoutMs: number;
  disableAfterSeconds: number;
  batchSize: number;
  concurrency: number;
  send?: (req: WebhookRequest) => Promise<SendResult>;
  now?: () => Date;
}

/**
 * Sends due deliveries (GW-8). Due times live in the database, so retries survive restarts: a batch is
 * claimed under an advisory lock with `SKIP LOCKED` and leased (a replica that dies mid-attempt leaves
 * its deliveries due again when the lease ends), sent outside any transaction, and each result is
 * recorded in its own transaction with the attempt row, the next due time and, when an endpoint is
 * disabled, the outbox event that announces it.
 */
export class WebhookDeliveryWorker {
  private readonly send: (req: WebhookRequest) => Promise<SendResult>;
  private readonly now: () => Date;
  private readonly leaseSeconds: number;

  constructor(private readonly d: WebhookDeliveryWorkerDeps) {
    this.send = d.send ?? sendWebhook;
    this.now = d.now ?? (() => new Date());
    this.leaseSeconds = Math.ceil((d.timeoutMs * 2) / 1000) + 30;
  }

  /** Claims and sends one batch; returns how many deliveries it attempted. */
  async runOnce(): Promise<number> {
    const due = await this.d.tx.run(async (m) =>
      (await this.d.deliveries.tryLock(m, 'webhook-claim'))
        ? this.d.deliveries.claimDue(m, this.d.batchSize, this.leaseSeconds)
        : [],
    );
    const queue = [...due];
    const workers = Array.from({ length: Math.min(this.d.concurrency, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await this.attempt(next);
    });
    await Promise.all(workers);
    return due.length;
  }

  private async attempt(due: DueDelivery): Promise<void> {
    const attemptedAt = this.now();
    let result: SendResult;
    try {
      // Checked again on every attempt: DNS may point somewhere else since registration.
      const target = await this.d.guard.check(due.endpoint.url);
      const body = JSON.stringify(due.body);
      const secrets = this.d.secrets.signingSecrets(due.endpoint, attemptedAt);
      const headers = { ...signWebhook(secrets, due.message_id, attemptedAt, body) };
      result = await this.send({ target, headers, body, timeoutMs: this.d.timeoutMs });
    } catch (err) {
      result = { statusCode: null, body: null, retryAfter: null, error: messageOf(err), latencyMs: 0 };
    }
    try {
      await this.record(due, attemptedAt, result);
    } catch (err) {
      // The lease expires and the delivery is attempted again.
      this.d.logger.error(
        { event: 'webhook_record_failed', delivery_id: due.delivery_id, err: messageOf(err) },
        'could not record a webhook attempt',
      );
    }
  }

  private record(due: DueDelivery, attemptedAt: Date, result: SendResult): Promise<void> {
    const status = result.statusCode;
    const outcome: WebhookAttemptOutcome =
      status !== null && status >= 200 && status < 300 ? 'delivered' : status === 410 ? 'gone' : 'failed';
    return this.d.tx.run(async (m) => {
      await this.d.deliveries.insertAttempt(m, {
        id: uuidv7(),
        delivery_id: due.delivery_id,
        endpoint_id: due.endpoint.id,
        attempt: due.attempt,
        attempted_at: attemptedAt,
        outcome,
        status_code: status,
        latency_ms: result.latencyMs,
        response_body: result.body,
        error: result.error ?? (outcome === 'delivered' ? null : `HTTP ${status}`),
      });
      let counted: string = outcome;
      if (outcome === 'delivered') {
        await this.d.deliveries.settleDelivery(m, due.delivery_id, 'delivered', null);
        // The run of failures ends (the claim read the endpoint; a success elsewhere may have reset it).
        if (due.endpoint.failing_since) await this.d.endpointRows.markEndpointHealthy(m, due.endpoint.id);
      } else if (outcome === 'gone') {
        await this.d.deliveries.settleDelivery(m, due.delivery_id, 'failed', null);
        await this.disable(m, due.endpoint, 'gone', null);
      } else {
        const decision = nextRetry(this.d.retry, due.attempt, status, result.retryAfter, attemptedAt);
        counted = decision.retry ? 'retrying' : 'failed';
        await this.d.deliveries.settleDelivery(
          m,
          due.delivery_id,
          decision.retry ? 'pending' : 'failed',
          decision.retry ? new Date(this.now().getTime() + decision.delaySeconds * 1000) : null,
        );
        const failingSince = await this.d.endpointRows.markEndpointFailing(m, due.endpoint.id, attemptedAt);
        if (
          failingSince &&
          attemptedAt.getTime() - new Date(failingSince).getTime() >= this.d.disableAfterSeconds * 1000
        )
          await this.disable(m, due.endpoint, 'failing', new Date(failingSince));
      }
      this.d.metrics.deliveries.inc({ outcome: counted });
      this.d.metrics.attemptSeconds.observe({ outcome: counted }, result.latencyMs / 1000);
    });
  }

  /** Switches the endpoint off loudly: an event (audit log, owner notification), a metric, a log line. */
  private async disable(
    m: Queryable,
    endpoint: EndpointRow,
    reason: WebhookDisableReason,
    failingSince: Date | null,
  ): Promise<void> {
    const disabled = await this.d.endpointRows.disableEndpoint(m, endpoint.id, reason);
    if (!disabled) return;
    const data: WebhookEndpointDisabledData = {
      endpoint_id: endpoint.id,
      owner_user_id: endpoint.owner_user_id,
      scope: endpoint.scope,
      // The origin only: a token in the path or query must not reach the audit log.
      url: new URL(endpoint.url).origin,
      reason,
      failing_since: failingSince ? failingSince.toISOString() : null,
      resource_type: 'webhook_endpoint',
      resource_id: endpoint.id,
      outcome: 'failure',
      actor_role: 'system',
    };
    await this.d.outbox.enqueue(m, { type: WEBHOOK_EVENTS.endpointDisabled.type, data, actor: null });
    this.d.metrics.endpointsDisabled.inc({ reason });
    this.d.logger.warn(
      {
        event: 'webhook_endpoint_disabled',
        endpoint_id: endpoint.id,
        owner_user_id: endpoint.owner_user_id,
        reason,
      },
      'webhook endpoint disabled',
    );
  }
}

function messageOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 500);
}
