/**
 * `npm run bench:hostile` — issue 9 replayed against the server as its own process (the same
 * `src/main.ts` that `npm start` runs), on SQLite and on MariaDB:
 *
 * 1. Replay: every finding's request, while another user polls and the "BrokerStar web app" writes in
 *    SQL. Each answer must come within 2 s and never be a 5xx; the other user's slowest poll and the
 *    slowest SQL write during it are reported (and must stay under 2 s); afterwards no object of
 *    another user has changed or vanished.
 * 2. Hostile neighbour: N devices poll in a closed loop, once alone and once while one client sends
 *    the worst inputs over and over; their p99 is reported both ways.
 *
 *   --db sqlite|mysql|both (default both)   --devices 20   --seconds 10   --no-write
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DavClient, type Exchange } from './lib/client.ts';
import { freshDatabase, runCliProcess, startServerProcess, REPO, type DbName } from './lib/environment.ts';
import { percentile, round } from './lib/stats.ts';
import { HOSTILE_CASES, type Paths } from './hostile/findings.ts';

const BOUND_MS = 2000;
const { values } = parseArgs({ options: {
  db: { type: 'string', default: 'both' }, devices: { type: 'string', default: '20' }, seconds: { type: 'string', default: '10' }, 'no-write': { type: 'boolean', default: false },
} });
const databases: DbName[] = values.db === 'both' ? ['sqlite', 'mysql'] : [values.db as DbName];
const devices = Number(values.devices);
const seconds = Number(values.seconds);
const failures: string[] = [];
const report: string[] = [`# Hostile input (issue 9) — ${new Date().toISOString()}`, '',
  `Server as its own process (src/main.ts, NODE_ENV=production); bound per answer ${BOUND_MS} ms; ${devices} polling devices for ${seconds} s.`, ''];

/** Runs `work` repeatedly until stopped; returns the latencies and errors. */
function loop(work: () => Promise<unknown>): { stop(): Promise<{ ms: number[]; errors: string[] }> } {
  let running = true;
  const ms: number[] = [];
  const errors: string[] = [];
  const done = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        await work();
      } catch (err) {
        errors.push((err as Error).message);
      }
      ms.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return { async stop() { running = false; await done; return { ms, errors }; } };
}

async function listing(c: DavClient, path: string): Promise<Map<string, string>> {
  const e = await c.expect(207, 'PROPFIND', path, { depth: '1', body: '<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>' });
  const map = new Map<string, string>();
  for (const m of e.text.matchAll(/<D:href>([^<]+)<\/D:href>[\s\S]*?<D:getetag>([^<]*)<\/D:getetag>/g)) map.set(m[1]!, m[2]!);
  return map;
}

