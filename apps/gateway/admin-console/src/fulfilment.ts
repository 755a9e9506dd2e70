import { barChart } from './chart';
import { clear, formatInstant, h } from './dom';
import { guard } from './guard';
import type { Session } from './session';

const CARDS = [
  ['awaiting_schedule', 'Awaiting a schedule'],
  ['scheduled', 'Scheduled'],
  ['reminder_overdue', 'Reminder overdue'],
  ['payout_pending', 'Payouts pending'],
] as const;

/** Fulfilment figures (SCH-11) as cards, and reminders sent per day over the last two weeks. */
export function renderFulfilment(main: HTMLElement, session: Session): void {
  clear(main);
  const cards = h('div', { class: 'cards' });
  const asOf = h('p', { class: 'muted' });
  const chart = h(
    'figure',
    { class: 'chart-box' },
    h('figcaption', {}, 'Reminders sent per day, last 14 days'),
  );
  main.append(h('h1', {}, 'Fulfilment'), cards, asOf, h('h2', {}, 'Reminders sent'), chart);

  void guard(async () => {
    const figures = await session.call((headers) => session.api.GET('/v1/admin/fulfilment', { headers }));
    const values = figures as unknown as Record<string, number | string | undefined>;
    for (const [key, label] of CARDS) {
      cards.append(
        h(
          'section',
          { class: 'card metric', 'aria-label': label, 'data-metric': key },
          h('p', { class: 'metric-value' }, String(values[key] ?? '—')),
          h('p', { class: 'metric-label' }, label),
        ),
      );
    }
    asOf.textContent = `As of ${formatInstant(figures.as_of)}`;
  });

  void guard(async () => {
    const to = new Date();
    const from = new Date(to.getTime() - 14 * 24 * 3600 * 1000);
    const series = await session.call((headers) =>
      session.api.GET('/v1/admin/reminders/over-time', {
        headers,
        params: { query: { from: from.toISOString(), to: to.toISOString(), bucket: 'day' } },
      }),
    );
    const bars = series.buckets.map((b) => ({ label: b.start.slice(5, 10), value: b.total }));
    chart.append(barChart(bars, 'Reminders sent per day'));
  });
}
