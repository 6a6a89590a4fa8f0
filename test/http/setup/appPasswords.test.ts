import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';
import type { BrokerStarDavMiddleware } from '../../../src/index.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { basic, seedDemoData } from '../../support/davApp.ts';
import { createAppPassword, csrfOf, getPage, postForm, propfindAs, setupHost } from './setupSupport.ts';

forEachDatabase('setup page: app passwords', (db) => {
  let app: Koa;
  let plugin: BrokerStarDavMiddleware;
  before(async () => {
    await seedDemoData(db());
    ({ app, plugin } = await setupHost(db(), { loginThrottling: { firstDelayMs: 1, maxDelayMs: 2 } }));
  });
  after(() => plugin.close());

  it('created on the page, shown once, works for DAV; the list shows last use with the client family', async () => {
    const password = await createAppPassword(app, 'iPhone Max');
    expect(password).to.match(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){5}$/);
    expect((await propfindAs(app, 'max.muster', password, 'iOS/17.4 (21E219) dataaccessd/1.0')).status).to.equal(207);
    // Typed in lower case on a phone: still the same password.
    expect((await propfindAs(app, 'max.muster', password.toLowerCase())).status).to.equal(207);
    const page = (await getPage(app)).text;
    expect(page).not.to.contain(password);
    const row = /<tr><td>iPhone Max<\/td><td>[^<]+<\/td><td>([^<]+)<\/td>/.exec(page);
    expect(row?.[1]).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC \((apple|davx5)\)$/);
    // The BrokerStar password keeps working (the user guide relies on it).
    expect((await propfindAs(app, 'max.muster', 'demo')).status).to.equal(207);
  });

  it('revoked on the page: 401 at the very next request, although it was just verified (no stale cache)', async () => {
    const password = await createAppPassword(app, 'Laptop');
    expect((await propfindAs(app, 'max.muster', password)).status).to.equal(207);
    const csrf = csrfOf((await getPage(app)).text);
    const res = await postForm(app, '/app-passwords/revoke', { csrf, label: 'Laptop' });
    expect(res.status).to.equal(200);
    expect(res.text).not.to.contain('<td>Laptop</td>');
    expect((await propfindAs(app, 'max.muster', password)).status).to.equal(401);
  });

  it('only the owner\'s: another user\'s app password does not open this account', async () => {
    const sandras = await createAppPassword(app, 'Sandra Handy', 'sandra.keller');
    expect((await propfindAs(app, 'sandra.keller', sandras)).status).to.equal(207);
    expect((await propfindAs(app, 'max.muster', sandras)).status).to.equal(401);
  });

  it('an app password does not open the setup page (a lost device must not mint new passwords)', async () => {
    const password = await createAppPassword(app, 'Tablet');
    const res = await request(app.callback()).get('/dav/setup').set('Authorization', basic('max.muster', password));
    expect(res.status).to.equal(401);
  });

  it('labels: empty and duplicate names are refused with 400 and a message', async () => {
    const csrf = csrfOf((await getPage(app)).text);
    expect((await postForm(app, '/app-passwords', { csrf, label: '   ' })).status).to.equal(400);
    await createAppPassword(app, 'Doppelt');
    const dup = await postForm(app, '/app-passwords', { csrf, label: 'Doppelt' });
    expect(dup.status).to.equal(400);
    expect(dup.text).to.contain('class="error"');
  });

  it('cross-site requests are refused: no token, a wrong token, another Origin, Sec-Fetch-Site cross-site', async () => {
    const csrf = csrfOf((await getPage(app)).text);
    const before = (await getPage(app)).text.match(/<tr><td>/g)?.length ?? 0;
    expect((await postForm(app, '/app-passwords', { label: 'Evil' })).status).to.equal(403);
    expect((await postForm(app, '/app-passwords', { csrf: `${csrf}x`, label: 'Evil' })).status).to.equal(403);
    expect((await postForm(app, '/app-passwords', { csrf: csrfOf((await getPage(app, 'anna.beispiel')).text), label: 'Evil' })).status).to.equal(403);
    expect((await postForm(app, '/app-passwords', { csrf, label: 'Evil' }, 'max.muster', { Origin: 'https://evil.example' })).status).to.equal(403);
    expect((await postForm(app, '/app-passwords', { csrf, label: 'Evil' }, 'max.muster', { 'Sec-Fetch-Site': 'cross-site' })).status).to.equal(403);
    expect((await postForm(app, '/app-passwords/revoke', { label: 'Doppelt' })).status).to.equal(403);
    expect((await getPage(app)).text.match(/<tr><td>/g)?.length ?? 0).to.equal(before);
    // The same origin is fine.
    const host = '127.0.0.1';
    const ok = await postForm(app, '/app-passwords', { csrf, label: 'Same origin' }, 'max.muster', { Host: host, Origin: `http://${host}` });
    expect(ok.status).to.equal(200);
  });

  it('wrong app-password-shaped passwords count for the throttling like wrong passwords (429 after ten)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await propfindAs(app, 'lisa.admin', `AAAA-BBBB-CCCC-DDDD-EEEE-FF${String(i % 10).replace(/[01]/, '2')}${'G'}`);
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 9).every((s) => s === 401), statuses.join()).to.equal(true);
    expect(statuses.at(-1), statuses.join()).to.equal(429);
  });
});

forEachDatabase('setup page: app passwords required for devices', (db) => {
  let app: Koa;
  let plugin: BrokerStarDavMiddleware;
  before(async () => {
    await seedDemoData(db());
    ({ app, plugin } = await setupHost(db(), { requireAppPasswords: true }));
  });
  after(() => plugin.close());

  it('the BrokerStar password opens the setup page but no longer DAV; an app password does', async () => {
    expect((await propfindAs(app, 'max.muster', 'demo')).status).to.equal(401);
    const page = await getPage(app);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('verlangt App-Passwörter');
    const password = await createAppPassword(app, 'iPhone');
    expect((await propfindAs(app, 'max.muster', password)).status).to.equal(207);
  });
});
