/**
 * jest's moduleNameMapper does not apply to globalSetup; this maps `@slotline/<lib>` to its source for
 * code that runs there (the migrations).
 */
import Module from 'node:module';
import path from 'node:path';

type Resolve = (request: string, ...rest: unknown[]) => string;
const mod = Module as unknown as { _resolveFilename: Resolve };
const original = mod._resolveFilename;
const root = path.resolve(__dirname, '..', '..');

mod._resolveFilename = function resolve(request: string, ...rest: unknown[]): string {
  const match = /^@slotline\/([a-z-]+)$/.exec(request);
  return original.call(this, match ? path.join(root, 'libs', match[1], 'src') : request, ...rest);
};
