/**
 * Where a MySQL request's time goes: loaded into the server process, it appends to `TIMELINE_OUT`
 * one block per HTTP request with every statement mysql2 ran meanwhile (start offset, duration as
 * the server process saw it, first 70 characters, or `TIMELINE_SQL_CHARS`). The gaps between statements are the server's
 * own work (parsing, rendering, query building); the durations are round trip plus MariaDB's work.
 * Uses the diagnostics channels of Node's HTTP server and mysql2 (no change to the server).
 *
 *   TIMELINE_OUT=/tmp/timeline.txt DATABASE_URL=mysql://… PORT=8080 \
 *     node --import tsx --import ./bench/tools/statementTimeline.ts dist/src/main.js
 *
 * Meant for one device at a time: statements of overlapping requests land in the same block.
 */
import { appendFileSync } from 'node:fs';
import diagnostics from 'node:diagnostics_channel';

const out = process.env.TIMELINE_OUT;
const SQL_CHARS = Number(process.env.TIMELINE_SQL_CHARS ?? 70);
if (!out) throw new Error('statementTimeline: set TIMELINE_OUT to the file to append to');

interface Statement { start: number; end: number; kind: string; sql: string }
const started = new WeakMap<object, number>();
let requestStart = 0;
let statements: Statement[] = [];

for (const kind of ['query', 'execute']) {
  diagnostics.tracingChannel(`mysql2:${kind}`).subscribe({
    start(context) { started.set(context as object, performance.now()); },
    asyncStart(context) {
      const c = context as { query?: string; sql?: string };
      statements.push({ start: started.get(context as object) ?? performance.now(), end: performance.now(), kind, sql: String(c.query ?? c.sql ?? '') });
    },
    end() {}, asyncEnd() {}, error() {},
  });
}

diagnostics.subscribe('http.server.request.start', (message) => {
  const { request } = message as { request: { method?: string; url?: string } };
  requestStart = performance.now();
  statements = [];
  appendFileSync(out, `${request.method} ${request.url}\n`);
});

diagnostics.subscribe('http.server.response.finish', () => {
  const ms = (t: number) => (t - requestStart).toFixed(2).padStart(7);
  const lines = statements.map((s) => `${ms(s.start)} +${(s.end - s.start).toFixed(2)} ${s.kind.padEnd(7)} ${s.sql.replace(/\s+/g, ' ').slice(0, SQL_CHARS)}`);
  const inStatements = statements.reduce((sum, s) => sum + (s.end - s.start), 0);
  lines.push(`total ${(performance.now() - requestStart).toFixed(2)} ms, ${statements.length} statements, ${inStatements.toFixed(2)} ms in them\n\n`);
  appendFileSync(out, lines.join('\n'));
});
