import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  OBSERVABILITY,
  allPanels,
  dashboardExpressions,
  loadDashboards,
  metricNames,
  promqlErrors,
  withoutGrafanaVariables,
} from './observability-files';

describe('Grafana dashboards (OBS-4)', () => {
  const dashboards = loadDashboards();

  it('have unique, stable uids and titles', () => {
    expect(dashboards.length).toBeGreaterThanOrEqual(3);
    const uids = dashboards.map((d) => d.dashboard.uid);
    const titles = dashboards.map((d) => d.dashboard.title);
    expect(new Set(uids).size).toBe(uids.length);
    expect(new Set(titles).size).toBe(titles.length);
    for (const { file, dashboard } of dashboards) {
      expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
      expect(file.endsWith(`${dashboard.uid}.json`)).toBe(true);
    }
  });

  it('give every panel a unique id and every query panel the datasource variable', () => {
    for (const { dashboard } of dashboards) {
      const panels = allPanels(dashboard);
      expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
      expect(dashboard.templating.list.find((v) => v.name === 'datasource')?.type).toBe('datasource');
      for (const panel of panels.filter((p) => p.type !== 'row')) {
        expect({ panel: panel.title, datasource: panel.datasource?.uid }).toEqual({
          panel: panel.title,
          datasource: '${datasource}',
        });
        expect(panel.targets?.length).toBeGreaterThan(0);
      }
    }
  });

  it('hold only PromQL that parses', () => {
    const broken = dashboards
      .flatMap(({ dashboard }) => dashboardExpressions(dashboard))
      .map(({ where, expr }) => ({ where, errors: promqlErrors(withoutGrafanaVariables(expr)) }))
      .filter((e) => e.errors.length > 0);
    expect(broken).toEqual([]);
  });

  it('show every topic OBS-4 names', () => {
    const exprs = dashboards.flatMap(({ dashboard }) => dashboardExpressions(dashboard).map((e) => e.expr));
    const used = new Set(exprs.flatMap((e) => metricNames(withoutGrafanaVariables(e))));
    const topics: Record<string, (string | RegExp)[]> = {
      'request rate, latency percentiles, errors per route': [
        'http_server_request_duration_seconds_count',
        'http_server_request_duration_seconds_bucket',
        /histogram_quantile\(0\.99, sum by \(le, route\)/,
        /status_code=~"5\.\."/,
      ],
      'rate-limit rejections': [/status_code="429"/],
      'bookings and conflicts': [/confirm_schedule.*outcome="ok"/, /confirm_schedule.*outcome=~"CF_\.\*"/],
      'reminders, notifications by channel and outcome': [
        'reminder_sent_total',
        'reminder_failed_total',
        /sum by \(channel, outcome\) \(rate\(notifications_sent_total/,
      ],
      'webhook deliveries': [
        'webhook_delivery_attempts_total',
        'webhook_oldest_pending_delivery_age_seconds',
      ],
      'payout backlog and oldest age': ['payouts_pending', 'payouts_oldest_pending_age_seconds'],
      'outbox lag and inbox dead letters': ['outbox_oldest_pending_age_seconds', 'inbox_dead_letters_total'],
      'process resources': [
        'process_cpu_seconds_total',
        'process_resident_memory_bytes',
        'nodejs_eventloop_lag_p99_seconds',
      ],
    };
    const missing = Object.entries(topics).flatMap(([topic, needs]) =>
      needs
        .filter((n) => (typeof n === 'string' ? !used.has(n) : !exprs.some((e) => n.test(e))))
        .map((n) => `${topic}: ${String(n)}`),
    );
    expect(missing).toEqual([]);
  });

  it('are provisioned from files, from the folder they live in', () => {
    const provider = parseYaml(
      readFileSync(join(OBSERVABILITY, 'grafana/provisioning/dashboards/slotline.yaml'), 'utf8'),
    ) as { apiVersion: number; providers: { type: string; options: { path: string } }[] };
    expect(provider.apiVersion).toBe(1);
    expect(provider.providers).toEqual([
      expect.objectContaining({
        type: 'file',
        options: expect.objectContaining({ path: expect.any(String) }),
      }),
    ]);
    const datasource = parseYaml(
      readFileSync(join(OBSERVABILITY, 'grafana/provisioning/datasources/prometheus.yaml'), 'utf8'),
    ) as { datasources: { type: string }[] };
    expect(datasource.datasources[0].type).toBe('prometheus');
  });
});

describe('PromQL helpers used by these checks', () => {
  it('report a syntax error and find metric names, not labels or functions', () => {
    expect(promqlErrors('sum(rate(foo_total[5m]) by (x')).not.toEqual([]);
    expect(
      promqlErrors(withoutGrafanaVariables('rate(foo_total{service=~"$service"}[$__rate_interval])')),
    ).toEqual([]);
    expect(
      metricNames(
        'histogram_quantile(0.9, sum by (le, route) (rate(a_bucket{route="x"}[5m]))) / on(job) b unless absent(c)',
      ).sort(),
    ).toEqual(['a_bucket', 'b', 'c']);
  });
});
