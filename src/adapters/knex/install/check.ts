import type { Knex } from 'knex';
import type { CrmSchema, CrmTable } from '../schema/crmSchema.ts';
import { PLUGIN_MIGRATIONS_TABLE, PLUGIN_TABLES } from '../migrations/index.ts';
import { pluginTriggers } from '../journal/triggers.ts';
import { dialectOf } from '../journal/triggerSql.ts';
import { listTriggers, pendingPluginMigrations } from './install.ts';

/** What `brokerstar-dav install --check` finds; computing it changes nothing in the database. */
export interface InstallCheck {
  /** Problems that make `install` fail or the plugin misbehave. */
  readonly blockers: string[];
  readonly warnings: string[];
  /** What `install` would create (empty when already installed). */
  readonly plan: { readonly migrations: string[]; readonly tables: string[]; readonly triggers: Array<{ name: string; table: string; event: string }> };
  readonly installed: boolean;
}

type TypeClass = 'integer' | 'text' | 'datetime' | 'date' | 'boolean';

/** The kind of value each logical column must hold (bool flags may be any integer type). */
function expectedType(table: CrmTable, column: string): TypeClass {
  // A contact's `position` is the job title; a sub-record's is its order.
  if (column === 'position') return table === 'contacts' ? 'text' : 'integer';
  if (column === 'id' || column.endsWith('_id') || column === 'percent_complete') return 'integer';
  if (['created_at', 'updated_at', 'starts_at', 'ends_at', 'due_at', 'completed_at'].includes(column)) return 'datetime';
  if (column === 'birthday') return 'date';
  if (column.startsWith('sync_') || column.startsWith('may_') || ['active', 'mailing_module_enabled', 'all_day', 'due_all_day'].includes(column)) return 'boolean';
  return 'text';
}

function fits(expected: TypeClass, actual: string): boolean {
  const t = actual.toLowerCase();
  const integer = /int|integer|bit|numeric|decimal/.test(t);
  switch (expected) {
    case 'integer': return integer;
    case 'boolean': return integer || t === 'boolean' || t === 'bool';
    case 'datetime': return /datetime|timestamp/.test(t);
    case 'date': return /date/.test(t);
    case 'text': return /char|text|enum|set|clob/.test(t);
  }
}

/** Checks the connected database for `install`, without writing anything. */
export async function checkInstall(knex: Knex, s: CrmSchema): Promise<InstallCheck> {
  const blockers: string[] = [];
  const warnings: string[] = [];
  const d = dialectOf(knex);

  for (const { table, physical, columns } of s.describe()) {
    if (!(await knex.schema.hasTable(physical))) {
      blockers.push(`CRM table "${physical}" (${table}) does not exist.`);
      continue;
    }
    const info = await knex(physical).columnInfo() as unknown as Record<string, { type: string }>;
    const actual = new Map(Object.entries(info).map(([name, c]) => [name.toLowerCase(), c.type]));
    for (const { column, physical: col } of columns) {
      const type = actual.get(col.toLowerCase());
      if (type === undefined) blockers.push(`Column "${physical}.${col}" (${table}.${column}) does not exist.`);
      else if (!fits(expectedType(table, column), type)) {
        blockers.push(`Column "${physical}.${col}" has type ${type}; ${expectedType(table, column)} expected.`);
      }
    }
  }

  const migrations = await pendingPluginMigrations(knex, s);
  const installed = migrations.length === 0;
  const tables: string[] = [];
  if (!installed) {
    const alreadyOurs = await knex.schema.hasTable(PLUGIN_MIGRATIONS_TABLE);
    for (const table of [...PLUGIN_TABLES].reverse()) {
      const exists = await knex.schema.hasTable(table);
      if (exists && !alreadyOurs) blockers.push(`A table "${table}" exists already but was not created by this plugin.`);
      if (!exists) tables.push(table);
    }
    if (!alreadyOurs) tables.push(PLUGIN_MIGRATIONS_TABLE, `${PLUGIN_MIGRATIONS_TABLE}_lock`);
  }
  const existingTriggers = new Set(await listTriggers(knex));
  const triggers = pluginTriggers(d, s).filter((t) => !existingTriggers.has(t.name))
    .map((t) => ({ name: t.name, table: t.table, event: `${t.timing} ${t.event}` }));
  if (!installed && existingTriggers.size > 0) {
    const clash = pluginTriggers(d, s).filter((t) => existingTriggers.has(t.name)).map((t) => t.name);
    if (clash.length > 0 && !(await knex.schema.hasTable(PLUGIN_MIGRATIONS_TABLE))) {
      blockers.push(`Triggers with the plugin's names exist already: ${clash.join(', ')}.`);
    }
  }

  if (d === 'mysql') await checkMysqlAccount(knex, blockers, warnings);
  return { blockers, warnings, plan: { migrations, tables, triggers: installed ? [] : triggers }, installed };
}

