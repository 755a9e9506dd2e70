import path from 'node:path';
import ts from 'typescript';

/** Where the TypeScript interface of a resource lives: a module and the exported interface name. */
export interface TypeRef {
  module: string;
  name: string;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');
const ENTRY = path.join(ROOT, 'test', 'deploy', '__resource-types__.ts');

/**
 * A strict structural check of plain data against TypeScript interfaces (kubernetes-models' and our own
 * transcription of the operator CRDs): unknown fields, missing required fields, wrong primitive types and
 * values outside a literal union are all reported. It complements kubernetes-models' `validate()`, which
 * checks formats and required fields but lets unknown fields through (a typo'd `readOnlyRootFileSystem`
 * would silently do nothing in a cluster).
 */
export class TypeSchemas {
  private readonly checker: ts.TypeChecker;
  private readonly types = new Map<string, ts.Type>();

  constructor(refs: Record<string, TypeRef>) {
    const keys = Object.keys(refs);
    const source = keys
      .map(
        (key, i) =>
          `import type { ${refs[key].name} as T${i} } from '${refs[key].module}';\nexport type K${i} = T${i};`,
      )
      .join('\n');
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      types: [],
    };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (file, lang, ...rest) =>
      file === ENTRY ? ts.createSourceFile(file, source, lang) : getSourceFile(file, lang, ...rest);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (file) => file === ENTRY || fileExists(file);
    const program = ts.createProgram([ENTRY], options, host);
    const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(ENTRY));
    if (diagnostics.length) {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n'));
    }
    this.checker = program.getTypeChecker();
    const file = program.getSourceFile(ENTRY)!;
    const aliases = file.statements.filter(ts.isTypeAliasDeclaration);
    keys.forEach((key, i) => {
      const alias = aliases.find((a) => a.name.text === `K${i}`)!;
      this.types.set(key, this.checker.getTypeAtLocation(alias.name));
    });
  }

  has(key: string): boolean {
    return this.types.has(key);
  }

  /** Problems found in `value` as an instance of the interface registered under `key`; [] when it fits. */
  check(key: string, value: unknown): string[] {
    const type = this.types.get(key);
    if (!type) return [`no schema for ${key}`];
    return this.walk(value, type, '');
  }

  private walk(value: unknown, type: ts.Type, at: string): string[] {
    const where = at || '/';
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return [];
    if (type.isUnion()) {
      const members = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
      if (value === null) return [];
      let best: string[] | null = null;
      for (const member of members) {
        const problems = this.walk(value, member, at);
        if (!problems.length) return [];
        if (!best || problems.length < best.length) best = problems;
      }
      if (members.every((m) => m.isLiteral() || m.flags & ts.TypeFlags.BooleanLiteral)) {
        return [
          `${where}: ${JSON.stringify(value)} is not one of ${members.map((m) => this.checker.typeToString(m)).join(' | ')}`,
        ];
      }
      return best ?? [];
    }
    if (type.isStringLiteral() || type.isNumberLiteral()) {
      return value === type.value
        ? []
        : [`${where}: expected ${JSON.stringify(type.value)}, got ${JSON.stringify(value)}`];
    }
    if (type.flags & ts.TypeFlags.BooleanLiteral) {
      const expected = this.checker.typeToString(type) === 'true';
      return value === expected ? [] : [`${where}: expected ${expected}`];
    }
    if (type.flags & ts.TypeFlags.StringLike)
      return typeof value === 'string' ? [] : [`${where}: expected a string`];
    if (type.flags & ts.TypeFlags.NumberLike)
      return typeof value === 'number' ? [] : [`${where}: expected a number`];
    if (type.flags & ts.TypeFlags.BooleanLike)
      return typeof value === 'boolean' ? [] : [`${where}: expected a boolean`];
    if (this.checker.isArrayType(type)) {
      if (!Array.isArray(value)) return [`${where}: expected a list`];
      const [element] = this.checker.getTypeArguments(type as ts.TypeReference);
      return value.flatMap((v, i) => this.walk(v, element, `${at}/${i}`));
    }
    if (type.flags & ts.TypeFlags.Object || type.isIntersection()) {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return [`${where}: expected an object`];
      const record = value as Record<string, unknown>;
      const index = this.checker.getIndexInfoOfType(type, ts.IndexKind.String);
      const problems: string[] = [];
      for (const [key, v] of Object.entries(record)) {
        const prop = type.getProperty(key);
        if (prop) problems.push(...this.walk(v, this.checker.getTypeOfSymbol(prop), `${at}/${key}`));
        else if (index) problems.push(...this.walk(v, index.type, `${at}/${key}`));
        else problems.push(`${at}/${key}: unknown field`);
      }
      for (const prop of type.getProperties()) {
        if (!(prop.flags & ts.SymbolFlags.Optional) && record[prop.name] === undefined) {
          problems.push(`${at}/${prop.name}: required field missing`);
        }
      }
      return problems;
    }
    return [];
  }
}
