import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Both CLIs ship as node scripts (openapi-typescript is ESM-only), so they run as child processes. */
const REDOCLY_CLI = path.join('node_modules', '@redocly', 'cli', 'bin', 'cli.js');
const OPENAPI_TYPESCRIPT_CLI = path.join('node_modules', 'openapi-typescript', 'bin', 'cli.js');
export const REDOCLY_CONFIG = 'redocly.yaml';

// No usage telemetry or update checks from tests and scripts (and no network needed).
const QUIET_ENV = {
  ...process.env,
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  NO_COLOR: '1',
};

export interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: Array<{ pointer: string }>;
}

export interface LintReport {
  errors: number;
  warnings: number;
  problems: LintProblem[];
}

/** `redocly lint` with the repository's redocly.yaml (the `recommended` rules, tuned there). */
export async function lintOpenApiFile(file: string, cwd = process.cwd()): Promise<LintReport> {
  const args = [REDOCLY_CLI, 'lint', file, '--config', REDOCLY_CONFIG, '--format', 'json'];
  // redocly exits 1 when it finds errors; its JSON report is on stdout either way.
  const { stdout } = await run(process.execPath, args, {
    cwd,
    env: QUIET_ENV,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((err: { stdout?: string; stderr?: string; message: string }) => {
    if (err.stdout) return { stdout: err.stdout };
    throw new Error(`redocly lint failed: ${err.stderr ?? err.message}`);
  });
  const report = JSON.parse(stdout) as {
    totals: { errors: number; warnings: number };
    problems: LintProblem[];
  };
  return { errors: report.totals.errors, warnings: report.totals.warnings, problems: report.problems };
}

/** openapi-typescript: the `paths`/`components` types of the client, from a document file. */
export async function generateClientTypes(input: string, output: string, cwd = process.cwd()): Promise<void> {
  await run(process.execPath, [OPENAPI_TYPESCRIPT_CLI, input, '--output', output], { cwd, env: QUIET_ENV });
}
