import { expect } from 'chai';
import type Koa from 'koa';
import { forEachDatabase } from '../support/databases.ts';
import { dav, demoAppForSuite } from '../support/davApp.ts';
import { hrefsIn, parseMultistatus, prop } from '../support/multistatus.ts';
import { caldav, carddav, cs, dav as d, ical } from '../../src/adapters/http/dav/xml/names.ts';
import { O_ABHS, O_CHS, O_CUAS, O_CUP, O_LISTAB, O_LISTCAL, O_OWNER, O_PRIV, O_RT, O_SRS } from '../support/clientRequests/outlookCalDavSynchronizer.ts';


const OCS = { 'User-Agent': 'CalDavSynchronizer/4.6' };

/** Replays OCS's own redirect handling: 301/302/303/307 re-issue the same request at Location. */
async function ocs(app: Koa, method: string, url: string, depth: string, body: string | undefined, as = 'max.muster') {
  let path = url;
  for (let hop = 0; hop < 5; hop++) {
    const res = await dav(app, method, path, { as, depth, ...(body === undefined ? {} : { body }), headers: OCS });
    if ([301, 302, 303, 307].includes(res.status)) {
      path = new URL(res.headers.location!, 'http://brokerstar.test').pathname;
      continue;
    }
    return { res, path };
  }
  throw new Error('redirect loop');
}

function principalFrom(body: string): string {
  const ms = parseMultistatus(body);
  const first = ms.responses[0];
  const href = hrefsIn(prop(first, d('current-user-principal')))[0] ?? hrefsIn(prop(first, d('principal-URL')))[0];
  if (!href) throw new Error('no principal');
  return href;
}

