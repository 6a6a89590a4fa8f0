import { KnexAppointmentBook } from '../../../src/adapters/knex/KnexAppointmentBook.ts';
import { KnexUserDirectory } from '../../../src/adapters/knex/KnexUserDirectory.ts';
import { appointmentBookContract } from '../../contracts/appointmentBook.contract.ts';
import { forEachDatabase } from '../../support/databases.ts';

forEachDatabase('KnexAppointmentBook', (db, _name, schema) => {
  appointmentBookContract(async () => ({
    users: new KnexUserDirectory(db(), undefined, schema),
    appointments: new KnexAppointmentBook(db(), undefined, schema),
    // `version` is maintained by the journal triggers, which come with the plugin tables.
    versionBumps: await db().schema.hasTable('dav_change_journal'),
  }));
}, { schemaVariants: true });
