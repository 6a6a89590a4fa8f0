import { expect } from 'chai';
import { forEachDatabase } from '../support/databases.ts';
import { dav, demoAppForSuite } from '../support/davApp.ts';
import { userId } from '../support/fixtures.ts';
import { listing } from '../http/reports/reportHelpers.ts';

const CAL = (login: string) => `/dav/calendars/${login}/brokerstar/`;
const BOOK = (login: string) => `/dav/addressbooks/${login}/brokerstar/`;
const ICS = { 'Content-Type': 'text/calendar; charset=utf-8' };
const VCF = { 'Content-Type': 'text/vcard; charset=utf-8' };

const event = (uid: string, summary: string) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN', 'BEGIN:VEVENT', `UID:${uid}`,
  'DTSTAMP:20261101T090000Z', 'DTSTART:20261210T090000Z', 'DTEND:20261210T100000Z', `SUMMARY:${summary}`, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
const card = (uid: string, last: string) => ['BEGIN:VCARD', 'VERSION:3.0', `UID:${uid}`, `N:${last};Hans;;;`, `FN:Hans ${last}`, 'END:VCARD', ''].join('\r\n');

/**
 * Issue 9, finding 4: names and UIDs are unique per collection (RFC 4791 §5.3.2.1, RFC 6352
 * §6.3.2.1), not across users; no answer names another user's object or reveals that it exists.
 */
forEachDatabase('one namespace per collection', (db) => {
  const app = demoAppForSuite(db);

  it('the same invitation UID PUT by two users makes two appointments; neither learns of the other', async () => {
    const first = await dav(app, 'PUT', `${CAL('max.muster')}einladung.ics`, { as: 'max.muster', body: event('invitation-42@example.ch', 'Max'), headers: ICS });
    expect(first.status).to.equal(201);
    const second = await dav(app, 'PUT', `${CAL('sandra.keller')}invite.ics`, { as: 'sandra.keller', body: event('invitation-42@example.ch', 'Sandra'), headers: ICS });
    expect(second.status, second.text).to.equal(201);
    expect(second.text).to.not.include('max.muster');
    expect((await dav(app, 'GET', `${CAL('max.muster')}einladung.ics`, { as: 'max.muster' })).text).to.include('SUMMARY:Max');
    expect((await dav(app, 'GET', `${CAL('sandra.keller')}invite.ics`, { as: 'sandra.keller' })).text).to.include('SUMMARY:Sandra');
    // Within one collection the UID stays unique, and the 409 names the user's own resource.
    const again = await dav(app, 'PUT', `${CAL('sandra.keller')}other.ics`, { as: 'sandra.keller', body: event('invitation-42@example.ch', 'Zwei'), headers: ICS });
    expect(again.status).to.equal(409);
    expect(again.text).to.include(`${CAL('sandra.keller')}invite.ics`);
  });

  it('a default name cannot be taken in advance: the appointment created later in BrokerStar stays reachable', async () => {
    const max = await userId(db(), 'max.muster');
    const next = Number((await db()('appointments').max({ next: 'id' }).first())?.next);
    const squatted = `brokerstar-appointment-${Number(next) + 1}.ics`;
    const put = await dav(app, 'PUT', `${CAL('sandra.keller')}${squatted}`, { as: 'sandra.keller', body: event('squat', 'Besetzt'), headers: ICS });
    expect(put.status).to.equal(403);
    const [id] = await db()('appointments').insert({ title: 'Kundentermin', starts_at: '2026-12-11 09:00:00.000', ends_at: '2026-12-11 10:00:00.000', owner_id: max });
    expect(Number(id)).to.equal(Number(next) + 1);
    await db()('appointment_assignees').insert({ appointment_id: id, user_id: max });
    const href = `${CAL('max.muster')}${squatted}`;
    expect([...(await listing(app, CAL('max.muster'))).keys()]).to.include(href);
    const got = await dav(app, 'GET', href, { as: 'max.muster' });
    expect(got.status).to.equal(200);
    expect(got.text).to.include('SUMMARY:Kundentermin');
  });

  it('a name another user\'s contact has does not hide it: a third user who sees both gets each once', async () => {
    const mine = await dav(app, 'PUT', `${BOOK('max.muster')}kunde.vcf`, { as: 'max.muster', body: card('kunde-max', 'Muster-Kunde'), headers: VCF });
    expect(mine.status).to.equal(201);
    // Anna (scope OWN) does not see Max's contact: her PUT creates her own, under the same name.
    const hers = await dav(app, 'PUT', `${BOOK('anna.beispiel')}kunde.vcf`, { as: 'anna.beispiel', body: card('kunde-anna', 'Beispiel-Kunde'), headers: VCF });
    expect(hers.status, hers.text).to.equal(201);
    expect((await dav(app, 'GET', `${BOOK('max.muster')}kunde.vcf`, { as: 'max.muster' })).text).to.include('Muster-Kunde');
    expect((await dav(app, 'GET', `${BOOK('anna.beispiel')}kunde.vcf`, { as: 'anna.beispiel' })).text).to.include('Beispiel-Kunde');
    // Lisa (scope ALL) sees both: the older keeps the name, the newer is listed under its default name.
    const lisa = await listing(app, BOOK('lisa.admin'), 'lisa.admin');
    const hrefs = [...lisa.keys()];
    expect(hrefs.filter((h) => h.endsWith('/kunde.vcf'))).to.have.length(1);
    expect(new Set(hrefs).size).to.equal(hrefs.length);
    expect((await dav(app, 'GET', `${BOOK('lisa.admin')}kunde.vcf`, { as: 'lisa.admin' })).text).to.include('Muster-Kunde');
    const annasId = Number((await db()('contacts').where('last_name', 'Beispiel-Kunde').first('id')).id);
    const shadow = await dav(app, 'GET', `${BOOK('lisa.admin')}brokerstar-contact-${annasId}.vcf`, { as: 'lisa.admin' });
    expect(shadow.status).to.equal(200);
    expect(shadow.text).to.include('Beispiel-Kunde');
  });
});
