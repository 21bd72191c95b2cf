// Import rules, checked by test/architecture/imports.test.ts (and `npx depcruise src`).
// Dependencies point one way: the edge (HTTP, routes, dashboard, CLI, library entry) calls the
// domain, never the other way; and no module reaches itself through its imports. Type-only
// imports do not count: they are erased and create no load order.
/** The edge: what speaks HTTP (or argv) and may import anything. */
const EDGE = '^src/(http|dashboard)/|^src/(app|cli|server|index|seed)\\.tsx?$|/(sandbox-)?routes\\.tsx?$'

module.exports = {
  forbidden: [
    {
      name: 'domain-knows-no-http',
      comment: 'Domain code throws domain errors (src/engine/errors.ts) and returns domain values; the edge maps and renders them.',
      severity: 'error',
      from: { path: '^src/', pathNot: EDGE },
      to: { path: EDGE },
    },
    {
      name: 'no-circular',
      comment: 'Two modules that import each other (directly or round a longer loop) cannot be understood or loaded on their own.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.d\\.ts$' },
  },
}