for (const db of databases) {
  const database = await freshDatabase(db, 'hostile');
  await runCliProcess(database.url, ['seed', '--demo']);
  const knex = database.knex();
  const id = async (login: string) => Number((await knex('users').where({ login }).first('id')).id);
  const [maxId, sandraId] = [await id('max.muster'), await id('sandra.keller')];
  const [shared] = await knex('appointments').insert({ title: 'Teamsitzung', starts_at: '2026-12-14 08:00:00.000', ends_at: '2026-12-14 09:00:00.000', owner_id: maxId });
  await knex('appointment_assignees').insert([{ appointment_id: shared, user_id: maxId }, { appointment_id: shared, user_id: sandraId }]);
  const next = Number((await knex('appointments').max({ m: 'id' }).first())?.m) + 1;
  const server = await startServerProcess(database.url);
  const client = (login: string) => new DavClient(server.origin, login, 'demo', 'HostileBench/1.0', 4, 30_000);
  const max = client('max.muster');
  const sandra = client('sandra.keller');
  const lisa = client('lisa.admin');
  const paths: Paths = {
    cal: (l) => `/dav/calendars/${l}/brokerstar/`, book: (l) => `/dav/addressbooks/${l}/brokerstar/`,
    nextAppointmentName: `brokerstar-appointment-${next}.ics`, sharedAppointment: `brokerstar-appointment-${Number(shared)}.ics`,
  };
  const collections = [paths.book('sandra.keller'), paths.cal('sandra.keller'), '/dav/calendars/sandra.keller/brokerstar-tasks/'];
  const before = new Map(await Promise.all(collections.map(async (p) => [p, await listing(sandra, p)] as const)));
  const [contactId] = (await knex('contacts').orderBy('id').limit(1).pluck('id')) as number[];

  report.push(`## ${db}`, '', '| finding | request | answers (status, ms) | other user\'s slowest poll | slowest web-app SQL write | verdict |', '|---|---|---|---|---|---|');
  for (const c of HOSTILE_CASES) {
    const poller = loop(() => lisa.expect(207, 'PROPFIND', paths.cal('lisa.admin'), { depth: '0' }));
    let n = 0;
    const writer = loop(() => knex('contacts').where('id', contactId).update({ notes: `web app ${++n}` }));
    let answers: Exchange[] = [];
    let error = '';
    try {
      answers = await c.run({ max, sandra }, paths);
    } catch (err) {
      error = (err as Error).message;
    }
    const [polls, writes] = [await poller.stop(), await writer.stop()];
    const problems = [
      ...(error ? [error] : []),
      ...answers.filter((a) => !c.accept.includes(a.status)).map((a) => `status ${a.status}: ${a.text.slice(0, 120)}`),
      ...answers.filter((a) => a.ms > BOUND_MS).map((a) => `answered after ${round(a.ms)} ms`),
      ...(c.check && answers.length ? [c.check(answers)].filter((x): x is string => x !== null) : []),
      ...polls.errors.map((e) => `other user: ${e}`), ...writes.errors.map((e) => `SQL write: ${e}`),
      ...(Math.max(...polls.ms) > BOUND_MS ? ['the other user waited too long'] : []),
      ...(Math.max(...writes.ms) > BOUND_MS ? ["BrokerStar's SQL write waited too long"] : []),
    ];
    for (const p of problems) failures.push(`${db} finding ${c.finding} (${c.title}): ${p}`);
    report.push(`| ${c.finding} | ${c.title} | ${answers.map((a) => `${a.status} in ${round(a.ms, 0)}`).join(', ')} | ${round(Math.max(...polls.ms), 1)} ms | ` +
      `${round(Math.max(...writes.ms), 1)} ms | ${problems.length ? `FAILED: ${problems.join('; ')}` : 'ok'} |`);
  }

  // No object of another user changed or vanished (sandra's own PUT of finding 4 and the shared
  // appointment, whose shared text max rewrote without his alarm, are the expected differences).
  for (const p of collections) {
    const after = await listing(sandra, p);
    for (const [href, etag] of before.get(p)!) {
      if (!after.has(href)) failures.push(`${db}: ${href} vanished for sandra.keller`);
      else if (after.get(href) !== etag && !href.endsWith(paths.sharedAppointment)) failures.push(`${db}: ${href} changed for sandra.keller`);
    }
  }

  // Hostile neighbour: N devices polling, alone and next to a client sending the worst inputs.
  const neighbour = async (withHostile: boolean) => {
    const logins = ['sandra.keller', 'lisa.admin', 'anna.beispiel'];
    const clients = Array.from({ length: devices }, (_, i) => client(logins[i % logins.length]!));
    // Anna's group may not sync the calendar: her device polls the address book.
    const loops = clients.map((d) => loop(() => d.expect(207, 'PROPFIND', d.login === 'anna.beispiel' ? paths.book(d.login) : paths.cal(d.login), { depth: '0' })));
    const worst = HOSTILE_CASES.filter((c) => ['1', '2', '3'].includes(c.finding));
    const hostile = withHostile ? loop(async () => { for (const c of worst) await c.run({ max, sandra }, paths); }) : null;
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const results = await Promise.all(loops.map((l) => l.stop()));
    await hostile?.stop();
    for (const d of clients) d.close();
    const ms = results.flatMap((r) => r.ms);
    return { requests: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99), max: Math.max(...ms), errors: results.flatMap((r) => r.errors) };
  };
  const quiet = await neighbour(false);
  const loud = await neighbour(true);
  for (const e of [...quiet.errors, ...loud.errors].slice(0, 5)) failures.push(`${db} neighbour: ${e}`);
  report.push('', `Hostile neighbour (${devices} devices polling PROPFIND Depth 0, ${seconds} s):`, '',
    '| | requests | req/s | p50 ms | p99 ms | max ms | errors |', '|---|---|---|---|---|---|---|',
    ...([['alone', quiet], ['next to the hostile client', loud]] as const).map(([label, r]) =>
      `| ${label} | ${r.requests} | ${round(r.requests / seconds, 0)} | ${round(r.p50, 1)} | ${round(r.p99, 1)} | ${round(r.max, 1)} | ${r.errors.length} |`), '');

  for (const c of [max, sandra, lisa]) c.close();
  await server.stop();
  await database.drop();
}

report.push(failures.length ? `**${failures.length} failure(s):**\n\n${failures.map((f) => `- ${f}`).join('\n')}` : '**All findings answered within the bound, no 5xx, nobody else affected.**', '');
const text = report.join('\n');
console.log(text);
if (!values['no-write']) writeFileSync(join(REPO, 'bench', 'results', 'hostile.md'), text);
process.exit(failures.length ? 1 : 0);
