/**
 * Architecture rules, checked by `npm run depcheck` (part of `npm test`). Every rule is an error.
 *
 * Decision on src/ports/tokens.ts: it imports `ServiceIdentifier` from inversify with `import type`
 * only, which is erased at run time, so the ports stay free of Inversify when executed. The rules
 * therefore look at run-time dependencies only (`dependencyTypesNot: ['type-only']`) for inversify
 * in the ports; any value import of inversify (or anything else) from src/ports still fails.
 */

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain holds the business rules: nothing of src/ outside it, no configuration, frameworks, drivers or node:* modules.',
      from: { path: '^src/domain/' },
      to: {
        path: [
          '^src/(?!domain/)',
          '^config/',
          '^(node_modules/)?(koa|@koa/[^/]+|knex|mysql2|better-sqlite3|inversify|@inversifyjs/[^/]+|reflect-metadata|xml-js|ical\\.js)(/|$)',
        ],
      },
    },
    {
      name: 'domain-no-node-builtins',
      severity: 'error',
      comment: 'The domain does not touch files, network, crypto or the process.',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'ports-depend-only-on-domain',
      severity: 'error',
      comment: 'Ports are interfaces over domain types; only tokens.ts may name inversify, and only type-only.',
      from: { path: '^src/ports/' },
      to: {
        pathNot: ['^src/(domain|ports)/', '^(node_modules/)?(inversify|@inversifyjs/[^/]+)(/|$)'],
      },
    },
    {
      name: 'ports-inversify-type-only-in-tokens',
      severity: 'error',
      comment: 'Inversify in the ports: type-only imports in tokens.ts, nothing else.',
      from: { path: '^src/ports/', pathNot: '^src/ports/tokens\\.ts$' },
      to: { path: '^(node_modules/)?(inversify|@inversifyjs/[^/]+)(/|$)' },
    },
    {
      name: 'ports-inversify-not-at-runtime',
      severity: 'error',
      from: { path: '^src/ports/tokens\\.ts$' },
      to: { path: '^(node_modules/)?(inversify|@inversifyjs/[^/]+)(/|$)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'knex-adapter-not-http',
      severity: 'error',
      comment: 'Storage must not depend on the HTTP/DAV adapter.',
      from: { path: '^src/adapters/knex/' },
      to: { path: '^src/adapters/http/' },
    },
    {
      name: 'application-imports-no-adapter',
      severity: 'error',
      comment: 'The use cases depend on ports only; which adapter backs a port is decided by the composition root.',
      from: { path: '^src/application/' },
      to: { path: ['^src/adapters/', '^src/(container|brokerStarDav|main|index)\\.ts$', '^src/cli/'] },
    },
    {
      name: 'http-imports-no-storage-adapter',
      severity: 'error',
      comment: 'The HTTP adapter reaches storage through the ports and the application only; the composition ' +
        'root (src/brokerStarDav.ts, src/container.ts) picks the storage.',
      from: { path: '^src/adapters/http/' },
      to: { path: ['^src/adapters/(knex|memory)/', '^src/(container|brokerStarDav|main|index)\\.ts$'] },
    },
    {
      name: 'http-imports-no-format-internals',
      severity: 'error',
      comment: 'vCard/iCalendar are parsed and rendered behind the codec ports (ContactCodec, CalendarCodec, RecurrenceEngine).',
      from: { path: '^src/adapters/http/' },
      to: { path: '^src/adapters/formats/' },
    },
    {
      name: 'adapters-import-each-other-only-through-ports',
      severity: 'error',
      comment: 'An adapter family uses another one only through a port; src/adapters/shared holds rules ' +
        'common to the storage adapters (no framework, no driver).',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: '^src/adapters/', pathNot: ['^src/adapters/$1/', '^src/adapters/shared/'] },
    },
    {
      name: 'http-not-vcard-internals',
      severity: 'error',
      comment: 'The HTTP adapter reaches vCard handling only through ports (ContactCodec, AddressCardMatcher), ' +
        'bound in formatsModule; it may not import the content-line or vCard internals.',
      from: { path: '^src/adapters/http/' },
      to: { path: '^src/adapters/formats/(contentline|vcard)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Circular imports make load order fragile (and hide layering mistakes). Cycles made only of ' +
        'type-only imports are erased at run time and therefore allowed.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that cannot be resolved would fail at run time.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
