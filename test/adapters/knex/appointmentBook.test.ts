import { KnexAppointmentBook } from '../../../src/adapters/knex/KnexAppointmentBook.ts';
import { KnexUserDirectory } from '../../../src/adapters/knex/KnexUserDirectory.ts';
import { appointmentBookContract } from '../../contracts/appointmentBook.contract.ts';
import { forEachDatabase } from '../../support/databases.ts';

forEachDatabase('KnexAppointmentBook', (db) => {
  appointmentBookContract(async () => ({
    users: new KnexUserDirectory(db()),
    appointments: new KnexAppointmentBook(db()),
    // `version` is maintained by the journal triggers, which come with the change_journal table.
    versionBumps: await db().schema.hasTable('change_journal'),
  }));
});
