import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './manifests';

const read = (file: string) => fs.readFileSync(path.join(ROOT, file));

/**
 * Production dependencies only (`npm ci --omit=dev`), as the image's last stage has them, installed once
 * per package-lock.json (and Node major) and reused by later runs: `<tmp>/slotline-image-deps/<hash>`.
 */
export function productionDependencies(log: (msg: string) => void): string {
  const hash = createHash('sha256')
    .update(read('package.json'))
    .update(read('package-lock.json'))
    .update(process.versions.node.split('.')[0])
    .digest('hex')
    .slice(0, 16);
  const cacheRoot = path.join(os.tmpdir(), 'slotline-image-deps');
  const dir = path.join(cacheRoot, hash);
  if (fs.existsSync(path.join(dir, '.complete'))) return dir;
  fs.mkdirSync(cacheRoot, { recursive: true });
  const staging = fs.mkdtempSync(path.join(cacheRoot, `${hash}.staging-`));
  for (const file of ['package.json', 'package-lock.json'])
    fs.copyFileSync(path.join(ROOT, file), path.join(staging, file));
  log(`npm ci --omit=dev into ${dir} (cached for later runs)`);
  execSync('npm ci --omit=dev --no-audit --no-fund --loglevel=error', {
    cwd: staging,
    stdio: 'ignore',
    timeout: 540_000,
  });
  fs.writeFileSync(path.join(staging, '.complete'), new Date().toISOString());
  try {
    fs.renameSync(staging, dir);
  } catch {
    // Another run finished the same install first: use that one.
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

/**
 * The image's final stage as a folder: package.json, production node_modules (a link to the cached
 * install) and dist compiled by the build script's own command into the folder. Nothing above it holds
 * a node_modules, so a module the apps need at run time that is only a dev dependency fails to load.
 */
export function buildImageTree(deps: string): string {
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'slotline-image-'));
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(tree, 'package.json'));
  fs.symlinkSync(path.join(deps, 'node_modules'), path.join(tree, 'node_modules'), 'dir');
  const build = JSON.parse(read('package.json').toString()).scripts.build as string;
  // Every step of the build writes into the tree's dist instead of the checkout's.
  const compile = build
    .replace(/^rm -rf dist && /, '')
    .replace(/ -d dist /, ` -d ${tree}/dist `)
    .replace(/(^| )dist\//g, `$1${tree}/dist/`);
  if (compile === build || !compile.includes(tree)) throw new Error(`unexpected build script: ${build}`);
  execSync(compile, {
    cwd: ROOT,
    stdio: 'ignore',
    // Build tools (esbuild) are dev dependencies: the build stage has them, the final tree does not.
    env: {
      ...process.env,
      PATH: `${path.join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}`,
      NODE_PATH: path.join(ROOT, 'node_modules'),
    },
  });
  return tree;
}

/** Every file path under `dir`, node_modules left out. */
export function listFiles(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules') return [];
    const full = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(full, base) : [path.relative(base, full)];
  });
}