const NEEDED = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'ALTER', 'INDEX', 'DROP', 'TRIGGER', 'REFERENCES'];

/** Privileges of the connected account on this database, and whether binary logging refuses triggers. */
async function checkMysqlAccount(knex: Knex, blockers: string[], warnings: string[]): Promise<void> {
  const [[dbRow]] = (await knex.raw('SELECT DATABASE() AS db')) as [Array<{ db: string }>];
  const database = dbRow?.db ?? '';
  const grants = await effectiveGrants(knex);
  const privileges = new Set<string>();
  let superPrivilege = false;
  for (const grant of grants) {
    const m = /^GRANT (.+?) ON (\S+) TO /i.exec(grant);
    if (!m) continue;
    const [, list, on] = m as unknown as [string, string, string];
    const scope = on.replace(/`/g, '');
    const applies = scope === '*.*' || scope === `${database}.*` || (scope.endsWith('.*') && matchesPattern(scope.slice(0, -2), database));
    if (!applies) continue;
    const names = list.toUpperCase().split(',').map((p) => p.trim());
    if (names.includes('ALL PRIVILEGES') || names.includes('ALL')) NEEDED.forEach((p) => privileges.add(p));
    names.forEach((p) => privileges.add(p));
    if (scope === '*.*' && (names.includes('SUPER') || names.includes('ALL PRIVILEGES') || names.includes('BINLOG ADMIN'))) superPrivilege = true;
  }
  const missing = NEEDED.filter((p) => !privileges.has(p));
  if (missing.length > 0) {
    const viaRole = grants.some((g) => ROLE_GRANT.test(g));
    blockers.push(`The database account lacks these privileges on "${database}": ${missing.join(', ')}.` + (viaRole
      ? ' Privileges granted through a role count only when the role is active at login (SET DEFAULT ROLE … FOR the account).'
      : ''));
  }

  const [[vars]] = (await knex.raw('SELECT @@log_bin AS logBin, @@log_bin_trust_function_creators AS trust')) as [Array<{ logBin: unknown; trust: unknown }>];
  const logBin = Number(vars?.logBin ?? 0) === 1;
  const trust = Number(vars?.trust ?? 0) === 1;
  if (logBin && !trust && !superPrivilege) {
    blockers.push('Binary logging is on and log_bin_trust_function_creators is off: MySQL/MariaDB refuse CREATE TRIGGER for an ' +
      'account without SUPER. Set log_bin_trust_function_creators=1 (or grant SUPER) for the install.');
  } else if (logBin) {
    warnings.push('Binary logging is on: the triggers are replicated; they are deterministic apart from UTC_TIMESTAMP(3) in the journal, which is statement-safe with row-based logging.');
  }
}

/** `GRANT role[, role] TO account`: a role granted, no privilege named. */
const ROLE_GRANT = /^GRANT (?!.* ON \S+ TO ).+ TO /i;

/**
 * The GRANT lines that apply to this session, the privileges of its active roles included.
 * MariaDB's `SHOW GRANTS` (no FOR) already adds the current role's grants, nested roles too; MySQL 8
 * adds them only with `USING` the active roles (`CURRENT_ROLE()` is `NONE` without one).
 */
async function effectiveGrants(knex: Knex): Promise<string[]> {
  const lines = async (sql: string) => ((await knex.raw(sql)) as [Array<Record<string, string>>])[0].map((r) => String(Object.values(r)[0]));
  const [[server]] = (await knex.raw('SELECT VERSION() AS version')) as [Array<{ version: string }>];
  if (/mariadb/i.test(server?.version ?? '')) return lines('SHOW GRANTS');
  // MySQL 5.7 has no roles (and no CURRENT_ROLE()).
  const roles = await knex.raw('SELECT CURRENT_ROLE() AS roles').then(([[row]]: [Array<{ roles: string | null }>]) => row?.roles ?? 'NONE', () => 'NONE');
  return lines(roles === 'NONE' || roles === '' ? 'SHOW GRANTS' : `SHOW GRANTS FOR CURRENT_USER() USING ${roles}`);
}

/** A GRANT scope like `brokerstar\_%` (LIKE pattern with escaped underscores). */
function matchesPattern(pattern: string, database: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/\\_/g, '\u0000').replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.').replace(/\u0000/g, '_')}$`);
  return regex.test(database);
}
