import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const SKIP = new Set(['node_modules', 'dist', 'coverage', '.git', '.local', '.tmp']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return markdownFiles(full);
    return name.endsWith('.md') ? [full] : [];
  });
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchorsOf(file: string): Set<string> {
  const headings = readFileSync(file, 'utf8').match(/^#{1,6} .+$/gm) ?? [];
  return new Set(
    headings.map((h) =>
      h
        .replace(/^#+ /, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );
}

const LINK = /\[[^\]]*\]\(([^)\s]+)\)/g;
const OUTSIDE = [/shared\/(SPEC|STYLE)\.md/, /\/work\//, /\bSPEC §/, /\bSTYLE\.md\b/];

describe('the documentation stands alone', () => {
  const files = markdownFiles(ROOT);

  it('finds the docs', () => {
    expect(files.map((f) => path.relative(ROOT, f))).toEqual(
      expect.arrayContaining(['README.md', 'docs/product.md', 'docs/runbooks/onboarding.md']),
    );
  });

  it('links only to files (and headings) inside the repository', () => {
    const broken: string[] = [];
    for (const file of files) {
      for (const [, target] of readFileSync(file, 'utf8').matchAll(LINK)) {
        if (/^(https?:|mailto:)/.test(target)) continue;
        const [filePart, anchor] = target.split('#');
        const resolved = filePart ? path.resolve(path.dirname(file), filePart) : file;
        const where = `${path.relative(ROOT, file)} → ${target}`;
        if (!resolved.startsWith(ROOT + path.sep) && resolved !== ROOT) broken.push(`${where} (outside)`);
        else if (!existsSync(resolved)) broken.push(`${where} (missing)`);
        else if (anchor && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor))
          broken.push(`${where} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('names no document that lives outside the repository', () => {
    const found = files.flatMap((file) =>
      OUTSIDE.filter((pattern) => pattern.test(readFileSync(file, 'utf8'))).map(
        (pattern) => `${path.relative(ROOT, file)}: ${pattern}`,
      ),
    );
    expect(found).toEqual([]);
  });
});
