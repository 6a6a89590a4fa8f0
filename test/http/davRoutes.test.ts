import { expect } from 'chai';
import { davRoute, normaliseBasePath } from '../../src/adapters/http/davRoutes.ts';

/** Which requests the plugin claims from its host: only discovery URLs, DAV on `/` and its own tree. */
describe('davRoute: the paths the plugin takes from the host', () => {
  it('well-known CalDAV/CardDAV URLs, with or without a trailing slash, for every DAV method', () => {
    for (const path of ['/.well-known/caldav', '/.well-known/carddav', '/.well-known/caldav/']) {
      for (const method of ['PROPFIND', 'GET', 'OPTIONS']) expect(davRoute(method, path, '/dav')).to.equal('well-known');
    }
    expect(davRoute('GET', '/.well-known/security.txt', '/dav')).to.equal(null);
    expect(davRoute('GET', '/.well-known/caldavx', '/dav')).to.equal(null);
  });

  it('on "/" only PROPFIND, OPTIONS, REPORT and PROPPATCH; GET, HEAD and POST stay the host\'s', () => {
    for (const method of ['PROPFIND', 'OPTIONS', 'REPORT', 'PROPPATCH']) expect(davRoute(method, '/', '/dav')).to.equal('root');
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'DELETE']) expect(davRoute(method, '/', '/dav')).to.equal(null);
  });

  it('the tree under basePath, including methods it answers with 405; unknown methods and look-alike paths stay the host\'s', () => {
    for (const path of ['/dav', '/dav/', '/dav/addressbooks/max.muster/brokerstar/x.vcf']) {
      for (const method of ['PROPFIND', 'GET', 'PUT', 'DELETE', 'REPORT', 'MKCOL', 'POST', 'MOVE', 'LOCK']) {
        expect(davRoute(method, path, '/dav'), `${method} ${path}`).to.equal('tree');
      }
    }
    expect(davRoute('BREW', '/dav/', '/dav')).to.equal(null);
    expect(davRoute('GET', '/davx', '/dav')).to.equal(null);
    expect(davRoute('GET', '/api/dav/', '/dav')).to.equal(null);
  });

  it('base paths are normalised, and "/" is refused because the host keeps its own routes there', () => {
    expect(normaliseBasePath('dav/')).to.equal('/dav');
    expect(normaliseBasePath('/sync/dav/')).to.equal('/sync/dav');
    expect(() => normaliseBasePath('/')).to.throw(/must not be "\/"/);
  });
});
