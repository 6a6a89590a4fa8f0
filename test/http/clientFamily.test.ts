import { expect } from 'chai';
import { clientFamily } from '../../src/adapters/http/observability/clientFamily.ts';

/** User-Agent strings as the clients send them (docs/clients.md and the client tests). */
describe('clientFamily (from the User-Agent)', () => {
  const cases: Array<[string | undefined, string]> = [
    ['CalDavSynchronizer/4.6', 'outlook-caldav-synchronizer'],
    ['CalDavSynchronizer/1.22', 'outlook-caldav-synchronizer'],
    ['iOS/18.1.1 (22B91) dataaccessd/1.0', 'apple'],
    ['iOS/18.1.1 (22B91) accountsd/1.0', 'apple'],
    ['iOS/10.3.3 (14G60) accountsd/1.0', 'apple'],
    ['Mac OS X/10.15.6 (19G73) accountsd/113', 'apple'],
    ['Mac OS X/14.5 (23F79) AddressBookCore/2487.600.111', 'apple'],
    ['macOS/14.5 (23F79) CalendarAgent/1040', 'apple'],
    ['DAVx5/4.4.3-ose (at.bitfire.davdroid)', 'davx5'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.0', 'thunderbird'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36', 'other'],
    ['curl/8.5.0', 'other'],
    ['', 'other'],
    [undefined, 'other'],
  ];
  for (const [ua, family] of cases) {
    it(`${JSON.stringify(ua)} → ${family}`, () => expect(clientFamily(ua)).to.equal(family));
  }
});
