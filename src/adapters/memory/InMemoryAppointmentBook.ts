import type { Appointment, AppointmentFields, AppointmentTiming } from '../../domain/index.ts';
import type { AppointmentBook } from '../../ports/index.ts';
import { InMemoryAssignedObjects } from './InMemoryAssignedObjects.ts';
import type { InMemoryCrm } from './InMemoryCrm.ts';

function copyTiming(t: AppointmentTiming): AppointmentTiming {
  return t.allDay
    ? { allDay: true, startDate: t.startDate, endDate: t.endDate }
    : { allDay: false, start: new Date(t.start), end: new Date(t.end), timeZone: t.timeZone };
}

function copyAppointment(a: Appointment): Appointment {
  return {
    id: a.id, ownerId: a.ownerId, assigneeIds: [...a.assigneeIds], version: a.version,
    createdAt: new Date(a.createdAt), updatedAt: new Date(a.updatedAt), title: a.title, location: a.location,
    description: a.description, timing: copyTiming(a.timing), recurrenceRule: a.recurrenceRule,
    contactId: a.contactId,
  };
}

/** {@link AppointmentBook} on an {@link InMemoryCrm}; behaves like `KnexAppointmentBook`. */
export class InMemoryAppointmentBook extends InMemoryAssignedObjects<Appointment, AppointmentFields> implements AppointmentBook {
  constructor(crm: InMemoryCrm) {
    super(crm, crm.appointments, 'appointments', copyAppointment);
  }
}
