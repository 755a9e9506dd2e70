import { Metrics } from '@slotline/observability';
import type { Counter, Histogram } from 'prom-client';

/** The webhook metrics (GW-8); the oldest-pending gauge is read from the database on each scrape. */
export class WebhookMetrics {
  readonly deliveries: Counter<'outcome'>;
  readonly attemptSeconds: Histogram<'outcome'>;
  readonly endpointsDisabled: Counter<'reason'>;

  constructor(metrics: Metrics, oldestPendingAgeSeconds: () => Promise<number>) {
    this.deliveries = metrics.counter(
      'webhook_delivery_attempts_total',
      'Webhook delivery attempts by outcome (delivered, retrying, failed, gone)',
      ['outcome'],
    );
    this.attemptSeconds = metrics.histogram(
      'webhook_attempt_duration_seconds',
      'Latency of webhook delivery attempts',
      ['outcome'],
    );
    this.endpointsDisabled = metrics.counter(
      'webhook_endpoints_disabled_total',
      'Webhook endpoints disabled by the delivery worker',
      ['reason'],
    );
    metrics.gauge(
      'webhook_oldest_pending_delivery_age_seconds',
      'Age of the oldest webhook delivery still pending (enabled endpoints)',
      [],
      async (gauge) => gauge.set(await oldestPendingAgeSeconds().catch(() => 0)),
    );
  }
}
