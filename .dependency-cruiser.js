/** Dependency rules (STYLE.md): run by `npm test` through `npm run lint:deps`; test/ops/dependency-rules.spec.ts proves each fires. */

/** Any domain/ folder of any app, at any depth. */
const DOMAIN = '^apps/[^/]+/src/(domain/|.*/domain/)';
/** Tests, their fixtures and doubles, the shared test kit and the e2e harness: never part of a build. */
const TEST_CODE =
  '(^test/)|(^libs/testing/)|(/testing/)|(\\.(spec|int-spec|e2e-spec|fixture|scenarios)\\.ts$)';
/** Where a process starts: the apps, the admin console bundle, operator scripts, benchmarks. */
const ENTRY_POINTS =
  '(^apps/[^/]+/src/main\\.ts$)|(^apps/gateway/admin-console/src/main\\.ts$)|(^scripts/)|(^bench/)';
/** Files no import reaches because something loads them by path: jest, migrations lists, child processes. */
const LOADED_BY_PATH =
  '(\\.d\\.ts$)|(/migrations/)|(\\.child\\.ts$)|(^test/global-(setup|teardown)\\.ts$)|(^test/support/(swc-register\\.js|register-aliases\\.ts)$)|(^test/deploy/schemas/)|(^(jest|commitlint)\\.config\\.js$)';

module.exports = {
  forbidden: [
    {
      name: 'no-app-to-app',
      comment: 'Apps share only through libs/contracts; no app imports another app.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-import-no-apps',
      comment: 'Libraries are shared by every app; they never depend on one.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'contracts-are-leaf',
      comment: 'libs/contracts holds subjects, payloads, events and codes only: no platform or app code.',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: { path: '^(apps|libs/(?!contracts/))' },
    },
    {
      name: 'domain-is-pure',
      comment:
        'Domain code, in any domain/ folder of any app, never imports infrastructure (TypeORM, NATS, Nest, pg) or other layers.',
      severity: 'error',
      from: { path: DOMAIN },
      to: {
        path: '(^node_modules/(typeorm|nats|pg|@nestjs|ioredis)/)|(^apps/)|(^libs/)',
        pathNot: `(^libs/contracts/)|(${DOMAIN})`,
      },
    },
    {
      name: 'controllers-no-repositories',
      comment:
        'Controllers are thin: one call to a service, which owns the repositories (STYLE.md, "Flow of a request").',
      severity: 'error',
      from: { path: '\\.controller\\.ts$' },
      to: { path: '(\\.repository\\.ts$)|(^node_modules/(typeorm|@nestjs/typeorm|pg)/)' },
    },
    {
      name: 'production-no-test-code',
      comment:
        'Production code never loads tests, fixtures, test doubles or @slotline/testing (the build leaves them out).',
      severity: 'error',
      from: { path: '^(apps|libs|scripts|bench)/', pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
    {
      name: 'no-orphans',
      comment:
        'A module nothing imports and that imports nothing is dead; entry points and files loaded by path are exempt.',
      severity: 'error',
      from: { orphan: true, pathNot: LOADED_BY_PATH },
      to: {},
    },
    {
      name: 'no-dead-production-code',
      comment:
        'Every production module is reachable from an entry point (main.ts, scripts, bench); one only tests reach is dead code.',
      severity: 'error',
      from: { path: ENTRY_POINTS, pathNot: TEST_CODE },
      to: {
        path: '^(apps|libs)/',
        pathNot: `${TEST_CODE}|${LOADED_BY_PATH}|${ENTRY_POINTS}`,
        reachable: false,
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.d\\.ts$)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
  },
};
