import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CATALOG, ERROR_CODES } from './error-codes';

describe('error taxonomy', () => {
  const doc = readFileSync(path.join(__dirname, '../../../../docs/api/errors.md'), 'utf8');
  const documented = new Map(
    [...doc.matchAll(/^\| `([A-Z0-9_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])] as const),
  );

  it('documents every code with its HTTP status in docs/api/errors.md', () => {
    const mismatches = ERROR_CODES.filter((code) => documented.get(code) !== ERROR_CATALOG[code].status);
    expect(mismatches).toEqual([]);
  });

  it('documents no code that does not exist', () => {
    expect([...documented.keys()].filter((code) => !(code in ERROR_CATALOG))).toEqual([]);
  });

  it('keeps every code in a known family, UPPER_SNAKE_CASE', () => {
    const bad = ERROR_CODES.filter((c) => !/^(AUTH|VAL|NF|CF|BR|RATE|SYS)_[A-Z0-9_]+$/.test(c));
    expect(bad).toEqual([]);
  });
});
