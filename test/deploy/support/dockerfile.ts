import { Copy, DockerfileParser, Instruction } from 'dockerfile-ast';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './manifests';

export interface Stage {
  name: string;
  /** The base image with build arguments resolved from their defaults. */
  image: string;
  instructions: Instruction[];
}

/** The repository's Dockerfile, split into stages, build arguments resolved. */
export function readDockerfile(file = path.join(ROOT, 'Dockerfile')) {
  const dockerfile = DockerfileParser.parse(fs.readFileSync(file, 'utf8'));
  const args = new Map<string, string>();
  // Build arguments declared before the first FROM, with their defaults (the values a plain build uses).
  const firstFrom = dockerfile.getFROMs()[0].getRange().start.line;
  for (const arg of dockerfile.getARGs().filter((a) => a.getRange().start.line < firstFrom)) {
    const property = arg.getProperty();
    if (property) args.set(property.getName(), property.getValue() ?? '');
  }
  const resolve = (text: string) =>
    text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name: string) => args.get(name) ?? '');
  const stages: Stage[] = dockerfile.getFROMs().map((from) => ({
    name: from.getBuildStage() ?? '',
    image: resolve(from.getImage() ?? ''),
    instructions: [],
  }));
  let current = -1;
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') current++;
    else if (current >= 0) stages[current].instructions.push(instruction);
  }
  return { dockerfile, stages };
}

/** What the final stage copies out of an earlier one: the tree the image smoke test reproduces. */
export function finalStageCopies(stages: Stage[]): { from: string; source: string; target: string }[] {
  const last = stages[stages.length - 1];
  return last.instructions
    .filter((i): i is Copy => i.getKeyword() === 'COPY')
    .map((c) => ({
      c,
      from: c
        .getFlags()
        .find((f) => f.getName() === 'from')
        ?.getValue(),
    }))
    .filter(({ from }) => from)
    .map(({ c, from }) => {
      const [source, target] = c.getArgumentsContent()!.split(/\s+/);
      return { from: from!, source, target };
    });
}