forEachDatabase('Outlook CalDav Synchronizer', (db) => {
  const app = demoAppForSuite(db);

  async function discoverCalendars(as: string) {
    const cup = await ocs(app, 'PROPFIND', '/.well-known/caldav', '0', O_CUP, as);
    expect(cup.res.status).to.equal(207);
    const principal = principalFrom(cup.res.text);
    expect(principal, 'absolute path, never a full URL').to.match(/^\/[^/]/);
    const chs = await ocs(app, 'PROPFIND', principal, '0', O_CHS, as);
    const homes = hrefsIn(prop(parseMultistatus(chs.res.text).responses[0], caldav('calendar-home-set')));
    const calendars: { href: string; name: string; components: string }[] = [];
    for (const home of homes) {
      const list = await ocs(app, 'PROPFIND', home, '1', O_LISTCAL, as);
      expect(list.res.status).to.equal(207);
      for (const r of parseMultistatus(list.res.text).responses) {
        const type = prop(r, d('resourcetype'));
        if (!type?.children.some((c) => c.name === caldav('calendar'))) continue;
        expect(r.props.has(d('displayname')), 'OCS skips calendars without displayname').to.equal(true);
        const comps = prop(r, caldav('supported-calendar-component-set'))?.children.map((c) => c.attributes.name).join(',') ?? '';
        calendars.push({ href: r.href, name: prop(r, d('displayname'))!.text, components: comps });
        expect(prop(r, ical('calendar-color'))?.text.length ?? 0).to.be.at.least(7);
      }
    }
    return { principal, calendars };
  }

  it('Flow A (calendar): well-known → principal → home → exactly one VEVENT calendar named BrokerStar', async () => {
    const { principal, calendars } = await discoverCalendars('max.muster');
    const events = calendars.filter((c) => c.components.includes('VEVENT'));
    const tasks = calendars.filter((c) => c.components.includes('VTODO'));
    expect(events.map((c) => c.name)).to.deep.equal(['BrokerStar']);
    expect(tasks.map((c) => c.name)).to.deep.equal(['BrokerStar']);
    const cal = events[0]!.href;
    const priv = await ocs(app, 'PROPFIND', cal, '0', O_PRIV);
    const privileges = prop(parseMultistatus(priv.res.text).responses[0], d('current-user-privilege-set'))!.children.map((p) => p.children[0]!.local);
    expect(privileges).to.include.members(['write', 'write-content', 'bind', 'unbind']);
    const owner = await ocs(app, 'PROPFIND', cal, '0', O_OWNER);
    const ownerHref = hrefsIn(prop(parseMultistatus(owner.res.text).responses[0], d('owner')))[0];
    expect(ownerHref).to.equal(principal);
    const cuas = await ocs(app, 'PROPFIND', ownerHref!, '0', O_CUAS);
    const addresses = hrefsIn(prop(parseMultistatus(cuas.res.text).responses[0], caldav('calendar-user-address-set')));
    expect(addresses[0]).to.match(/^mailto:.+@/);
    const options = await dav(app, 'OPTIONS', principal, { headers: OCS });
    expect(options.status).to.equal(200);
    expect(options.headers.dav).to.not.match(/calendar-proxy/);
    // TestConnection on the chosen URL (Flow A step 6)
    const rt = await ocs(app, 'PROPFIND', cal, '0', O_RT);
    const type = prop(parseMultistatus(rt.res.text).responses[0], d('resourcetype'))!;
    expect(type.children.map((c) => c.name)).to.include(caldav('calendar')).and.not.include(carddav('addressbook'));
    const calOptions = await dav(app, 'OPTIONS', cal, { headers: OCS });
    expect(String(calOptions.headers.dav).split(',').map((s: string) => s.trim())).to.include('calendar-access');
    const srs = await ocs(app, 'PROPFIND', cal, '0', O_SRS);
    const reports = prop(parseMultistatus(srs.res.text).responses[0], d('supported-report-set'))!.children.map((sr) => sr.children[0]!.children[0]!.name);
    expect(reports).to.include.members([caldav('calendar-query'), caldav('calendar-multiget'), d('sync-collection')]);
  });

  it('Flow A (contacts): well-known carddav → one address book named BrokerStar, writable', async () => {
    const cup = await ocs(app, 'PROPFIND', '/.well-known/carddav', '0', O_CUP);
    const principal = principalFrom(cup.res.text);
    const abhs = await ocs(app, 'PROPFIND', principal, '0', O_ABHS);
    const homes = hrefsIn(prop(parseMultistatus(abhs.res.text).responses[0], carddav('addressbook-home-set')));
    expect(homes).to.have.length(1);
    const list = await ocs(app, 'PROPFIND', homes[0]!, '1', O_LISTAB);
    const books = parseMultistatus(list.res.text).responses.filter((r) => prop(r, d('resourcetype'))?.children.some((c) => c.name === carddav('addressbook')));
    expect(books.map((b) => prop(b, d('displayname'))?.text)).to.deep.equal(['BrokerStar']);
    const options = await dav(app, 'OPTIONS', books[0]!.href, { headers: OCS });
    expect(options.headers.dav).to.match(/\baddressbook\b/);
    const priv = await ocs(app, 'PROPFIND', books[0]!.href, '0', O_PRIV);
    const privileges = prop(parseMultistatus(priv.res.text).responses[0], d('current-user-privilege-set'))!.children.map((p) => p.children[0]!.local);
    expect(privileges).to.include.members(['write-content', 'bind', 'unbind']);
  });

  it('anna.beispiel (Assistenz: calendar off) is offered the task list but no calendar; contacts without unbind', async () => {
    const { calendars } = await discoverCalendars('anna.beispiel');
    expect(calendars.filter((c) => c.components.includes('VEVENT'))).to.have.length(0);
    expect(calendars.filter((c) => c.components.includes('VTODO')).map((c) => c.name)).to.deep.equal(['BrokerStar']);
    const direct = await dav(app, 'PROPFIND', '/dav/calendars/anna.beispiel/brokerstar/', { as: 'anna.beispiel', depth: '0', body: O_RT });
    expect(direct.status).to.equal(403);
    expect(direct.text).to.contain('need-privileges');
  });

  it('peter.ohne (no mailing module) gets 403 with the reason, not 401', async () => {
    const res = await dav(app, 'PROPFIND', '/.well-known/caldav', { as: 'peter.ohne', depth: '0', body: O_CUP, headers: OCS });
    expect(res.status).to.equal(403);
    expect(res.headers['www-authenticate']).to.equal(undefined);
    expect(res.text).to.match(/mailing/i);
  });

  it('a wrong password gets 401 with a Basic challenge for realm BrokerStar', async () => {
    const res = await dav(app, 'PROPFIND', '/.well-known/caldav', { as: null, depth: '0', body: O_CUP, headers: { ...OCS, Authorization: 'Basic bWF4Lm11c3Rlcjpub3Bl' } });
    expect(res.status).to.equal(401);
    expect(res.headers['www-authenticate']).to.match(/^Basic realm="BrokerStar"/);
  });

  it('Flow B (multi-profile): discovers calendar, task list and address book, each named BrokerStar', async () => {
    const { calendars } = await discoverCalendars('lisa.admin');
    expect(calendars.map((c) => `${c.components}:${c.name}`).sort()).to.deep.equal(['VEVENT:BrokerStar', 'VTODO:BrokerStar']);
    const cup = await ocs(app, 'PROPFIND', '/.well-known/carddav', '0', O_CUP, 'lisa.admin');
    const principal = principalFrom(cup.res.text);
    const abhs = await ocs(app, 'PROPFIND', principal, '0', O_ABHS, 'lisa.admin');
    expect(hrefsIn(prop(parseMultistatus(abhs.res.text).responses[0], carddav('addressbook-home-set')))).to.have.length(1);
    expect(cs('getctag')).to.be.a('string');
  });
});
