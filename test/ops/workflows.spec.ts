import { validateWorkflow } from '@action-validator/core';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT } from './observability-files';

const WORKFLOWS = join(ROOT, '.github', 'workflows');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'timeout-minutes'?: number;
  services?: Record<string, { image: string }>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
const text = (file: string) => readFileSync(join(WORKFLOWS, file), 'utf8');
const workflow = (file: string) => parseYaml(text(file)) as Workflow;
const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps);

describe('GitHub Actions workflows (OPS-7)', () => {
  it.each(files)('%s validates against the GitHub workflow schema', (file) => {
    expect(validateWorkflow(text(file)).errors).toEqual([]);
  });

  it('the schema check rejects a broken workflow, so the check above can fail', () => {
    const broken = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    stepz:\n      - run: echo\n';
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  it.each(files)('%s sets least permissions, a timeout per job and pinned action versions', (file) => {
    const wf = workflow(file);
    expect(wf.permissions).toBeDefined();
    for (const [name, job] of Object.entries(wf.jobs))
      expect({ name, timeout: job['timeout-minutes'] }).toEqual({ name, timeout: expect.any(Number) });
    const unpinned = steps(wf)
      .flatMap((s) => (s.uses ? [s.uses] : []))
      .filter((uses) => !/@(v\d+(\.\d+)*|\d+\.\d+\.\d+|[0-9a-f]{40})$/.test(uses));
    expect(unpinned).toEqual([]);
  });

  it('ci runs lint, typecheck, secret scans, tests on real services with a coverage gate, OpenAPI lint, Kubernetes checks and the image', () => {
    const ci = workflow('ci.yml');
    const runs = (job: string) => ci.jobs[job].steps.map((s) => s.run ?? '').join('\n');
    const uses = (job: string) => ci.jobs[job].steps.map((s) => s.uses ?? '');
    expect(runs('lint')).toEqual(expect.stringContaining('npm run typecheck'));
    for (const cmd of ['npm run lint', 'npm run lint:deps', 'npm run lint:secrets'])
      expect(runs('lint')).toContain(cmd);
    expect(Object.keys(ci.jobs.test.services ?? {}).sort()).toEqual(['postgres', 'redis']);
    expect(runs('test')).toMatch(/nats:2\.\d+ -js/);
    expect(runs('test')).toMatch(/npx jest --coverage/);
    expect(uses('test')).toContain('actions/upload-artifact@v4');
    expect(uses('secrets')).toContain('gitleaks/gitleaks-action@v2');
    expect(runs('openapi')).toContain('npm run openapi:lint');
    expect(runs('kubernetes')).toContain('kubectl kustomize');
    expect(uses('image')).toEqual(
      expect.arrayContaining(['docker/setup-buildx-action@v3', 'docker/build-push-action@v6']),
    );
    expect(uses('image').some((u) => u.startsWith('aquasecurity/trivy-action@'))).toBe(true);
    expect(JSON.stringify(ci.jobs.image)).toContain('cache-from');
  });

  it('the coverage gate has thresholds', () => {
    const config = jest.requireActual<{ coverageThreshold?: { global: Record<string, number> } }>(
      join(ROOT, 'jest.config.js'),
    );
    expect(Object.keys(config.coverageThreshold?.global ?? {}).sort()).toEqual([
      'branches',
      'functions',
      'lines',
      'statements',
    ]);
  });

  it('release writes the changelog with release-please; pull requests lint their commit messages', () => {
    expect(steps(workflow('release.yml')).map((s) => s.uses)).toContain(
      'googleapis/release-please-action@v4',
    );
    const commitlint = workflow('commitlint.yml');
    expect(Object.keys(commitlint.on)).toEqual(['pull_request']);
    expect(
      steps(commitlint)
        .map((s) => s.run ?? '')
        .join('\n'),
    ).toContain('commitlint --from');
    const config = JSON.parse(readFileSync(join(ROOT, 'release-please-config.json'), 'utf8'));
    expect(config.packages['.']['changelog-path']).toBe('CHANGELOG.md');
  });

  it.each([
    ['feat(payouts): approve a payout in two steps', 0],
    ['fix: keep the outbox order', 0],
    ['Added some stuff', 1],
    ['feature: not a conventional type', 1],
  ])('commitlint judges %j with exit code %i', (message, status) => {
    const result = spawnSync(join(ROOT, 'node_modules', '.bin', 'commitlint'), [], {
      cwd: ROOT,
      input: message,
      encoding: 'utf8',
    });
    expect({ message, status: result.status }).toEqual({ message, status });
  });
});
