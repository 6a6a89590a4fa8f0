import { expect } from 'chai';
import { forEachDatabase } from '../support/databases.ts';
import { createDavApp, dav, seedDemoData } from '../support/davApp.ts';

const CTAG = '<propfind xmlns="DAV:"><prop><sync-token/></prop></propfind>';

forEachDatabase('Refusal texts in the client\'s language', (db) => {
  let app: Awaited<ReturnType<typeof createDavApp>>;
  before(async () => {
    await seedDemoData(db());
    app = await createDavApp(db());
  });
  after(async () => app.close());

  it('peter.ohne reads about the mailing module in German by default and in English when asked', async () => {
    const de = await dav(app.app, 'PROPFIND', '/dav/', { as: 'peter.ohne', depth: '0', body: CTAG });
    expect(de.status).to.equal(403);
    expect(de.text).to.contain('Mailing-Modul').and.contain('peter.ohne');
    const en = await dav(app.app, 'PROPFIND', '/dav/', { as: 'peter.ohne', depth: '0', body: CTAG, headers: { 'Accept-Language': 'en-US,en;q=0.9' } });
    expect(en.text).to.contain('mailing module').and.contain('peter.ohne');
    expect(de.headers.vary, 'the text depends on Accept-Language').to.match(/Accept-Language/);
  });

  it('anna.beispiel is told which flag of her group "Assistenz" forbids the calendar', async () => {
    const de = await dav(app.app, 'PROPFIND', '/dav/calendars/anna.beispiel/brokerstar/', { as: 'anna.beispiel', depth: '0', body: CTAG, headers: { 'Accept-Language': 'de-CH' } });
    expect(de.status).to.equal(403);
    expect(de.text).to.contain('Assistenz').and.contain('Kalender synchronisieren');
    const en = await dav(app.app, 'PROPFIND', '/dav/calendars/anna.beispiel/brokerstar/', { as: 'anna.beispiel', depth: '0', body: CTAG, headers: { 'Accept-Language': 'en' } });
    expect(en.text).to.contain('does not allow');
  });

  it('the sign-in request follows the language too', async () => {
    const de = await dav(app.app, 'PROPFIND', '/dav/', { as: null, depth: '0', body: CTAG });
    expect(de.status).to.equal(401);
    expect(de.text).to.contain('Bitte melden Sie sich');
    const en = await dav(app.app, 'PROPFIND', '/dav/', { as: null, depth: '0', body: CTAG, headers: { 'Accept-Language': 'en' } });
    expect(en.text).to.contain('Please sign in');
    expect(de.headers.vary).to.match(/Accept-Language/);
  });
});
