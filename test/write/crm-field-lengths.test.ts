import { expect } from 'chai';
import { forEachDatabase } from '../support/databases.ts';
import { dav, demoAppForSuite } from '../support/davApp.ts';

const CAL = '/dav/calendars/max.muster/brokerstar/';
const BOOK = '/dav/addressbooks/max.muster/brokerstar/';
const ICS = { 'Content-Type': 'text/calendar; charset=utf-8' };
const VCF = { 'Content-Type': 'text/vcard; charset=utf-8' };

/** Long text in umlauts and an emoji: characters, bytes and code points all differ. */
const long = (n: number) => Array.from({ length: n }, (_, i) => ['ä', 'ö', 'x', '😀'][i % 4]).join('');

/** Folds a content line at 75 octets (RFC 5545 §3.1) without splitting a UTF-8 sequence. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  for (const c of line) {
    if (Buffer.byteLength(current + c) > 74) {
      out.push(current);
      current = ' ';
    }
    current += c;
  }
  return [...out, current].join('\r\n');
}

forEachDatabase('text longer than a CRM column', (db) => {
  const app = demoAppForSuite(db);

  it('a SUMMARY of 300 characters is stored: in full for devices, shortened to the title column in BrokerStar', async () => {
    const summary = long(300);
    const body = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN', 'BEGIN:VEVENT', 'UID:long-summary', 'DTSTAMP:20261101T090000Z',
      'DTSTART:20261210T090000Z', 'DTEND:20261210T100000Z', fold(`SUMMARY:${summary}`), 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    const put = await dav(app, 'PUT', `${CAL}long-summary.ics`, { body, headers: ICS });
    expect(put.status, put.text).to.equal(201);
    const got = await dav(app, 'GET', `${CAL}long-summary.ics`);
    expect(got.text.replace(/\r\n /g, '')).to.include(`SUMMARY:${summary}`);
    const rows = await db()('appointments').where('title', 'like', 'äöx%').select('title');
    expect(rows).to.have.length(1);
    expect([...rows[0].title]).to.have.length(255);
    expect(summary.startsWith(rows[0].title)).to.equal(true);
  });

  it('a last name of 150 characters and an overlong phone number are shortened for BrokerStar only', async () => {
    const last = long(150);
    const phone = '+41 44 '.concat('1'.repeat(80));
    const body = ['BEGIN:VCARD', 'VERSION:3.0', 'UID:long-name', fold(`N:${last};Hans;;;`), fold(`FN:Hans ${last}`), fold(`TEL;TYPE=WORK:${phone}`), 'END:VCARD', ''].join('\r\n');
    const put = await dav(app, 'PUT', `${BOOK}long-name.vcf`, { body, headers: VCF });
    expect(put.status, put.text).to.equal(201);
    const got = (await dav(app, 'GET', `${BOOK}long-name.vcf`)).text.replace(/\r\n /g, '');
    expect(got).to.include(last);
    expect(got).to.include(phone);
    const contact = await db()('contacts').where('first_name', 'Hans').andWhere('last_name', 'like', 'äöx%').first('id', 'last_name');
    expect([...contact.last_name]).to.have.length(100);
    const stored = await db()('contact_phones').where('contact_id', contact.id).first('number');
    expect(stored.number).to.equal(phone.slice(0, 50));
  });

  it('a recurrence rule longer than BrokerStar can store is refused (400 valid-calendar-data), not cut into another rule', async () => {
    const rrule = `RRULE:FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=${Array.from({ length: 31 }, (_, i) => i + 1).join(',')};BYSETPOS=${Array.from({ length: 160 }, (_, i) => i + 1).join(',')}`;
    const body = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN', 'BEGIN:VEVENT', 'UID:long-rule', 'DTSTAMP:20261101T090000Z',
      'DTSTART:20260101T090000Z', 'DTEND:20260101T100000Z', fold(rrule), 'SUMMARY:Regel', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    const put = await dav(app, 'PUT', `${CAL}long-rule.ics`, { body, headers: ICS });
    expect(put.status, put.text).to.equal(400);
    expect(put.text).to.match(/valid-calendar-data/);
    expect(await db()('appointments').where('title', 'Regel').first()).to.equal(undefined);
  });
});
