import type {
  OpenAPIObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger';
import { ERROR_CODES } from '@slotline/contracts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  buildOpenApiDocument,
  findUndocumentedRoutes,
  listServedRoutes,
} from '../../apps/gateway/src/openapi';
import { CLIENT_TYPES_FILE, OPENAPI_FILE, serializeDocument } from '../../scripts/openapi/openapi-export';
import { generateClientTypes, lintOpenApiFile } from '../../scripts/openapi/openapi-tools';
import { ProblemFilter } from '../../apps/gateway/src/http/problem.filter';
import { TestPlatform } from '../support/test-platform';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

type Operation = {
  parameters?: Array<ParameterObject | ReferenceObject>;
  responses: Record<string, ResponseObject | ReferenceObject>;
  security?: unknown[];
};

function operationsOf(document: OpenAPIObject): Array<{ where: string; op: Operation }> {
  return Object.entries(document.paths).flatMap(([p, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({
      where: `${m.toUpperCase()} ${p}`,
      op: item[m] as unknown as Operation,
    })),
  );
}

/** Top-level entries (paths, components) that differ between two documents, for a short failure message. */
function differingParts(a: OpenAPIObject, b: OpenAPIObject): string[] {
  const parts: string[] = [];
  const keys = (x: object = {}, y: object = {}) => [...new Set([...Object.keys(x), ...Object.keys(y)])];
  for (const p of keys(a.paths, b.paths))
    if (JSON.stringify(a.paths[p]) !== JSON.stringify(b.paths[p])) parts.push(`paths ${p}`);
  const ca = (a.components ?? {}) as Record<string, Record<string, unknown>>;
  const cb = (b.components ?? {}) as Record<string, Record<string, unknown>>;
  for (const kind of keys(ca, cb)) {
    for (const name of keys(ca[kind], cb[kind])) {
      if (JSON.stringify(ca[kind]?.[name]) !== JSON.stringify(cb[kind]?.[name]))
        parts.push(`components.${kind}.${name}`);
    }
  }
  if (!parts.length && JSON.stringify(a) !== JSON.stringify(b)) parts.push('document (info, tags or order)');
  return parts;
}

describe('GW-7 OpenAPI document', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  let served: OpenAPIObject;
  let workDir: string;

  beforeAll(async () => {
    platform = await TestPlatform.start({ apps: ['auth-audit', 'gateway'] });
    http = request(platform.url());
    workDir = mkdtempSync(path.join(tmpdir(), 'slotline-openapi-'));
    const res = await http.get('/openapi.json').expect(200);
    served = JSON.parse(res.text);
  });

  afterAll(async () => {
    rmSync(workDir, { recursive: true, force: true });
    await platform.stop();
  });

  it('is served publicly as JSON, rate-limited like every route', async () => {
    const res = await http.get('/openapi.json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-request-id']).toBeTruthy();
    expect(res.headers['ratelimit-policy']).toMatch(/^"read";q=\d+;w=\d+$/);
    expect(served).toMatchObject({
      openapi: '3.1.0',
      info: { title: 'Slotline API' },
    });
  });

  it("lists tags in a reader's order on /docs: auth and me first, admin last", () => {
    const names = served.tags!.map((t) => t.name);
    expect(names.slice(0, 2)).toEqual(['Auth', 'Me']);
    const firstAdmin = names.findIndex((n) => n.startsWith('Admin'));
    expect(firstAdmin).toBeGreaterThan(0);
    expect(names.slice(firstAdmin).every((n) => n.startsWith('Admin: '))).toBe(true);
  });

  it('documents every route the gateway serves, each with a 2xx response schema', () => {
    const routes = listServedRoutes(platform.apps.get('gateway')!.app.get(ProblemFilter).routes);
    expect(routes.length).toBeGreaterThan(5);
    expect(findUndocumentedRoutes(served, routes)).toEqual([]);
  });

  it('documents every route faithfully (no validator, schema or route it could not translate)', () => {
    expect(buildOpenApiDocument(platform.apps.get('gateway')!.app).notes).toEqual([]);
  });

  it('gives every operation its security rule, request-id header and problem+json errors', () => {
    const missing: string[] = [];
    for (const { where, op } of operationsOf(served)) {
      const params = (op.parameters ?? []).map((p) => ('$ref' in p ? p.$ref : p.name));
      if (!Array.isArray(op.security)) missing.push(`${where}: security`);
      if (!params.includes('#/components/parameters/RequestId')) missing.push(`${where}: X-Request-ID`);
      for (const status of ['429', '500']) if (!op.responses[status]) missing.push(`${where}: ${status}`);
      for (const [status, response] of Object.entries(op.responses)) {
        const resolved =
          '$ref' in response ? served.components!.responses![response.$ref.split('/').pop()!] : response;
        if (/^4/.test(status) && !(resolved as ResponseObject).content?.['application/problem+json'])
          missing.push(`${where}: ${status} problem+json`);
      }
    }
    expect(missing).toEqual([]);
    const problem = served.components!.schemas!.Problem as SchemaObject;
    expect((problem.properties!.code as SchemaObject).enum).toEqual(ERROR_CODES);
  });

  it('passes redocly lint (recommended rules, redocly.yaml) without errors', async () => {
    const file = path.join(workDir, 'openapi.json');
    writeFileSync(file, serializeDocument(served));
    const report = await lintOpenApiFile(file);
    const errors = report.problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
    expect(report.errors).toBe(0);
  });

  it('matches the committed client (else run `npm run client:generate`)', async () => {
    const committed = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as OpenAPIObject;
    expect(differingParts(served, committed)).toEqual([]);
    const types = path.join(workDir, 'schema.d.ts');
    await generateClientTypes(OPENAPI_FILE, types);
    expect(readFileSync(types, 'utf8') === readFileSync(CLIENT_TYPES_FILE, 'utf8')).toBe(true);
  }, 90_000); // generating the client types takes long on a loaded machine

  it('serves Swagger UI at /docs that runs under the CSP: nothing inline, every asset from this origin', async () => {
    const page = await http.get('/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(page.text).not.toMatch(/<style|\sstyle=|\son[a-z]+=|javascript:/i);
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\ssrc="\/[^/]/);
      expect(body.trim()).toBe('');
    }
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.every((url) => url.startsWith('/docs/assets/'))).toBe(true);
    for (const url of assets) {
      const res = await http.get(url).expect(200);
      expect(res.headers['content-type']).toMatch(/javascript|text\/css|image\/png/);
    }
    const init = await http.get('/docs/assets/docs-init.js').expect(200);
    expect(init.text).toContain("url: '/openapi.json'");
    expect(init.text).not.toMatch(/\beval\(|new Function/);
    await http.get('/docs/assets/package.json').expect(404);
  });
});
