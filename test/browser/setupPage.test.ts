import { expect } from 'chai';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { parse as parsePlist } from 'plist';
import type { Knex } from 'knex';
import { createTestDatabase } from '../support/databases.ts';
import { createDavApp, seedDemoData } from '../support/davApp.ts';

/**
 * The setup page in a real browser: Debian's Chromium driven by playwright-core (no browser
 * download). `.ci/run` installs Chromium; CHROMIUM_PATH points elsewhere if needed. Never skipped:
 * without a browser this test fails and says how to install one.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LAUNCH_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** Written by every run, git-ignored. */
const SCREENSHOTS = 'test-output/screenshots';

describe('setup page in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: Server;
  let base: string;
  let db: { knex: Knex; destroy(): Promise<void> };
  let closeApp: () => Promise<void>;

  before(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    db = await createTestDatabase('sqlite');
    await seedDemoData(db.knex);
    const created = await createDavApp(db.knex);
    closeApp = created.close;
    server = created.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_FLAGS, headless: true });
  });
  after(async () => {
    await browser?.close();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await closeApp?.();
    await db?.destroy();
  });

  async function signedIn(login: string, locale = 'de-CH'): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ httpCredentials: { username: login, password: 'demo' }, locale, acceptDownloads: true, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const res = await page.goto(`${base}/dav/setup`);
    expect(res?.status()).to.equal(200);
    return { context, page };
  }

  async function rows(page: Page): Promise<Record<string, { synced: string; count: string; reason: string }>> {
    const result: Record<string, { synced: string; count: string; reason: string }> = {};
    for (const row of await page.locator('#can-sync tbody tr').all()) {
      const cells = await row.locator('td').allInnerTexts();
      result[(await row.getAttribute('data-kind'))!] = { synced: cells[0]!.trim(), count: cells[1]!.trim(), reason: cells[2]!.trim() };
    }
    return result;
  }

  const davStatus = async (login: string, password: string) => (await fetch(`${base}/dav/principals/${login}/`, {
    method: 'PROPFIND', headers: { Authorization: `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`, Depth: '0' },
  })).status;

  it('max.muster sees contacts, calendar and tasks synced, with counts', async () => {
    const { context, page } = await signedIn('max.muster');
    expect(await page.locator('h1').innerText()).to.equal('BrokerStar: Geräte einrichten');
    const r = await rows(page);
    for (const kind of ['contacts', 'calendar', 'tasks']) {
      expect(r[kind]!.synced, kind).to.equal('Ja');
      expect(Number(r[kind]!.count), kind).to.be.greaterThan(0);
    }
    expect(await page.locator('#http-warning').isVisible()).to.equal(true);
    await page.screenshot({ path: `${SCREENSHOTS}/setup-max.muster.png`, fullPage: true });
    await context.close();
  });

  it('anna.beispiel sees that her group does not allow the calendar, and whom to ask', async () => {
    const { context, page } = await signedIn('anna.beispiel');
    const r = await rows(page);
    expect(r.contacts!.synced).to.equal('Ja');
    expect(r.tasks!.synced).to.equal('Ja');
    expect(r.calendar!.synced).to.equal('Nein');
    expect(r.calendar!.reason).to.contain('Die Benutzergruppe "Assistenz" erlaubt "Kalender synchronisieren" nicht.').and.contain('Administrator');
    await page.screenshot({ path: `${SCREENSHOTS}/setup-anna.beispiel.png`, fullPage: true });
    await context.close();
  });

  it('peter.ohne sees nothing synced because the mailing module is off', async () => {
    const { context, page } = await signedIn('peter.ohne');
    const r = await rows(page);
    expect(Object.values(r).map((x) => x.synced)).to.deep.equal(['Nein', 'Nein', 'Nein']);
    expect(r.contacts!.reason).to.contain('Mailing-Modul');
    await page.screenshot({ path: `${SCREENSHOTS}/setup-peter.ohne.png`, fullPage: true });
    await context.close();
  });

  it('creates an app password that works for DAV, then revokes it: 401', async () => {
    const { context, page } = await signedIn('max.muster');
    await page.getByLabel('Gerätename (z.B. iPhone Max)').first().fill('Browser-Test');
    await page.locator('#create-app-password').click();
    const password = (await page.locator('#new-password code').innerText()).trim();
    expect(password).to.match(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){5}$/);
    expect(await davStatus('max.muster', password)).to.equal(207);
    await page.goto(`${base}/dav/setup`);
    expect(await page.locator('#app-passwords').innerText()).to.contain('Browser-Test');
    await page.getByRole('button', { name: 'Widerrufen: Browser-Test' }).click();
    await page.waitForLoadState();
    expect(await page.locator('[role=status]').first().innerText()).to.equal('Widerrufen: Browser-Test');
    expect(await page.getByRole('button', { name: 'Widerrufen: Browser-Test' }).count()).to.equal(0);
    expect(await davStatus('max.muster', password)).to.equal(401);
    await context.close();
  });

  it('downloads the .mobileconfig with both accounts and a working app password', async () => {
    const { context, page } = await signedIn('max.muster');
    await page.locator('#profile-label').fill('iPhone Browser');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-profile').click()]);
    expect(download.suggestedFilename()).to.equal('brokerstar-max.muster.mobileconfig');
    const profile = parsePlist(readFileSync((await download.path())!, 'utf8')) as { PayloadContent: Array<Record<string, unknown>> };
    expect(profile.PayloadContent.map((p) => p.PayloadType)).to.deep.equal(['com.apple.carddav.account', 'com.apple.caldav.account']);
    expect(profile.PayloadContent[0]!.CardDAVHostName).to.equal('127.0.0.1');
    expect(await davStatus('max.muster', String(profile.PayloadContent[1]!.CalDAVPassword))).to.equal(207);
    await context.close();
  });

  it('switches to English and back; Accept-Language en opens it in English', async () => {
    const { context, page } = await signedIn('max.muster');
    await page.locator('#switch-language').click();
    await page.waitForURL(/lang=en/);
    expect(await page.locator('html').getAttribute('lang')).to.equal('en');
    expect(await page.locator('#h-sync').innerText()).to.equal('What I can sync');
    await page.locator('#switch-language').click();
    await page.waitForURL(/lang=de/);
    expect(await page.locator('#h-sync').innerText()).to.equal('Was ich synchronisieren kann');
    await context.close();
    const english = await signedIn('max.muster', 'en-US');
    expect(await english.page.locator('#h-sync').innerText()).to.equal('What I can sync');
    await english.context.close();
  });

  it('copy buttons copy without any external script', async () => {
    const { context, page } = await signedIn('max.muster');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const button = page.locator('button.copy[data-copy="max.muster"]').first();
    await button.click();
    // Page functions as strings: they run in the browser (this project compiles without the DOM types).
    await page.waitForFunction('document.querySelector(\'button.copy[data-copy="max.muster"]\').textContent === "Kopiert"');
    expect(await page.evaluate('navigator.clipboard.readText()')).to.equal('max.muster');
    await context.close();
  });
});
