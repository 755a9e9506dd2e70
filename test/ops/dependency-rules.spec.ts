import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './observability-files';

type Tree = Record<string, string>;
interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** Libraries and harness every tree below shares. */
const SHARED: Tree = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      baseUrl: './',
      paths: { '@slotline/contracts': ['libs/contracts/src'], '@slotline/testing': ['libs/testing/src'] },
    },
  }),
  'node_modules/typeorm/package.json': JSON.stringify({ name: 'typeorm', main: 'index.js' }),
  'node_modules/typeorm/index.js': 'exports.DataSource = class {};',
  'libs/contracts/src/index.ts': 'export const CURRENCY = "EUR";',
  'libs/testing/src/index.ts': 'export const anOrder = () => ({ id: "o1" });',
  'test/support/harness.ts': 'import { anOrder } from "@slotline/testing";\nexport const harness = anOrder;',
  'test/e2e/shop.e2e-spec.ts': 'import { harness } from "../support/harness";\nexport const t = harness;',
  'scripts/migrate.ts': 'import { CURRENCY } from "@slotline/contracts";\nexport const c = CURRENCY;',
};

/** One app laid out like ours (controller, service, repository, nested and top-level domain/), clean. */
const APP: Tree = {
  'main.ts':
    'import { OrdersController } from "./orders/orders.controller";\nimport { rule } from "./domain/rules";\nexport const app = [OrdersController, rule];',
  'orders/orders.controller.ts':
    'import { OrdersService } from "./orders.service";\nexport class OrdersController { constructor(readonly s: OrdersService) {} }',
  'orders/orders.service.ts':
    'import { OrdersRepository } from "./orders.repository";\nimport { total } from "./domain/total";\nexport class OrdersService { constructor(readonly r: OrdersRepository) {} t = total; }',
  'orders/orders.repository.ts':
    'import { DataSource } from "typeorm";\nexport class OrdersRepository { constructor(readonly ds: DataSource) {} }',
  'orders/domain/total.ts':
    'import { CURRENCY } from "@slotline/contracts";\nexport const total = (n: number) => `${n} ${CURRENCY}`;',
  'domain/rules.ts': 'import { total } from "../orders/domain/total";\nexport const rule = total;',
  'orders/orders.service.spec.ts':
    'import { anOrder } from "@slotline/testing";\nimport { OrdersService } from "./orders.service";\nexport const t = [anOrder, OrdersService];',
};

/** `app`'s files under apps/<app>/src/, with `change` (paths inside src/) applied on top. */
function app(name: string, change: Tree = {}): Tree {
  return Object.fromEntries(
    Object.entries({ ...APP, ...change }).map(([file, text]) => [`apps/${name}/src/${file}`, text]),
  );
}

/** `file` of the clean app with one more import line at the top. */
const withImport = (file: string, line: string): Tree => ({ [file]: `${line}\n${APP[file]}` });

const execFileAsync = promisify(execFile);

