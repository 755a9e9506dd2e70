import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './observability-files';

/** Runs the repository's secret scan (`npm run lint:secrets`: secretlint, its config) on `files`. */
function scan(files: string[]) {
  const bin = join(ROOT, 'node_modules', '.bin', 'secretlint');
  return spawnSync(bin, ['--secretlintrc', join(ROOT, '.secretlintrc.json'), '--maskSecrets', ...files], {
    cwd: ROOT,
    encoding: 'utf8',
  });
}

describe('secret scan (OPS-4)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'slotline-secretlint-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // The secrets are made at run time, so the repository never holds one.
  it.each([
    [
      'a private key',
      () =>
        generateKeyPairSync('rsa', { modulusLength: 1024 })
          .privateKey.export({ format: 'pem', type: 'pkcs1' })
          .toString(),
    ],
    [
      'a database URL with a password',
      () =>
        `DATABASE_URL=postgres://slotline_auth:${randomBytes(12).toString('hex')}@db.internal:5432/slotline\n`,
    ],
    ['a GitHub token', () => `const token = 'ghp_${randomBytes(18).toString('hex').slice(0, 36)}';\n`],
  ])('fails on %s and does not print it', (_what, content) => {
    const file = join(dir, `leak-${randomBytes(4).toString('hex')}.txt`);
    const secret = content();
    writeFileSync(file, secret);
    const result = scan([file]);
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/error/);
    expect(result.stdout + result.stderr).not.toContain(secret.trim().split('\n')[1] ?? secret.trim());
  });

  it('passes a clean file', () => {
    const file = join(dir, 'clean.ts');
    writeFileSync(file, "export const DATABASE_URL_FILE = '/run/secrets/database-url';\n");
    expect(scan([file]).status).toBe(0);
  });
});
