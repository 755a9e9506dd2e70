import request from 'supertest';
import { join } from 'node:path';
import { AppName, TestPlatform } from '../support/test-platform';
import {
  OBSERVABILITY,
  dashboardExpressions,
  loadDashboards,
  loadRules,
  metricNames,
  readJson,
  withoutGrafanaVariables,
} from './observability-files';

const APPS: AppName[] = ['gateway', 'auth-audit', 'scheduling', 'notifications', 'payouts'];

/** The sample names a metric family of this type exposes (a histogram `x` serves x_bucket, x_sum, x_count). */
function sampleNames(name: string, type: string): string[] {
  if (type === 'histogram') return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
  if (type === 'summary') return [name, `${name}_sum`, `${name}_count`];
  return [name];
}

/** Every metric an app registers, read from its `# TYPE` lines (present even before a first sample). */
function servedNames(exposition: string): string[] {
  return [...exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) =>
    sampleNames(name, type),
  );
}

describe('dashboards and alerts name only metrics the apps serve (OBS-4)', () => {
  let platform: TestPlatform;
  const served = new Set<string>();
  const pending = readJson<{ metrics: Record<string, { issue: number; type: string }> }>(
    join(OBSERVABILITY, 'pending-metrics.json'),
  ).metrics;
  const external = readJson<{ metrics: Record<string, string> }>(
    join(OBSERVABILITY, 'external-metrics.json'),
  ).metrics;
  const rules = loadRules();
  const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));
  const pendingSamples = new Set(
    Object.entries(pending).flatMap(([name, { type }]) => sampleNames(name, type)),
  );
  const used = new Map<string, string[]>();
  for (const { dashboard } of loadDashboards())
    for (const { where, expr } of dashboardExpressions(dashboard))
      for (const name of metricNames(withoutGrafanaVariables(expr)))
        used.set(name, [...(used.get(name) ?? []), where]);
  for (const rule of rules)
    for (const name of metricNames(rule.expr))
      used.set(name, [...(used.get(name) ?? []), `rule ${rule.alert ?? rule.record}`]);

  beforeAll(async () => {
    platform = await TestPlatform.start();
    for (const app of APPS) {
      const res = await request(platform.url(app)).get('/metrics').expect(200);
      for (const name of servedNames(res.text)) served.add(name);
    }
  }, 120_000);

  afterAll(() => platform.stop());

  it('finds every metric named in a dashboard or a rule on some app /metrics (or a recording rule)', () => {
    expect(served.has('http_server_request_duration_seconds_bucket')).toBe(true);
    const unknown = [...used.entries()]
      .filter(
        ([name]) =>
          !served.has(name) && !recorded.has(name) && !pendingSamples.has(name) && !(name in external),
      )
      .map(([name, where]) => `${name} (${where.join('; ')})`);
    expect(unknown).toEqual([]);
  });

  it('keeps pending-metrics.json to metrics no app serves yet, each still used, each with its sample names', () => {
    const servedNow = Object.keys(pending).filter((name) =>
      sampleNames(name, pending[name].type).some((s) => served.has(s)),
    );
    // When this fails, the feature has landed: delete the name from observability/pending-metrics.json.
    expect(servedNow).toEqual([]);
    const usedNames = [...used.keys()];
    const unused = Object.keys(pending).filter(
      (name) => !sampleNames(name, pending[name].type).some((s) => usedNames.includes(s)),
    );
    expect(unused).toEqual([]);
  });

  it('lists in docs/observability/metrics.md every metric the apps serve', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(join(OBSERVABILITY, '..', 'docs/observability/metrics.md'), 'utf8');
    const families = new Set<string>();
    for (const app of APPS) {
      const text = (await request(platform.url(app)).get('/metrics')).text;
      for (const [, name] of text.matchAll(/^# TYPE (\S+) \S+$/gm))
        if (!/^(process|nodejs)_/.test(name)) families.add(name);
    }
    const undocumented = [...families].filter((name) => !doc.includes(`\`${name}\``));
    expect(undocumented).toEqual([]);
    for (const name of Object.keys(pending)) expect(doc).toContain(`\`${name}\``);
  });
});
