import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';
import type { BrokerStarDavMiddleware } from '../../../src/index.ts';
import { buildContainer } from '../../../src/container.ts';
import { diagnose } from '../../../src/application/diagnose.ts';
import { TOKENS } from '../../../src/ports/index.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { basic, seedDemoData } from '../../support/davApp.ts';
import { csrfOf, getPage, postForm, propfindAs, setupHost, syncRows } from './setupSupport.ts';

forEachDatabase('setup page: what each user sees', (db) => {
  let app: Koa;
  let plugin: BrokerStarDavMiddleware;
  before(async () => {
    await seedDemoData(db());
    ({ app, plugin } = await setupHost(db()));
  });
  after(() => plugin.close());

  it('asks for the BrokerStar login (401 with a Basic challenge) and answers in German by default', async () => {
    const res = await request(app.callback()).get('/dav/setup');
    expect(res.status).to.equal(401);
    expect(res.headers['www-authenticate']).to.match(/^Basic realm="BrokerStar"/);
    const page = await getPage(app);
    expect(page.status).to.equal(200);
    expect(page.headers['content-type']).to.match(/^text\/html/);
    expect(page.headers['cache-control']).to.equal('no-store');
    expect(page.text).to.contain('<html lang="de">').and.contain('Was ich synchronisieren kann');
    // No external resources: no src/href to another host (the only absolute links are the user's own values).
    expect(page.text).not.to.match(/<(script|link|img)[^>]+(src|href)="https?:/);
  });

  it('max.muster: contacts, calendar and tasks yes, with the counts diagnose reports', async () => {
    const user = (await (await buildContainer({ knex: db() })).get(TOKENS.UserDirectory).findByLogin('max.muster'))!;
    const c = await buildContainer({ knex: db() });
    const d = await diagnose(user, { users: c.get(TOKENS.UserDirectory), contacts: c.get(TOKENS.ContactDirectory), appointments: c.get(TOKENS.AppointmentBook), tasks: c.get(TOKENS.TaskList) });
    const rows = syncRows((await getPage(app)).text);
    for (const col of d.collections) {
      expect(rows[col.kind], col.kind).to.deep.equal({ synced: true, count: col.objects, reason: '' });
    }
    expect(rows.contacts!.count).to.be.greaterThan(0);
  });

  it('anna.beispiel: calendar no, with her group\'s name, the flag and whom to ask; contacts and tasks yes', async () => {
    const rows = syncRows((await getPage(app, 'anna.beispiel')).text);
    expect(rows.contacts!.synced).to.equal(true);
    expect(rows.tasks!.synced).to.equal(true);
    expect(rows.calendar!.synced).to.equal(false);
    expect(rows.calendar!.reason).to.contain('Die Benutzergruppe &quot;Assistenz&quot; erlaubt &quot;Kalender synchronisieren&quot; nicht.')
      .and.contain('Benutzergruppen verwalten');
    // The count is what the calendar holds (or would hold): the appointments assigned to her.
    expect(rows.calendar!.count).to.be.a('number');
  });

  it('peter.ohne (no mailing module) gets the page, every type no, with the reason and whom to ask, in English on request', async () => {
    // His devices get 403; the page still opens and says why.
    expect((await propfindAs(app, 'peter.ohne', 'demo')).status).to.equal(403);
    const de = syncRows((await getPage(app, 'peter.ohne')).text);
    expect(Object.values(de).map((r) => r.synced)).to.deep.equal([false, false, false]);
    expect(de.contacts!.reason).to.contain('Mailing-Modul').and.contain('BrokerStar-Administrator');
    const en = await getPage(app, 'peter.ohne', '', { 'Accept-Language': 'en-GB,en;q=0.9' });
    expect(en.text).to.contain('<html lang="en">').and.contain('What I can sync');
    expect(syncRows(en.text).calendar!.reason).to.contain('mailing module').and.contain('administrator');
  });

  it('?lang= overrides Accept-Language; the page links to the other language', async () => {
    const en = await getPage(app, 'max.muster', '?lang=en', { 'Accept-Language': 'de-CH' });
    expect(en.text).to.contain('<html lang="en">').and.contain('href="/dav/setup?lang=de"');
    const de = await getPage(app, 'max.muster', '?lang=de', { 'Accept-Language': 'en' });
    expect(de.text).to.contain('<html lang="de">');
  });

  it('fills in the user\'s values for every client of the user guide, and warns over plain HTTP', async () => {
    const page = (await getPage(app, 'max.muster', '', { Host: 'dav.example.ch:8443' })).text;
    expect(page).to.contain('data-copy="http://dav.example.ch:8443/dav/"').and.contain('data-copy="max.muster"').and.contain('data-copy="dav.example.ch:8443"');
    for (const step of ['Generisches Profil', 'Test oder suche Einstellungen', 'Suche nach Resourcen und weise Outlook Foldern zu',
      'CardDAV-Account hinzufügen', 'CalDAV-Account hinzufügen', 'Internet-Accounts', 'Accounttyp: Manuell', 'DAVx⁵', 'Thunderbird']) {
      expect(page, step).to.contain(step);
    }
    // The three resources Outlook finds and the folder type each needs.
    expect(page).to.contain('"BrokerStar" (Kontakte) → Kontakte-Ordner').and.contain('(Kalender) → Kalender-Ordner').and.contain('(Aufgaben) → Aufgaben-Ordner');
    expect(page).not.to.contain('klein geschrieben');
    expect(page).to.contain('id="http-warning"');
  });

  it('no HTTP warning when the browser came over TLS (a trusted proxy says so)', async () => {
    const { app: proxied, plugin: p } = await setupHost(db(), { trustProxy: true }, true);
    try {
      const page = (await getPage(proxied, 'max.muster', '', { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'dav.example.ch' })).text;
      expect(page).not.to.contain('id="http-warning"');
      expect(page).to.contain('data-copy="https://dav.example.ch/dav/"').and.contain('caldavs://max.muster@dav.example.ch/dav/');
    } finally {
      await p.close();
    }
  });

  it('other methods and paths: 405 with Allow, 404; a wrong password: 401', async () => {
    const put = await request(app.callback()).put('/dav/setup').set('Authorization', basic('max.muster'));
    expect(put.status).to.equal(405);
    expect(put.headers.allow).to.equal('GET, HEAD');
    expect((await request(app.callback()).get('/dav/setup/app-passwords').set('Authorization', basic('max.muster'))).status).to.equal(405);
    expect((await request(app.callback()).get('/dav/setup/nothing').set('Authorization', basic('max.muster'))).status).to.equal(404);
    expect((await request(app.callback()).get('/dav/setup').set('Authorization', basic('max.muster', 'falsch'))).status).to.equal(401);
  });

  it('a host that signed the user in passes the login (setupUser); no Basic needed', async () => {
    const { app: host, plugin: p } = await setupHost(db(), { setupUser: (ctx) => (ctx.get('X-Test-Session') === 'anna' ? 'anna.beispiel' : null) });
    try {
      const res = await request(host.callback()).get('/dav/setup').set('X-Test-Session', 'anna');
      expect(res.status).to.equal(200);
      expect(res.text).to.contain('(anna.beispiel)');
      expect((await request(host.callback()).get('/dav/setup')).status).to.equal(401);
    } finally {
      await p.close();
    }
  });

  it('a form too large for a label and a token is refused with 413, not read', async () => {
    const csrf = csrfOf((await getPage(app)).text);
    const res = await postForm(app, '/app-passwords', { csrf, label: 'x'.repeat(10_000) });
    expect(res.status).to.equal(413);
  });
});
