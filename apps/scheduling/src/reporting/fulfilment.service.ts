import { CallMeta, FulfilmentView } from '@slotline/contracts';
import { Metrics } from '@slotline/observability';
import { requireAdmin } from '../common/call-context';
import { AssignmentsRepository, FulfilmentCounts } from '../assignments/assignments.repository';

const CACHE_MS = 1000;

/**
 * SCH-11 counts for scheduling (payout_pending belongs to payouts): an admin query and three gauges
 * refreshed on scrape. One query serves the three gauges of a scrape.
 */
export class FulfilmentService {
  private cached?: { at: number; counts: Promise<FulfilmentCounts> };

  constructor(private readonly assignments: AssignmentsRepository) {}

  async get(meta: CallMeta): Promise<FulfilmentView> {
    requireAdmin(meta);
    const counts = await this.assignments.countFulfilment();
    return { ...counts, as_of: new Date().toISOString() };
  }

  registerGauges(metrics: Metrics): void {
    const gauges: Array<[keyof FulfilmentCounts, string]> = [
      ['awaiting_schedule', 'Assignments accepted but not yet scheduled'],
      ['scheduled', 'Assignments with a confirmed visit not yet completed'],
      ['reminder_overdue', 'Assignments left awaiting a schedule past the SLA'],
    ];
    for (const [key, help] of gauges) {
      metrics.gauge(`fulfilment_${key}`, help, [], async (gauge) => {
        // A failed count keeps the last value rather than failing the whole scrape.
        const counts = await this.countsForScrape().catch(() => undefined);
        if (counts) gauge.set(counts[key]);
      });
    }
  }

  private countsForScrape(): Promise<FulfilmentCounts> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > CACHE_MS) {
      const counts = this.assignments.countFulfilment();
      this.cached = { at: now, counts };
      counts.catch(() => (this.cached = undefined));
    }
    return this.cached.counts;
  }
}
