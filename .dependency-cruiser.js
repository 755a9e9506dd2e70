/** Dependency rules (STYLE.md): run by `npm test` through `npm run lint:deps`. */
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
      comment: 'Domain code never imports infrastructure (TypeORM, NATS, Nest, pg) or other layers.',
      severity: 'error',
      from: { path: '^apps/[^/]+/src/domain/' },
      to: {
        path: '(^node_modules/(typeorm|nats|pg|@nestjs|ioredis)/)|(^apps/[^/]+/src/(?!domain/))|(^libs/(?!contracts/))',
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
