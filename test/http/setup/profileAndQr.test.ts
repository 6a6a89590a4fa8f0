import { expect } from 'chai';
import type Koa from 'koa';
import { parse as parsePlist } from 'plist';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import type { BrokerStarDavMiddleware } from '../../../src/index.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { seedDemoData } from '../../support/davApp.ts';
import { csrfOf, getPage, postForm, propfindAs, setupHost } from './setupSupport.ts';

type Dict = Record<string, unknown>;
/** jsqr is CommonJS with `exports.default`; under ESM the function sits on `.default`. */
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;

forEachDatabase('setup page: Apple profile and DAVx5 QR code', (db) => {
  let app: Koa;
  let proxied: Koa;
  let plugins: BrokerStarDavMiddleware[];
  before(async () => {
    await seedDemoData(db());
    const plain = await setupHost(db());
    const behindProxy = await setupHost(db(), { trustProxy: true }, true);
    app = plain.app;
    proxied = behindProxy.app;
    plugins = [plain.plugin, behindProxy.plugin];
  });
  after(async () => {
    for (const p of plugins) await p.close();
  });

  const TLS = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'dav.example.ch' };

  async function downloadProfile(target: Koa, label: string, headers: Record<string, string> = {}) {
    const csrf = csrfOf((await getPage(target, 'max.muster', '', headers)).text);
    const res = await postForm(target, '/mobileconfig', { csrf, label }, 'max.muster', headers)
      .buffer(true).parse((r, cb) => { let d = ''; r.setEncoding('utf8'); r.on('data', (c: string) => (d += c)); r.on('end', () => cb(null, d)); });
    return res;
  }

  it('parses as a property list with one CardDAV and one CalDAV account payload carrying the right values', async () => {
    const res = await downloadProfile(proxied, 'iPhone Max', TLS);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^application\/x-apple-aspen-config/);
    expect(res.headers['content-disposition']).to.equal('attachment; filename="brokerstar-max.muster.mobileconfig"');
    const profile = parsePlist(res.body as string) as Dict;
    expect(profile.PayloadType).to.equal('Configuration');
    expect(profile.PayloadDisplayName).to.equal('BrokerStar');
    const payloads = profile.PayloadContent as Dict[];
    expect(payloads.map((p) => p.PayloadType)).to.deep.equal(['com.apple.carddav.account', 'com.apple.caldav.account']);
    for (const [p, k] of [[payloads[0]!, 'CardDAV'], [payloads[1]!, 'CalDAV']] as const) {
      expect(p[`${k}HostName`]).to.equal('dav.example.ch');
      expect(p[`${k}Port`]).to.equal(443);
      expect(p[`${k}UseSSL`]).to.equal(true);
      expect(p[`${k}PrincipalURL`]).to.equal('/dav/principals/max.muster/');
      expect(p[`${k}Username`]).to.equal('max.muster');
      expect(p[`${k}AccountDescription`]).to.equal('BrokerStar');
      expect(p.PayloadUUID).to.match(/^[0-9A-F-]{36}$/);
    }
    expect(payloads[0]!.CardDAVPassword).to.equal(payloads[1]!.CalDAVPassword);
  });

  it('the app password inside logs in; revoked, it gets 401', async () => {
    const res = await downloadProfile(app, 'iPad Max');
    const profile = parsePlist(res.body as string) as Dict;
    const payload = (profile.PayloadContent as Dict[])[1]!;
    expect(payload.CalDAVUseSSL).to.equal(false);
    const password = String(payload.CalDAVPassword);
    expect((await propfindAs(app, 'max.muster', password, 'iOS/17.4 (21E219) accountsd/1.0')).status).to.equal(207);
    expect((await getPage(app)).text).to.contain('<td>iPad Max</td>');
    const csrf = csrfOf((await getPage(app)).text);
    expect((await postForm(app, '/app-passwords/revoke', { csrf, label: 'iPad Max' })).status).to.equal(200);
    expect((await propfindAs(app, 'max.muster', password)).status).to.equal(401);
  });

  it('a profile is a state change: without the page\'s token it is refused', async () => {
    expect((await postForm(app, '/mobileconfig', { label: 'x' })).status).to.equal(403);
  });

  it('the QR code decodes to the DAVx5 link shown beside it', async () => {
    for (const [target, headers, expected] of [
      [app, { Host: 'dav.example.ch:8080' }, 'caldav://max.muster@dav.example.ch:8080/dav/'],
      [proxied, TLS, 'caldavs://max.muster@dav.example.ch/dav/'],
    ] as const) {
      const page = (await getPage(target, 'max.muster', '', headers)).text;
      const link = /<a id="davx5-link" href="([^"]+)"/.exec(page)?.[1];
      expect(link).to.equal(expected);
      const dataUrl = /<img class="qr" id="davx5-qr" src="data:image\/png;base64,([^"]+)"/.exec(page)?.[1];
      const png = PNG.sync.read(Buffer.from(dataUrl!, 'base64'));
      const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      expect(decoded?.data).to.equal(link);
    }
  });
});