async function violationsOf(tree: Tree): Promise<Violation[]> {
  const dir = mkdtempSync(join(tmpdir(), 'depcruise-'));
  try {
    for (const [file, text] of Object.entries(tree)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    const bin = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
    const config = join(ROOT, '.dependency-cruiser.js');
    // Exit code 1 means "violations found": the JSON on stdout is what this test reads either way.
    const { stdout } = await execFileAsync(
      process.execPath,
      [bin, 'apps', 'libs', 'scripts', 'test', '--config', config, '--output-type', 'json'],
      { cwd: dir, maxBuffer: 16 * 1024 * 1024 },
    ).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
    const result = JSON.parse(stdout) as {
      summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> };
    };
    return result.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each case is an app of its own with one violation, so one cruise checks them all. */
const CASES: Array<{ app: string; change: Tree; expected: Violation[] }> = [
  {
    app: 'controller-imports-repository',
    change: withImport('orders/orders.controller.ts', 'import "./orders.repository";'),
    expected: [
      {
        rule: 'controllers-no-repositories',
        from: 'apps/controller-imports-repository/src/orders/orders.controller.ts',
        to: 'apps/controller-imports-repository/src/orders/orders.repository.ts',
      },
    ],
  },
  {
    app: 'controller-imports-typeorm',
    change: withImport('orders/orders.controller.ts', 'import "typeorm";'),
    expected: [
      {
        rule: 'controllers-no-repositories',
        from: 'apps/controller-imports-typeorm/src/orders/orders.controller.ts',
        to: 'node_modules/typeorm/index.js',
      },
    ],
  },
  {
    app: 'service-imports-test-kit',
    change: withImport('orders/orders.service.ts', 'import "@slotline/testing";'),
    expected: [
      {
        rule: 'production-no-test-code',
        from: 'apps/service-imports-test-kit/src/orders/orders.service.ts',
        to: 'libs/testing/src/index.ts',
      },
    ],
  },
  {
    app: 'service-imports-harness',
    change: withImport('orders/orders.service.ts', 'import "../../../../test/support/harness";'),
    expected: [
      {
        rule: 'production-no-test-code',
        from: 'apps/service-imports-harness/src/orders/orders.service.ts',
        to: 'test/support/harness.ts',
      },
    ],
  },
  {
    app: 'service-imports-spec',
    change: {
      ...withImport('orders/orders.service.ts', 'import "./sample.spec";'),
      'orders/sample.spec.ts': 'export const sample = 1;',
    },
    expected: [
      {
        rule: 'production-no-test-code',
        from: 'apps/service-imports-spec/src/orders/orders.service.ts',
        to: 'apps/service-imports-spec/src/orders/sample.spec.ts',
      },
    ],
  },
  {
    app: 'service-imports-fixture',
    change: {
      ...withImport('orders/orders.service.ts', 'import "./orders.fixture";'),
      'orders/orders.fixture.ts': 'export const fixture = 1;',
    },
    expected: [
      {
        rule: 'production-no-test-code',
        from: 'apps/service-imports-fixture/src/orders/orders.service.ts',
        to: 'apps/service-imports-fixture/src/orders/orders.fixture.ts',
      },
    ],
  },
  {
    app: 'only-a-spec-reaches',
    change: {
      'orders/legacy.ts': 'import { total } from "./domain/total";\nexport const legacy = total;',
      'orders/legacy.spec.ts': 'import { legacy } from "./legacy";\nexport const t = legacy;',
    },
    expected: [
      {
        rule: 'no-dead-production-code',
        from: 'apps/only-a-spec-reaches/src/orders/legacy.ts',
        to: 'apps/only-a-spec-reaches/src/orders/legacy.ts',
      },
    ],
  },
  {
    app: 'nested-domain-imports-typeorm',
    change: withImport('orders/domain/total.ts', 'import "typeorm";'),
    expected: [
      {
        rule: 'domain-is-pure',
        from: 'apps/nested-domain-imports-typeorm/src/orders/domain/total.ts',
        to: 'node_modules/typeorm/index.js',
      },
    ],
  },
  {
    app: 'domain-imports-service',
    change: withImport('domain/rules.ts', 'import "../orders/orders.service";'),
    expected: [
      {
        rule: 'domain-is-pure',
        from: 'apps/domain-imports-service/src/domain/rules.ts',
        to: 'apps/domain-imports-service/src/orders/orders.service.ts',
      },
    ],
  },
];

const byPlace = (a: Violation, b: Violation) =>
  `${a.rule} ${a.from} ${a.to}`.localeCompare(`${b.rule} ${b.from} ${b.to}`);

describe('dependency rules (.dependency-cruiser.js)', () => {
  jest.setTimeout(60_000);

  it('finds nothing in a tree that keeps every rule', async () => {
    expect(await violationsOf({ ...SHARED, ...app('shop') })).toEqual([]);
  });

  it('reports each deliberate violation, and nothing else', async () => {
    const tree = CASES.reduce<Tree>((t, c) => ({ ...t, ...app(c.app, c.change) }), {
      ...SHARED,
      'test/support/leftover.ts': 'export const leftover = 1;',
    });

    const found = await violationsOf(tree);

    const expected = [
      ...CASES.flatMap((c) => c.expected),
      { rule: 'no-orphans', from: 'test/support/leftover.ts', to: 'test/support/leftover.ts' },
    ];
    expect(found.sort(byPlace)).toEqual(expected.sort(byPlace));
  });
});
