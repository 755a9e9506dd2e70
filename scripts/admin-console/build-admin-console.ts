import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface AdminConsoleBuild {
  dir: string;
  script: string;
  styles: string;
}

function sourceDir(): string {
  // npm scripts, the image's build stage and jest all run from the repository root.
  return path.resolve(process.cwd(), 'apps/gateway/admin-console');
}

function hashed(name: string, ext: string, body: string | Uint8Array): string {
  return `${name}.${createHash('sha256').update(body).digest('hex').slice(0, 16)}.${ext}`;
}

/**
 * Bundles the admin console (ADM-1) into `outDir`: index.html plus content-hashed assets, so the
 * gateway can cache assets for a year and never serve a stale one.
 */
export async function buildAdminConsole(outDir: string): Promise<AdminConsoleBuild> {
  const src = sourceDir();
  const [js, css] = await Promise.all([
    build({
      entryPoints: [path.join(src, 'src/main.ts')],
      bundle: true,
      format: 'esm',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      write: false,
      tsconfig: path.join(src, 'tsconfig.json'),
    }),
    build({ entryPoints: [path.join(src, 'styles.css')], bundle: true, minify: true, write: false }),
  ]);
  const script = hashed('app', 'js', js.outputFiles[0].contents);
  const styles = hashed('app', 'css', css.outputFiles[0].contents);
  const html = (await readFile(path.join(src, 'index.html'), 'utf8'))
    .replace('__SCRIPT__', script)
    .replace('__STYLES__', styles);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(path.join(outDir, 'assets'), { recursive: true });
  await Promise.all([
    writeFile(path.join(outDir, 'index.html'), html),
    writeFile(path.join(outDir, 'assets', script), js.outputFiles[0].contents),
    writeFile(path.join(outDir, 'assets', styles), css.outputFiles[0].contents),
  ]);
  return { dir: outDir, script, styles };
}

if (require.main === module) {
  const out = path.resolve(__dirname, '../../admin-console');
  buildAdminConsole(out).then(
    (result) => process.stdout.write(`[admin-console] built ${result.script}, ${result.styles}\n`),
    (err) => {
      process.stderr.write(`[admin-console] build failed: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
