import fs from 'node:fs';
import path from 'node:path';
import { APP_NAMES, APP_NODE_FLAGS } from '../../scripts/platform/processes';
import { finalStageCopies, readDockerfile } from './support/dockerfile';
import { ROOT } from './support/manifests';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const dockerignore = fs
  .readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

/** The Dockerfile, read as a reviewer would (OPS-3): no image build is possible on this machine. */
describe('Dockerfile', () => {
  const { dockerfile, stages } = readDockerfile();
  const [build, runtime] = [stages[0], stages[stages.length - 1]];
  const run = (stage: typeof build) =>
    stage.instructions.filter((i) => i.getKeyword() === 'RUN').map((i) => i.getArgumentsContent() ?? '');

  it('builds from a pinned Node LTS image, the major that package.json declares', () => {
    const engineMajor = /(\d+)/.exec(pkg.engines.node)![1];
    for (const stage of stages) {
      expect(stage.image).toMatch(/^node:\d+\.\d+\.\d+-[a-z]+(-slim)?(@sha256:[0-9a-f]{64})?$/);
      expect(stage.image).toMatch(new RegExp(`^node:${engineMajor}\\.`));
      expect(Number(engineMajor) % 2).toBe(0); // even majors are the LTS lines
    }
  });

  it('installs every dependency and builds in one stage, then keeps only production dependencies', () => {
    const commands = run(build).join(' && ');
    expect(commands.indexOf('npm ci')).toBeGreaterThanOrEqual(0);
    expect(commands.indexOf('npm run build')).toBeGreaterThan(commands.indexOf('npm ci'));
    expect(commands.indexOf('npm prune --omit=dev')).toBeGreaterThan(commands.indexOf('npm run build'));
    expect(finalStageCopies(stages)).toEqual([
      { from: build.name, source: '/app/package.json', target: './package.json' },
      { from: build.name, source: '/app/node_modules', target: './node_modules' },
      { from: build.name, source: '/app/dist', target: './dist' },
    ]);
  });

  it('gives the build stage a compiler before npm ci, for argon2 to build the binding its prebuilt one cannot be', () => {
    const commands = run(build).join(' && ');
    const install = /apt-get install[^&]*/.exec(commands)?.[0] ?? '';
    for (const tool of ['python3', 'make', 'g++']) expect(install.split(/\s+/)).toContain(tool);
    expect(commands.indexOf('apt-get install')).toBeLessThan(commands.indexOf('npm ci'));
  });

  it('copies every folder the build script compiles, and nothing it needs is in .dockerignore', () => {
    const compiled = /swc\s+((?:[a-z]+\s+)+)-d/.exec(pkg.scripts.build)![1].trim().split(/\s+/);
    const copied = build.instructions
      .filter((i) => i.getKeyword() === 'COPY')
      .flatMap((i) => i.getArgumentsContent()!.split(/\s+/).slice(0, -1));
    for (const dir of compiled) expect(copied).toContain(dir);
    for (const source of copied) {
      expect(fs.existsSync(path.join(ROOT, source))).toBe(true);
      expect(dockerignore).not.toContain(source);
    }
    for (const excluded of ['**/node_modules', 'dist', '.git', '.env'])
      expect(dockerignore).toContain(excluded);
  });

  it('runs as an unprivileged user under tini, an app chosen by its argument, with the V8 flags npm start gives it', () => {
    const user = runtime.instructions.filter((i) => i.getKeyword() === 'USER').pop();
    expect(user?.getArgumentsContent()).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
    const entrypoint = JSON.parse(
      runtime.instructions.find((i) => i.getKeyword() === 'ENTRYPOINT')!.getArgumentsContent()!,
    );
    expect(entrypoint).toEqual([
      '/usr/bin/tini',
      '--',
      'node',
      ...APP_NODE_FLAGS,
      'dist/scripts/platform/run.js',
    ]);
    const cmd = JSON.parse(
      runtime.instructions.find((i) => i.getKeyword() === 'CMD')!.getArgumentsContent()!,
    );
    expect(APP_NAMES).toContain(cmd[0]);
    expect(run(runtime).join(' ')).toMatch(/apt-get install .*\btini\b/);
    const env = runtime.instructions
      .filter((i) => i.getKeyword() === 'ENV')
      .map((i) => i.getArgumentsContent())
      .join(' ');
    expect(env).toMatch(/NODE_ENV=production/);
    expect(env).toMatch(/HTTP_HOST=0\.0\.0\.0/);
  });

  it('fetches nothing with ADD and has a health check', () => {
    const adds = dockerfile.getInstructions().filter((i) => i.getKeyword() === 'ADD');
    expect(adds.filter((a) => /https?:\/\//.test(a.getArgumentsContent() ?? ''))).toEqual([]);
    expect(adds).toEqual([]);
    expect(runtime.instructions.some((i) => i.getKeyword() === 'HEALTHCHECK')).toBe(true);
  });

  it('uses the same Node release as the devcontainer', () => {
    const devcontainer = fs.readFileSync(path.join(ROOT, '.devcontainer', 'docker-compose.yml'), 'utf8');
    const version = /node:(\d+\.\d+\.\d+)/.exec(build.image)![1];
    expect(devcontainer).toContain(`node:${version}-`);
  });
});
