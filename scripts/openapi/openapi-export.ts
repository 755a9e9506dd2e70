import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { PlatformModule } from '@slotline/bootstrap';
import { loadConfig } from '@slotline/config';
import { Metrics, createLogger } from '@slotline/observability';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gatewayApp } from '../../apps/gateway/src/gateway.app';
import { OpenApiBuild, buildOpenApiDocument } from '../../apps/gateway/src/openapi';

export const OPENAPI_FILE = 'clients/typescript/openapi.json';
export const CLIENT_TYPES_FILE = 'clients/typescript/schema.d.ts';

/**
 * Builds the gateway's document without starting it: the app is created in Nest's preview mode,
 * which scans modules and controllers but instantiates no provider (no NATS, Redis or database).
 * The settings are the defaults: nothing in the document depends on the environment.
 */
export async function exportOpenApiDocument(): Promise<OpenApiBuild> {
  const recipe = gatewayApp();
  const config = loadConfig(recipe.configSchema, { NODE_ENV: 'development' });
  const logger = createLogger({ service: 'gateway', level: 'silent' });
  const platform = PlatformModule.register({
    service: 'gateway',
    config,
    logger,
    metrics: new Metrics({ service: 'gateway' }),
  });
  const app = await NestFactory.create<NestExpressApplication>(recipe.rootModule(platform, config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/** The document as committed: two-space JSON with a final newline, so diffs stay readable. */
export function serializeDocument(document: object): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

export async function writeOpenApiDocument(file = OPENAPI_FILE): Promise<OpenApiBuild> {
  const build = await exportOpenApiDocument();
  writeFileSync(path.resolve(file), serializeDocument(build.document));
  for (const note of build.notes) process.stderr.write(`openapi: ${note}\n`);
  return build;
}

if (require.main === module) {
  writeOpenApiDocument(process.argv[2]).then(
    ({ document }) =>
      process.stdout.write(
        `wrote ${process.argv[2] ?? OPENAPI_FILE} (${Object.keys(document.paths).length} paths)\n`,
      ),
    (err) => {
      process.stderr.write(`openapi export failed: ${(err as Error).stack}\n`);
      process.exit(1);
    },
  );
}
