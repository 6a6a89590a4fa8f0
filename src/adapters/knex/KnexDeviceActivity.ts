import type { Knex } from 'knex';
import type { DeviceActivity, DeviceSighting, SeenDevice } from '../../ports/index.ts';
import { JOURNAL_TABLE } from './journal/triggerSql.ts';
import { DEVICES_TABLE } from './migrations/plugin/005_devices.ts';
import { fromSqlDateTime, fromSqlDateTimeOrNull, toSqlDateTime } from './sqlValues.ts';

/** Most devices kept per user: a client sending a new User-Agent with every request cannot grow the table. */
const KEPT_PER_USER = 20;

/** {@link DeviceActivity} on the plugin table `dav_devices`; a token's age comes from the journal entry it names. */
export class KnexDeviceActivity implements DeviceActivity {
  constructor(private readonly db: Knex) {}

  async record(userId: number, s: DeviceSighting): Promise<void> {
    const userAgent = s.userAgent.slice(0, 255);
    const seen = { last_seen_at: toSqlDateTime(s.at), client_family: s.clientFamily };
    const sync = s.syncTokenSeq === undefined ? {} : { last_sync_at: toSqlDateTime(s.at), last_token_seq: s.syncTokenSeq };
    const updated = await this.db(DEVICES_TABLE).where({ user_id: userId, user_agent: userAgent }).update({ ...seen, ...sync });
    if (updated > 0) return;
    await this.db(DEVICES_TABLE).insert({ user_id: userId, user_agent: userAgent, ...seen, ...sync }).onConflict(['user_id', 'user_agent']).merge();
    const stale = await this.db(DEVICES_TABLE).where('user_id', userId).orderBy('last_seen_at', 'desc').offset(KEPT_PER_USER).limit(1000).pluck('id');
    if (stale.length > 0) await this.db(DEVICES_TABLE).whereIn('id', stale).delete();
  }

  async recent(userId: number, limit: number, now: Date): Promise<SeenDevice[]> {
    const rows: Array<Record<string, unknown>> = await this.db(`${DEVICES_TABLE} as d`)
      .leftJoin(`${JOURNAL_TABLE} as j`, 'j.seq', 'd.last_token_seq')
      .where('d.user_id', userId).orderBy('d.last_seen_at', 'desc').limit(limit)
      .select('d.user_agent', 'd.client_family', 'd.last_seen_at', 'd.last_sync_at', 'd.last_token_seq', 'j.created_at as token_at');
    return rows.map((r) => {
      const tokenAt = fromSqlDateTimeOrNull(r.token_at);
      return {
        userAgent: String(r.user_agent), clientFamily: String(r.client_family), lastSeen: fromSqlDateTime(r.last_seen_at),
        lastSync: fromSqlDateTimeOrNull(r.last_sync_at),
        // Token 0 (before any change) or a pruned entry: age unknown.
        tokenAgeMs: tokenAt ? Math.max(0, now.getTime() - tokenAt.getTime()) : null,
      };
    });
  }
}
