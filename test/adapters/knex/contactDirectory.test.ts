import { KnexContactDirectory } from '../../../src/adapters/knex/KnexContactDirectory.ts';
import { KnexUserDirectory } from '../../../src/adapters/knex/KnexUserDirectory.ts';
import { contactDirectoryContract } from '../../contracts/contactDirectory.contract.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { createUser, fullContactFields } from '../../support/mothers.ts';
import { expect } from 'chai';

forEachDatabase('KnexContactDirectory', (db, _name, schema) => {
  contactDirectoryContract(async () => ({
    users: new KnexUserDirectory(db(), undefined, schema),
    contacts: new KnexContactDirectory(db(), undefined, schema),
    // `version` is maintained by the journal triggers, which come with the plugin tables.
    versionBumps: await db().schema.hasTable('dav_change_journal'),
  }));
}, { schemaVariants: true });

forEachDatabase('KnexContactDirectory: sub-records on update', (db, _name, schema) => {
  it('rewrites only the lists that changed: the others keep their rows (no delete, no re-insert)', async () => {
    const users = new KnexUserDirectory(db(), undefined, schema);
    const contacts = new KnexContactDirectory(db(), undefined, schema);
    const owner = await createUser(users);
    const { id } = await contacts.create(owner.id, fullContactFields());
    const rowIds = async (table: 'contact_addresses' | 'contact_phones' | 'contact_emails') =>
      (await db()(schema.t(table)).where(schema.c(table, 'contact_id'), id).orderBy(schema.c(table, 'id')).select(`${schema.c(table, 'id')} as id`)).map((r) => Number(r.id));
    const before = { addresses: await rowIds('contact_addresses'), phones: await rowIds('contact_phones'), emails: await rowIds('contact_emails') };
    await contacts.update(id, fullContactFields({ notes: 'Neu', phones: [{ type: 'work', number: '+41 44 000 00 00' }] }));
    expect(await rowIds('contact_addresses')).to.deep.equal(before.addresses);
    expect(await rowIds('contact_emails')).to.deep.equal(before.emails);
    const phones = await rowIds('contact_phones');
    expect(phones).to.have.length(1);
    expect(before.phones).to.not.include(phones[0]);
  });
}, { schemaVariants: true });
