// Lets a child process run TypeScript test code as jest does: `node -r test/support/swc-register.js x.ts`.
// Compiles .ts with swc (the jest config) and maps `@slotline/<lib>` to its source.
require('reflect-metadata');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');
const swcConfig = require('../../scripts/swc-config');

const root = path.resolve(__dirname, '..', '..');
const original = Module._resolveFilename;
Module._resolveFilename = function resolve(request, ...rest) {
  const match = /^@slotline\/([a-z-]+)$/.exec(request);
  return original.call(this, match ? path.join(root, 'libs', match[1], 'src') : request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...swcConfig, filename, sourceMaps: false });
  module._compile(code, filename);
};
