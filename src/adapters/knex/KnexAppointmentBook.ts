import type { Knex } from 'knex';
import type { Appointment, AppointmentFields } from '../../domain/index.ts';
import type { AppointmentBook, Clock } from '../../ports/index.ts';
import { APPOINTMENT_ASSIGNEES } from './assignees.ts';
import { KnexAssignedObjects } from './KnexAssignedObjects.ts';
import { systemClock } from './systemClock.ts';
import { CrmSchema } from './schema/crmSchema.ts';
import { APPOINTMENT_COLUMNS, appointmentFieldsToRow, appointmentFromRow } from './rows/appointmentRows.ts';

/**
 * {@link AppointmentBook} on BrokerStar's `appointments` and `appointment_assignees` tables.
 * All-day appointments are stored as midnight UTC of `startDate`/`endDate` with `all_day` set.
 */
export class KnexAppointmentBook extends KnexAssignedObjects<Appointment, AppointmentFields> implements AppointmentBook {
  constructor(db: Knex | Knex.Transaction, clock: Clock = systemClock, schema: CrmSchema = CrmSchema.reference) {
    super(db, clock, {
      table: 'appointments',
      kind: 'appointment',
      columns: APPOINTMENT_COLUMNS,
      assignees: APPOINTMENT_ASSIGNEES,
      fieldsToRow: appointmentFieldsToRow,
      fromRow: appointmentFromRow,
    }, schema);
  }
}
