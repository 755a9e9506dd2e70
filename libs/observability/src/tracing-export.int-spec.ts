import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../../..');

// The OTLP exporter loads `http` through a dynamic import(), which jest's CommonJS sandbox refuses, so
// the exporting side runs in a plain node process, as in production.
const EXPORT_ONE_SPAN = `
const fs = require('node:fs');
const swc = require('@swc/core');
const config = require('./scripts/swc-config');
require.extensions['.ts'] = (module, filename) =>
  module._compile(swc.transformSync(fs.readFileSync(filename, 'utf8'), { ...config, filename }).code, filename);
const { initTracing, withSpan } = require('./libs/observability/src/tracing.ts');
(async () => {
  const handle = initTracing({ serviceName: 'export-spec', otlpEndpoint: process.argv[1] });
  await withSpan('exported-span', async () => undefined, { 'booking.id': 'b-1' });
  await handle.shutdown();
})().catch((err) => { console.error(err); process.exit(1); });
`;

describe('initTracing with an OTLP endpoint', () => {
  it('exports finished spans over OTLP/HTTP to <endpoint>/v1/traces', async () => {
    const received: Array<{ url?: string; body: string }> = [];
    const collector = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ url: req.url, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const { port } = collector.address() as AddressInfo;
    try {
      await promisify(execFile)(process.execPath, ['-e', EXPORT_ONE_SPAN, `http://127.0.0.1:${port}/`], {
        cwd: ROOT,
        timeout: 20_000,
      });

      expect(received).toHaveLength(1);
      expect(received[0].url).toBe('/v1/traces');
      expect(received[0].body).toContain('exported-span');
      expect(received[0].body).toContain('export-spec');
    } finally {
      await new Promise((resolve) => collector.close(resolve));
    }
  });
});
