import { BaseConfig, configVariableNames } from '@slotline/config';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './observability-files';

type ConfigClass = new () => BaseConfig;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const isTest = (file: string) => /\.(spec|int-spec|e2e-spec)\.ts$/.test(file) || file.includes('/testing/');

/** Every class extending BaseConfig exported by a `*.config.ts` file of an app or lib, by file. */
function configClasses(): { file: string; schema: ConfigClass }[] {
  const files = ['apps', 'libs', 'scripts']
    .flatMap((d) => tsFiles(join(ROOT, d)))
    .filter((f) => f.endsWith('.config.ts'));
  return files.flatMap((file) =>
    Object.values(jest.requireActual<Record<string, unknown>>(file))
      .filter(
        (v): v is ConfigClass =>
          typeof v === 'function' && (v === BaseConfig || v.prototype instanceof BaseConfig),
      )
      .map((schema) => ({ file: relative(ROOT, file), schema })),
  );
}

/** Variables code reads straight from the environment (platform scripts, benchmarks, test harness). */
function directReads(files: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const [, name] of text.matchAll(/\b(?:process\.)?env\.([A-Z][A-Z0-9_]*)\b/g)) names.add(name);
    for (const [, name] of text.matchAll(/\bprocess\.env\[['"]([A-Z][A-Z0-9_]*)['"]\]/g)) names.add(name);
  }
  return names;
}

/** Names `.env.example` documents: `NAME=` or `# NAME=` at the start of a line. */
function documented(): Set<string> {
  const text = readFileSync(join(ROOT, '.env.example'), 'utf8');
  return new Set([...text.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
}

describe('.env.example (OPS-4)', () => {
  const docs = documented();

  it('documents every variable any config class reads', () => {
    const classes = configClasses();
    // Five apps' schemas, the two base classes and the backup scripts' two at least.
    expect(classes.length).toBeGreaterThanOrEqual(9);
    const missing = classes.flatMap(({ file, schema }) =>
      configVariableNames(schema)
        .filter((name) => !docs.has(name))
        .map((name) => `${name} (${schema.name}, ${file})`),
    );
    expect(missing).toEqual([]);
  });

  it('documents every variable a script, benchmark or the test harness reads directly', () => {
    const files = ['apps', 'libs', 'scripts', 'bench', 'test'].flatMap((d) => tsFiles(join(ROOT, d)));
    const read = directReads(files.filter((f) => !isTest(f) || f.includes(`${ROOT}/test/`)));
    expect([...read].filter((name) => !docs.has(name)).sort()).toEqual([]);
  });

  it('documents nothing that no code reads any more', () => {
    const files = ['apps', 'libs', 'scripts', 'bench', 'test'].flatMap((d) => tsFiles(join(ROOT, d)));
    const read = directReads(files);
    // Any config-class setting may come from NAME_FILE (libs/config/src/secret-provider.ts).
    for (const { schema } of configClasses())
      for (const name of configVariableNames(schema)) read.add(name).add(`${name}_FILE`);
    expect([...docs].filter((name) => !read.has(name)).sort()).toEqual([]);
  });

  it('explains mounted secret files (NAME_FILE)', () => {
    expect(readFileSync(join(ROOT, '.env.example'), 'utf8')).toMatch(/_FILE=\/run\/secrets\//);
  });
});
