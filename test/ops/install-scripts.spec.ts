import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './observability-files';

interface Pending {
  name: string;
  changes: { key: string; change: string }[];
}

/**
 * npm 11 skips a dependency's install scripts that `allowScripts` in package.json denies, and runs the
 * ones nobody has decided on with a warning on every install (an error once `strict-allow-scripts` is
 * on). Every decision is recorded, so a new dependency that wants to run code at install time fails
 * here until someone has looked at it (docs/development.md, "Install scripts").
 */
describe('dependency install scripts', () => {
  it('has a recorded decision for every installed package with an install script', async () => {
    const { stdout } = await promisify(execFile)('npm', ['install-scripts', 'ls', '--json'], { cwd: ROOT });
    const pending = (JSON.parse(stdout) as { allowScripts: Pending[] }).allowScripts;
    expect(pending.map((p) => p.changes.map((c) => `${c.key}: ${c.change}`)).flat()).toEqual([]);
  });

  it('allows only argon2 to build its binding here; the others are not needed, and the telemetry one must not run', () => {
    const decisions = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).allowScripts as Record<
      string,
      boolean
    >;
    expect(Object.keys(decisions).filter((name) => decisions[name] !== false)).toEqual(['argon2']);
    expect(decisions['@scarf/scarf']).toBe(false);
  });

  it("keeps the telemetry script quiet for an npm that ignores allowScripts too (the image's npm 10)", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scarfSettings).toEqual({ enabled: false });
  });
});
