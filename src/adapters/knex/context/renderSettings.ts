import type { Knex } from 'knex';
import type { ContextSettings } from '../../../domain/index.ts';
import type { CrmSchema } from '../schema/crmSchema.ts';
import { appendJournal } from '../journal/sequence.ts';
import { dialectOf, VERSIONS_TABLE } from '../journal/triggerSql.ts';
import { toId } from '../sqlValues.ts';

export const RENDER_SETTINGS_TABLE = 'dav_render_settings';
const CONTEXT = 'context';

/**
 * Stored representations of appointments and tasks with a customer carry the context as rendered
 * under the settings of the time (issue 13). When an installation changes them (switches the
 * context off, moves BrokerStar's address), those objects are re-rendered and reported to every
 * device: their versions move on and each linked contact is journalled, which `planRefresh` turns
 * into the objects linked to it. Runs at start when the settings differ from the recorded ones
 * (and the first time); instances of one database must share the settings.
 */
export async function applyContextSettings(knex: Knex, s: CrmSchema, settings: ContextSettings): Promise<boolean> {
  const value = JSON.stringify(settings);
  return knex.transaction(async (trx) => {
    const row: { value: string } | undefined = await trx(RENDER_SETTINGS_TABLE).where('name', CONTEXT).first('value');
    if (row?.value === value) return false;
    // Also the first time: representations stored before the context existed (an upgrade) get it.
    {
      const contactIds = new Set<number>();
      for (const [kind, table] of [['appointment', 'appointments'], ['task', 'tasks']] as const) {
        const linked: Array<{ id: unknown; contact_id: unknown }> = await trx(s.t(table)).whereNotNull(s.c(table, 'contact_id'))
          .select(`${s.c(table, 'id')} as id`, `${s.c(table, 'contact_id')} as contact_id`);
        for (const r of linked) {
          await bumpVersion(trx, kind, toId(r.id));
          contactIds.add(toId(r.contact_id));
        }
      }
      for (const id of contactIds) await appendJournal(trx, 'contact', id, null);
    }
    await trx(RENDER_SETTINGS_TABLE).insert({ name: CONTEXT, value }).onConflict('name').merge(['value']);
    return true;
  });
}

async function bumpVersion(trx: Knex.Transaction, kind: 'appointment' | 'task', objectId: number): Promise<void> {
  const upsert = dialectOf(trx) === 'mysql' ? 'ON DUPLICATE KEY UPDATE version = version + 1' : 'ON CONFLICT (kind, object_id) DO UPDATE SET version = version + 1';
  await trx.raw(`INSERT INTO ${VERSIONS_TABLE} (kind, object_id, version) VALUES (?, ?, 1) ${upsert}`, [kind, objectId]);
}
