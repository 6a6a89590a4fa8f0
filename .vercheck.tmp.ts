import { createTestDatabase } from '/work/main/test/support/databases.ts';
import { KnexContactDirectory } from '/work/main/src/adapters/knex/KnexContactDirectory.ts';
import { sqlCrm } from '/work/main/test/contracts/syncIndex.contract.ts';
for (const name of ['sqlite', 'mysql'] as const) {
  const h = await createTestDatabase(name);
  const crm = sqlCrm(h.knex);
  const me = await crm.user();
  const dir = new KnexContactDirectory(h.knex);
  const PHONE = { type: 'mobile' as const, number: '+41 79 000 00 00' };
  const base = (await dir.get(await crm.contact(me)))!;
  const created = await dir.create(me, { ...base, phones: [PHONE, PHONE] });
  const updated = await dir.update(created.id, { ...created, phones: [PHONE] });
  console.log(name, created.version, updated?.version);
  await h.destroy();
}
