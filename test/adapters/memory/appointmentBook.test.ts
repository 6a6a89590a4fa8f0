import { InMemoryAppointmentBook, InMemoryCrm, InMemoryUserDirectory } from '../../../src/adapters/memory/index.ts';
import { appointmentBookContract } from '../../contracts/appointmentBook.contract.ts';

describe('InMemoryAppointmentBook', () => {
  appointmentBookContract(async () => {
    const crm = new InMemoryCrm();
    return { users: new InMemoryUserDirectory(crm), appointments: new InMemoryAppointmentBook(crm), versionBumps: true };
  });
});
