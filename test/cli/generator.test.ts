import { expect } from 'chai';
import { generateContacts, mailSlug } from '../../src/adapters/knex/seed/contactGenerator.ts';
import { generateAppointments, generateTasks } from '../../src/adapters/knex/seed/calendarGenerator.ts';
import { SWISS_CITIES } from '../../src/adapters/knex/seed/swissData.ts';
import { DEMO_APPOINTMENTS, DEMO_TASKS, demoAppointmentRow, demoTaskRow } from '../../src/adapters/knex/seed/demoCalendar.ts';
import { DEMO_CONTACTS, DEMO_SHARES, demoContactSeed } from '../../src/adapters/knex/seed/demoContacts.ts';
import { DEMO_USERS } from '../../src/adapters/knex/seed/demoUsers.ts';

const REFERENCE = new Date('2026-03-18T10:00:00Z');
const DAY = 86_400_000;

describe('seed generator', () => {
  it('is deterministic for a seed value and differs between seed values', () => {
    const a = JSON.stringify([...generateContacts(7, 200)]);
    expect(JSON.stringify([...generateContacts(7, 200)])).to.equal(a);
    expect(JSON.stringify([...generateContacts(8, 200)])).not.to.equal(a);
    const e = JSON.stringify([...generateAppointments(7, 100, REFERENCE)]);
    expect(JSON.stringify([...generateAppointments(7, 100, REFERENCE)])).to.equal(e);
  });

  it('produces realistic Swiss contacts: ~15% companies, matching postal codes and cities, +41 phones', () => {
    const contacts = [...generateContacts(42, 4000)];
    const companies = contacts.filter((c) => c.contact.kind === 'company').length / contacts.length;
    expect(companies).to.be.within(0.12, 0.18);
    const cityOf = new Map(SWISS_CITIES.map((c) => [`${c.postalCode} ${c.city}`, c]));
    for (const c of contacts) {
      expect(c.addresses.length).to.be.at.least(1);
      for (const a of c.addresses) {
        expect(a.postal_code).to.match(/^\d{4}$/);
        expect(cityOf.has(`${a.postal_code} ${a.city}`), `${a.postal_code} ${a.city}`).to.equal(true);
        expect(a.country).to.equal('Schweiz');
      }
      for (const p of c.phones) expect(p.number).to.match(/^(\+41 |0)\d{2} \d{3} \d{2} \d{2}$/);
      for (const e of c.emails) expect(e.address).to.match(/^[a-z0-9.-]+@[a-z0-9.-]+\.(ch|com)$/);
      if (c.contact.kind === 'person') expect(c.contact.last_name).to.be.a('string');
      else expect(c.contact.company).to.be.a('string');
    }
    expect(contacts.some((c) => /[äöüé]/.test(`${c.contact.first_name}${c.contact.last_name}`))).to.equal(true);
    expect(contacts.some((c) => c.contact.company === 'Muster AG' || c.contact.company === 'Helvetia Treuhand GmbH')).to.equal(true);
    expect(contacts.filter((c) => c.contact.birthday).length).to.be.greaterThan(contacts.length * 0.2);
    expect(contacts.filter((c) => c.contact.notes).length).to.be.greaterThan(contacts.length * 0.1);
  });

  it('spreads appointments over ±1 year in Zürich time, ~10% recurring and ~10% all-day', () => {
    const events = [...generateAppointments(42, 3000, REFERENCE)];
    const recurring = events.filter((e) => e.rrule).length / events.length;
    const allDay = events.filter((e) => e.all_day === 1).length / events.length;
    expect(recurring).to.be.within(0.07, 0.13);
    expect(allDay).to.be.within(0.07, 0.13);
    for (const e of events) {
      const start = Date.parse(`${e.starts_at.replace(' ', 'T')}Z`);
      expect(Math.abs(start - REFERENCE.getTime())).to.be.below(372 * DAY);
      expect(Date.parse(`${e.ends_at.replace(' ', 'T')}Z`)).to.be.greaterThan(start);
      expect(e.time_zone).to.equal('Europe/Zurich');
      if (e.rrule) expect(e.rrule).to.match(/^FREQ=(WEEKLY;BYDAY=(MO|TU|WE|TH|FR)|MONTHLY;BYMONTHDAY=\d+)(;COUNT=\d+)?$/);
      if (e.all_day) expect(e.starts_at).to.match(/ 00:00:00\.000$/);
    }
    expect(events.some((e) => Date.parse(e.starts_at.replace(' ', 'T') + 'Z') < REFERENCE.getTime())).to.equal(true);
    expect(events.some((e) => Date.parse(e.starts_at.replace(' ', 'T') + 'Z') > REFERENCE.getTime())).to.equal(true);
  });

  it('mixes task status, priority and due dates and keeps completion consistent', () => {
    const tasks = [...generateTasks(42, 1000, REFERENCE, 50)];
    expect(new Set(tasks.map((t) => t.task.status))).to.have.lengthOf(4);
    expect(new Set(tasks.map((t) => t.task.priority))).to.have.lengthOf(3);
    expect(tasks.some((t) => t.task.due_at === null)).to.equal(true);
    expect(tasks.some((t) => t.task.due_all_day === 1)).to.equal(true);
    for (const { task, contactIndex } of tasks) {
      if (task.status === 'done') expect([task.percent_complete, task.completed_at !== null]).to.deep.equal([100, true]);
      else expect(task.completed_at).to.equal(null);
      if (contactIndex !== null) expect(contactIndex).to.be.within(0, 49);
    }
  });

  it('slugs umlauts for e-mail addresses', () => {
    expect(mailSlug('Jürg Müller-Schär')).to.equal('juerg-mueller-schaer');
    expect(mailSlug('Léa')).to.equal('lea');
  });
});

