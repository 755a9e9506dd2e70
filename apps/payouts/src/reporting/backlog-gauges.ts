import { Metrics } from '@slotline/observability';
import { PayoutsRepository } from '../payouts/payouts.repository';

/** Metric names the alert rule and dashboards use (PAY-4, SCH-11 `payout_pending`). */
export const BACKLOG_METRICS = {
  pending: 'payouts_pending',
  oldestPendingAge: 'payouts_oldest_pending_age_seconds',
} as const;

const CACHE_MS = 1000;

/** Two gauges refreshed on scrape from one query; a failed count keeps the last values. */
export function registerBacklogGauges(metrics: Metrics, payouts: PayoutsRepository): void {
  let cached: { at: number; backlog: ReturnType<PayoutsRepository['pendingBacklog']> } | undefined;
  const backlog = () => {
    if (!cached || Date.now() - cached.at > CACHE_MS) {
      const fresh = payouts.pendingBacklog();
      cached = { at: Date.now(), backlog: fresh };
      fresh.catch(() => (cached = undefined));
    }
    return cached.backlog.catch(() => undefined);
  };
  metrics.gauge(BACKLOG_METRICS.pending, 'Payouts waiting for an admin decision', [], async (gauge) => {
    const b = await backlog();
    if (b) gauge.set(b.count);
  });
  metrics.gauge(
    BACKLOG_METRICS.oldestPendingAge,
    'Seconds the oldest pending payout has waited (0 when none)',
    [],
    async (gauge) => {
      const b = await backlog();
      if (b) gauge.set(b.oldest ? Math.max(0, (Date.now() - b.oldest.getTime()) / 1000) : 0);
    },
  );
}
