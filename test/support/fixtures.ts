import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';

const DIR = fileURLToPath(new URL('../fixtures/clients/', import.meta.url));

/** A request body exactly as a client sent it (test/fixtures/clients/<client>-*.{ics,vcf}). */
export function clientFixture(name: string): string {
  return readFileSync(DIR + name, 'utf8');
}

/**
 * Row counts of every table a write touches: "the database is unchanged" compares two of these.
 * Take the first after `settled(app)`: a read before it may still be storing its renderings.
 */
export async function tableCounts(knex: Knex): Promise<Record<string, number>> {
  const tables = ['contacts', 'contact_phones', 'contact_emails', 'contact_addresses', 'appointments', 'appointment_assignees', 'tasks', 'task_assignees', 'dav_objects', 'dav_change_journal'];
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const row = (await knex(t).count({ n: '*' }).first()) as { n: number | string };
    counts[t] = Number(row.n);
  }
  return counts;
}

export async function userId(knex: Knex, login: string): Promise<number> {
  const row = await knex('users').where({ login }).first('id');
  return Number(row.id);
}