describe('demo data set', () => {
  it('has the five demo users, ~40 contacts, ~25 appointments and ~15 tasks with valid references', () => {
    expect(DEMO_USERS.map((u) => u.login)).to.include.members(['max.muster', 'lisa.admin', 'anna.beispiel', 'peter.ohne']);
    expect(DEMO_CONTACTS.length).to.be.within(35, 45);
    expect(DEMO_APPOINTMENTS.length).to.be.within(20, 30);
    expect(DEMO_TASKS.length).to.be.within(12, 18);
    const keys = new Set(DEMO_CONTACTS.flatMap((c) => (c.key ? [c.key] : [])));
    for (const s of DEMO_SHARES) expect(keys.has(s.contact), s.contact).to.equal(true);
    for (const t of DEMO_TASKS) if (t.contact) expect(keys.has(t.contact), t.contact).to.equal(true);
    expect(DEMO_SHARES).to.deep.include({ contact: 'muster', with: 'anna' });
  });

  it('places appointments in this and the next weeks and parses names into persons and companies', () => {
    const rows = DEMO_APPOINTMENTS.map((a) => demoAppointmentRow(a, REFERENCE));
    const upcoming = rows.filter((r) => Date.parse(`${r.starts_at.replace(' ', 'T')}Z`) >= REFERENCE.getTime() - 7 * DAY);
    expect(upcoming.length).to.be.greaterThan(rows.length * 0.8);
    expect(rows.filter((r) => r.all_day).length).to.be.at.least(3);
    expect(rows.filter((r) => r.rrule?.startsWith('FREQ=WEEKLY')).length).to.be.at.least(2);
    expect(DEMO_APPOINTMENTS.filter((a) => a.who.includes('max') && a.who.includes('sandra')).length).to.be.at.least(2);
    expect(DEMO_TASKS.map((t) => demoTaskRow(t, REFERENCE).status)).to.include.members(['open', 'in-progress', 'done', 'cancelled']);
    const hans = demoContactSeed(DEMO_CONTACTS[0]!);
    expect([hans.contact.kind, hans.contact.salutation, hans.contact.first_name, hans.contact.last_name]).to.deep.equal(['person', 'Herr', 'Hans', 'Müller']);
    expect(DEMO_CONTACTS.map(demoContactSeed).filter((c) => c.contact.kind === 'company').length).to.be.at.least(5);
  });
});
