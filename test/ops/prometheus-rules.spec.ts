import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  OBSERVABILITY,
  ROOT,
  RULE_TESTS_DIR,
  loadRules,
  markdownAnchors,
  promqlErrors,
  ruleFiles,
  ruleTestFiles,
} from './observability-files';

const RUNBOOK = 'docs/runbooks/alerts.md';
const RUNBOOK_URL = new RegExp(
  `^https://github\\.com/[^/]+/[^/]+/blob/main/${RUNBOOK.replace(/\./g, '\\.')}#([a-z0-9-]+)$`,
);

interface RuleTestFile {
  rule_files: string[];
  tests: { name: string; alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
}

/** promtool comes from Debian's `prometheus` package; `.ci/run` installs it when missing. */
function promtool(args: string[], cwd = ROOT): string {
  try {
    return execFileSync('promtool', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT')
      throw new Error('promtool not found: apt-get install -y prometheus (see .ci/run)');
    throw new Error(`promtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

describe('Prometheus rules (OBS-4)', () => {
  const alerts = loadRules().filter((r) => r.alert);

  it('pass `promtool check rules` and the example configuration passes `promtool check config`', () => {
    expect(promtool(['check', 'rules', ...ruleFiles()])).toMatch(/SUCCESS/);
    expect(
      promtool(['check', 'config', 'prometheus.example.yml'], join(OBSERVABILITY, 'prometheus')),
    ).toMatch(/is valid prometheus config file syntax/);
  });

  it('pass their `promtool test rules` unit tests', () => {
    const out = promtool(['test', 'rules', ...ruleTestFiles()]);
    expect(out).not.toMatch(/FAILED/);
    expect(out.match(/SUCCESS/g)).toHaveLength(ruleTestFiles().length);
  }, 60_000);

  it('have, for every alert, a test where it fires and one where it stays quiet', () => {
    const cases = ruleTestFiles().flatMap((file) =>
      (parseYaml(readFileSync(file, 'utf8')) as RuleTestFile).tests.flatMap((t) => t.alert_rule_test ?? []),
    );
    const coverage = alerts.map(({ alert }) => ({
      alert,
      fires: cases.some((c) => c.alertname === alert && (c.exp_alerts?.length ?? 0) > 0),
      quiet: cases.some((c) => c.alertname === alert && (c.exp_alerts?.length ?? 0) === 0),
    }));
    expect(coverage.filter((c) => !c.fires || !c.quiet)).toEqual([]);
    expect(alerts.length).toBeGreaterThanOrEqual(10);
  });

  it('load every rule file in every unit-test file', () => {
    const expected = ruleFiles()
      .map((f) => `../rules/${basename(f)}`)
      .sort();
    for (const file of ruleTestFiles()) {
      const { rule_files } = parseYaml(readFileSync(file, 'utf8')) as RuleTestFile;
      expect({ file: basename(file), rule_files: [...rule_files].sort() }).toEqual({
        file: basename(file),
        rule_files: expected,
      });
    }
    expect(RULE_TESTS_DIR).toContain('observability');
  });

  it('give every alert a severity, a summary and a runbook_url to a section of alerts.md that exists', () => {
    const anchors = markdownAnchors(join(ROOT, RUNBOOK));
    const problems = alerts.flatMap(({ alert, labels, annotations }) => {
      const found: string[] = [];
      if (!['critical', 'warning'].includes(labels?.severity ?? '')) found.push(`${alert}: severity`);
      if (!annotations?.summary) found.push(`${alert}: summary`);
      const anchor = RUNBOOK_URL.exec(annotations?.runbook_url ?? '')?.[1];
      if (!anchor) found.push(`${alert}: runbook_url is not ${RUNBOOK}#<section>`);
      else if (!anchors.has(anchor)) found.push(`${alert}: ${RUNBOOK} has no section #${anchor}`);
      else if (anchor !== alert!.toLowerCase())
        found.push(`${alert}: runbook_url points to another alert's section`);
      return found;
    });
    expect(problems).toEqual([]);
  });

  it('are all documented, and alerts.md documents no alert that does not exist', () => {
    const sections = (readFileSync(join(ROOT, RUNBOOK), 'utf8').match(/^## (Slotline\w+)$/gm) ?? []).map(
      (h) => h.slice(3),
    );
    expect(sections.sort()).toEqual(alerts.map((a) => a.alert!).sort());
  });

  it('hold only PromQL that parses (also checked by promtool)', () => {
    expect(loadRules().filter((r) => promqlErrors(r.expr).length > 0)).toEqual([]);
  });
});
