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
      comment: 'src/domain holds the business rules: no adapters, ports, application, frameworks, drivers or node:* modules.',
      from: { path: '^src/domain/' },
      to: {
        path: [
          '^src/(adapters|ports|application)/',
          '^(node_modules/)?(koa|@koa/[^/]+|knex|mysql2|better-sqlite3|inversify|@inversifyjs/[^/]+|reflect-metadata|xml-js|ical\\.js|vcard4)(/|$)',
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
      name: 'dav-not-formats-internals',
      severity: 'error',
      comment: 'The DAV adapter reaches vCard/iCalendar only through ports (codecs, RecurrenceEngine, ' +
        'CalendarQueryMatcher); only the composition in plugin.ts names the formats module. ' +
        'Known exception still to move behind a port the same way: the addressbook-query filter (CardFilter.ts).',
      from: { path: '^src/adapters/http/dav/', pathNot: '^src/adapters/http/dav/reports/addressbook/CardFilter\\.ts$' },
      to: { path: '^src/adapters/formats/' },
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
