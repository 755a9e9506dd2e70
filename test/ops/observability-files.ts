import { parser } from '@prometheus-io/lezer-promql';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

export const ROOT = join(__dirname, '..', '..');
export const OBSERVABILITY = join(ROOT, 'observability');
export const DASHBOARDS_DIR = join(OBSERVABILITY, 'grafana', 'dashboards');
export const RULES_DIR = join(OBSERVABILITY, 'prometheus', 'rules');
export const RULE_TESTS_DIR = join(OBSERVABILITY, 'prometheus', 'tests');

export interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  targets?: { refId: string; expr: string }[];
  panels?: Panel[];
}

export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query?: unknown }[] };
}

export interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const files = (dir: string, suffix: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => join(dir, f));

export const dashboardFiles = () => files(DASHBOARDS_DIR, '.json');
export const ruleFiles = () => files(RULES_DIR, '.rules.yml');
export const ruleTestFiles = () => files(RULE_TESTS_DIR, '.test.yml');

export function loadDashboards(): { file: string; dashboard: Dashboard }[] {
  return dashboardFiles().map((file) => ({
    file,
    dashboard: JSON.parse(readFileSync(file, 'utf8')) as Dashboard,
  }));
}

export function loadRules(): Rule[] {
  return ruleFiles().flatMap((file) =>
    (parseYaml(readFileSync(file, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules),
  );
}

/** Every panel, rows' nested panels included. */
export function allPanels(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

/** Every PromQL expression of a dashboard's panels and query variables, labelled for messages. */
export function dashboardExpressions(dashboard: Dashboard): { where: string; expr: string }[] {
  const panels = allPanels(dashboard).flatMap((p) =>
    (p.targets ?? []).map((t) => ({ where: `${dashboard.uid} / ${p.title} / ${t.refId}`, expr: t.expr })),
  );
  const variables = dashboard.templating.list
    .filter((v) => v.type === 'query')
    .map((v) => {
      const query = v.query as { query?: string } | string;
      const text = typeof query === 'string' ? query : (query.query ?? '');
      // label_values(metric, label) is Grafana's, not PromQL: check the metric part.
      const inner = /^label_values\((.*),\s*\w+\)$/.exec(text.trim());
      return { where: `${dashboard.uid} / variable ${v.name}`, expr: inner ? inner[1] : text };
    });
  return [...panels, ...variables];
}

/**
 * Grafana's variables are not PromQL: replaced by values of the right shape before parsing
 * (`$__rate_interval` is a duration, `$service` sits inside a label matcher's string).
 */
export function withoutGrafanaVariables(expr: string): string {
  return expr
    .replace(/\$__(rate_interval|interval|range)\b/g, '5m')
    .replace(/\$\{(\w+)(:\w+)?\}|\$(\w+)/g, 'value');
}

/** Syntax errors lezer-promql found, as `offset: text`; empty when the expression parses. */
export function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError)
        errors.push(`${node.from}: ${JSON.stringify(expr.slice(node.from, node.to + 10))}`);
    },
  });
  return errors;
}

/** The metric names an expression selects (vector and range selectors), not labels or functions. */
export function metricNames(expr: string): string[] {
  const names = new Set<string>();
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.name === 'Identifier' && node.node.parent?.type.name === 'VectorSelector')
        names.add(expr.slice(node.from, node.to));
    },
  });
  return [...names];
}

/** GitHub's anchor for a Markdown heading. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

export function markdownAnchors(path: string): Set<string> {
  const headings = readFileSync(path, 'utf8').match(/^#{1,6} .+$/gm) ?? [];
  return new Set(headings.map((h) => headingAnchor(h.replace(/^#+ /, ''))));
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
