import { expect } from 'chai';
import type Koa from 'koa';
import { forEachDatabase } from '../support/databases.ts';
import { createDavApp, dav, seedDemoData } from '../support/davApp.ts';
import { userId } from '../support/fixtures.ts';
import { listing } from '../http/reports/reportHelpers.ts';

const CAL = (login: string) => `/dav/calendars/${login}/brokerstar/`;
const ICS = { 'Content-Type': 'text/calendar; charset=utf-8' };

const alarm = (minutes: number, extra: string[] = []) =>
  ['BEGIN:VALARM', 'ACTION:DISPLAY', 'DESCRIPTION:Erinnerung', `TRIGGER:-PT${minutes}M`, ...extra, 'END:VALARM'];

/** The appointment as a device sends it back: BrokerStar's body with this user's own lines added. */
function withOwn(body: string, own: string[], props: string[] = []): string {
  return body.replace(/(\r\nEND:VEVENT)/, `\r\n${[...props, ...own].join('\r\n')}$1`);
}

/**
 * Issue 9, finding 8: in an appointment several users are assigned to, the alarms and alarm state a
 * device sets (VALARM, X-MOZ-LASTACK, X-MOZ-SNOOZE-TIME, Apple's ACKNOWLEDGED) are that user's own;
 * what BrokerStar models is shared.
 */
forEachDatabase('per-user alarms in shared appointments', (db) => {
  let app: Koa;
  let close: () => Promise<void>;
  let name: string;
  before(async () => {
    await seedDemoData(db());
    ({ app, close } = await createDavApp(db()));
    const [max, sandra] = [await userId(db(), 'max.muster'), await userId(db(), 'sandra.keller')];
    const [id] = await db()('appointments').insert({ title: 'Teamsitzung', starts_at: '2026-12-14 08:00:00.000', ends_at: '2026-12-14 09:00:00.000', owner_id: max });
    await db()('appointment_assignees').insert([{ appointment_id: id, user_id: max }, { appointment_id: id, user_id: sandra }]);
    name = `brokerstar-appointment-${Number(id)}.ics`;
  });
  after(async () => close());

  it("one user's alarm never reaches a colleague's device; each gets back exactly what their device sent", async () => {
    const shared = (await dav(app, 'GET', `${CAL('max.muster')}${name}`, { as: 'max.muster' })).text;
    const maxBody = withOwn(shared, alarm(15, ['ACKNOWLEDGED:20261214T074500Z']), ['X-MOZ-LASTACK:20261214T074500Z']);
    const put = await dav(app, 'PUT', `${CAL('max.muster')}${name}`, { as: 'max.muster', body: maxBody, headers: ICS });
    expect(put.status, put.text).to.equal(204);
    const maxGet = await dav(app, 'GET', `${CAL('max.muster')}${name}`, { as: 'max.muster' });
    expect(maxGet.text).to.equal(maxBody);
    expect(maxGet.headers.etag).to.equal(put.headers.etag);

    const sandraGet = await dav(app, 'GET', `${CAL('sandra.keller')}${name}`, { as: 'sandra.keller' });
    expect(sandraGet.text).to.not.match(/VALARM|X-MOZ-LASTACK|ACKNOWLEDGED/);
    expect(sandraGet.text).to.include('SUMMARY:Teamsitzung');
    const sandraBody = withOwn(sandraGet.text, alarm(60));
    const sandraPut = await dav(app, 'PUT', `${CAL('sandra.keller')}${name}`, { as: 'sandra.keller', body: sandraBody, headers: ICS });
    expect(sandraPut.status).to.equal(204);

    const maxAgain = (await dav(app, 'GET', `${CAL('max.muster')}${name}`, { as: 'max.muster' })).text;
    expect(maxAgain).to.include('TRIGGER:-PT15M').and.not.include('TRIGGER:-PT60M');
    const sandraAgain = (await dav(app, 'GET', `${CAL('sandra.keller')}${name}`, { as: 'sandra.keller' })).text;
    expect(sandraAgain).to.include('TRIGGER:-PT60M').and.not.include('TRIGGER:-PT15M');
    // Listings report the same per-user ETags as GET.
    const maxList = await listing(app, CAL('max.muster'), 'max.muster');
    expect(maxList.get(`${CAL('max.muster')}${name}`)).to.equal((await dav(app, 'GET', `${CAL('max.muster')}${name}`, { as: 'max.muster' })).headers.etag);
  });

  it('an edit in BrokerStar reaches both with their own alarms kept', async () => {
    await db()('appointments').where('title', 'Teamsitzung').update({ location: 'Sitzungszimmer 3' });
    const maxText = (await dav(app, 'GET', `${CAL('max.muster')}${name}`, { as: 'max.muster' })).text;
    const sandraText = (await dav(app, 'GET', `${CAL('sandra.keller')}${name}`, { as: 'sandra.keller' })).text;
    expect(maxText).to.include('LOCATION:Sitzungszimmer 3').and.include('TRIGGER:-PT15M').and.include('X-MOZ-LASTACK').and.not.include('TRIGGER:-PT60M');
    expect(sandraText).to.include('LOCATION:Sitzungszimmer 3').and.include('TRIGGER:-PT60M').and.not.include('TRIGGER:-PT15M');
  });

  it('removing the alarm on a device removes it for that user only', async () => {
    const maxText = (await dav(app, 'GET', `${CAL('max.muster')}${name}`, { as: 'max.muster' })).text;
    const without = maxText.replace(/BEGIN:VALARM[\s\S]*?END:VALARM\r\n/g, '').replace(/X-MOZ-LASTACK:[^\r\n]*\r\n/, '');
    expect((await dav(app, 'PUT', `${CAL('max.muster')}${name}`, { as: 'max.muster', body: without, headers: ICS })).status).to.equal(204);
    expect((await dav(app, 'GET', `${CAL('max.muster')}${name}`, { as: 'max.muster' })).text).to.not.include('VALARM');
    expect((await dav(app, 'GET', `${CAL('sandra.keller')}${name}`, { as: 'sandra.keller' })).text).to.include('TRIGGER:-PT60M');
  });
});
