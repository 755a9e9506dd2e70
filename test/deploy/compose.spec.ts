import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { APP_NAMES } from '../../scripts/platform/processes';
import { settingsOf } from './support/app-settings';
import { Json, ROOT } from './support/manifests';

const COMPOSE = path.join(ROOT, 'docker-compose.yml');
const DEVCONTAINER = path.join(ROOT, '.devcontainer');

const hasCompose = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;
if (!hasCompose) {
  console.warn(
    'docker-compose is not installed: docker-compose.yml was NOT validated by it (.ci/run installs it)',
  );
}

function composeConfig(files: string[]) {
  return spawnSync('docker-compose', [...files.flatMap((f) => ['-f', f]), 'config', '-q'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
}

describe('docker-compose.yml', () => {
  const compose = parse(fs.readFileSync(COMPOSE, 'utf8'), { merge: true }) as {
    services: Record<string, Json>;
  };

  (hasCompose ? it : it.skip)(
    'is valid for docker-compose, alone and with the devcontainer layered on',
    () => {
      for (const files of [[COMPOSE], [COMPOSE, path.join(DEVCONTAINER, 'docker-compose.yml')]]) {
        const result = composeConfig(files);
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
      }
    },
    60_000,
  );

  (hasCompose ? it : it.skip)(
    'is rejected by docker-compose when broken (the check can fail)',
    () => {
      const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'compose-')), 'broken.yml');
      fs.writeFileSync(
        broken,
        'services:\n  app:\n    image: x\n    depends_on:\n      nowhere:\n        condition: service_healthy\n',
      );
      expect(composeConfig([broken]).status).not.toBe(0);
      fs.rmSync(path.dirname(broken), { recursive: true, force: true });
    },
    60_000,
  );

  it('runs the engines, a mail catcher, the migration step and the five apps from one image', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['postgres', 'nats', 'redis', 'mail', 'migrate', ...APP_NAMES].sort(),
    );
    expect(compose.services.nats.command).toContain('--jetstream');
    expect(compose.services.migrate.command).toEqual(['migrate']);
    for (const app of APP_NAMES) {
      const service = compose.services[app];
      expect(service.command).toEqual([app]);
      expect(service.image).toBe(compose.services.migrate.image);
      expect(service.depends_on.migrate.condition).toBe('service_completed_successfully');
      expect(service.read_only).toBe(true);
    }
  });

  it('sets only settings each app reads', () => {
    for (const app of APP_NAMES) {
      const known = settingsOf(app);
      expect(Object.keys(compose.services[app].environment).filter((k) => !known.has(k))).toEqual([]);
    }
  });

  it('has a devcontainer that uses it', () => {
    const devcontainer = JSON.parse(
      fs.readFileSync(path.join(DEVCONTAINER, 'devcontainer.json'), 'utf8').replace(/^\s*\/\/.*$/gm, ''),
    );
    expect(devcontainer.dockerComposeFile).toEqual(['../docker-compose.yml', 'docker-compose.yml']);
    for (const service of devcontainer.runServices.filter((s: string) => s !== devcontainer.service)) {
      expect(compose.services[service]).toBeDefined();
    }
  });
});
