import { expect } from 'chai';
import Koa from 'koa';
import request from 'supertest';
import {
  DomainError,
  InvalidLoginName,
  InvalidObjectData,
  InvalidSyncToken,
  NotFound,
  SyncNotAllowed,
  UidConflict,
  UnsupportedComponent,
  VersionConflict,
  WriteForbidden,
  UserOwnsData,
  TooManyInstances,
  type AnyDomainError,
  type DomainErrorCode,
} from '../../src/domain/index.ts';
import { StorageUnavailable } from '../../src/ports/index.ts';
import { DOMAIN_ERROR_MAP, STORAGE_RETRY_AFTER_SECONDS, errorToDavResponse, mapError, type DomainErrorMap } from '../../src/adapters/http/dav/middleware/errorToDavResponse.ts';

// ---- Compile-time proof (checked by `npm run typecheck`, part of `npm test`) -----------------
// A map that leaves out one code does not compile: adding a domain error without a mapping fails.
const { 'not-found': _leftOut, ...withoutNotFound } = DOMAIN_ERROR_MAP;
// @ts-expect-error the record must cover every DomainErrorCode ('not-found' is missing)
const incomplete: DomainErrorMap = withoutNotFound;

// A new error class with a code that AnyDomainError does not list is refused by DomainError itself,
// so it cannot slip past the map by never being added to the union.
class UnlistedError extends DomainError {
  // @ts-expect-error 'unlisted-code' is not a DomainErrorCode
  readonly code = 'unlisted-code';
}

/** One instance of every domain error, keyed by code: fails to compile when a code has no example. */
const EXAMPLES: { readonly [C in DomainErrorCode]: Extract<AnyDomainError, { code: C }> } = {
  'invalid-login-name': new InvalidLoginName('bad login'),
  'not-found': new NotFound('gone'),
  'sync-not-allowed': new SyncNotAllowed('mailing-module-disabled', 'no sync'),
  'write-forbidden': new WriteForbidden('no'),
  'version-conflict': new VersionConflict('changed'),
  'uid-conflict': new UidConflict('contact', 'other.vcf', 'taken'),
  'invalid-object-data': new InvalidObjectData('appointment', 'bad'),
  'unsupported-component': new UnsupportedComponent('task', 'VTODO'),
  'invalid-sync-token': new InvalidSyncToken('old'),
  'user-owns-data': new UserOwnsData('max.muster', { contacts: 1, appointments: 0, tasks: 0 }),
  'too-many-instances': new TooManyInstances('appointment', 10_000, 'too many'),
};

const EXPECTED_STATUS: Record<DomainErrorCode, number> = {
  'invalid-login-name': 401,
  'not-found': 404,
  'sync-not-allowed': 403,
  'write-forbidden': 403,
  'user-owns-data': 409,
  'too-many-instances': 507,
  'version-conflict': 412,
  'uid-conflict': 409,
  'invalid-object-data': 400,
  'unsupported-component': 403,
  'invalid-sync-token': 403,
};

/** A Koa app whose only handler throws `err` behind the DAV error middleware, and the errors it reported. */
function appThrowing(err: unknown): { app: Koa; reported: unknown[] } {
  const app = new Koa();
  app.silent = true;
  const reported: unknown[] = [];
  app.on('error', (e) => reported.push(e));
  app.use(errorToDavResponse);
  app.use(() => {
    throw err;
  });
  return { app, reported };
}

describe('the one exhaustive error map (domain error → DAV status)', () => {
  it('the typecheck refuses a map missing a code and an error class with an unlisted code', () => {
    // The @ts-expect-error lines above are the proof; at run time the incomplete map really lacks the code.
    expect(Object.keys(incomplete)).to.not.include('not-found');
    expect(new UnlistedError('x').code).to.equal('unlisted-code');
  });

  it('maps every domain error code to its status', () => {
    for (const [code, err] of Object.entries(EXAMPLES)) {
      expect(mapError(err, undefined)?.status, code).to.equal(EXPECTED_STATUS[code as DomainErrorCode]);
    }
  });

  it('a domain error without a mapping becomes a logged 500, never a silent 400', async () => {
    const { app, reported } = appThrowing(new UnlistedError('nobody mapped me'));
    const res = await request(app.callback()).get('/');
    expect(res.status).to.equal(500);
    expect(res.text).to.not.contain('nobody mapped me');
    expect(reported).to.have.length(1);
  });

  it('a known domain error keeps its precondition body', async () => {
    const { app } = appThrowing(EXAMPLES['invalid-object-data']);
    const res = await request(app.callback()).get('/');
    expect(res.status).to.equal(400);
    expect(res.text).to.match(/<cal:valid-calendar-data\/>/);
  });

  it('a refusal worded for the user (a write rule) is in the client\'s language and says so with Vary; an unworded one does not vary', async () => {
    const { app } = appThrowing(new WriteForbidden('Deleting contacts is not allowed.', { key: 'contact-delete-forbidden', group: 'Assistenz' }));
    const german = await request(app.callback()).delete('/');
    const english = await request(app.callback()).delete('/').set('Accept-Language', 'en');
    expect(german.status).to.equal(403);
    expect(german.text).to.not.equal(english.text);
    expect(german.headers.vary).to.match(/Accept-Language/);
    expect(english.headers.vary).to.match(/Accept-Language/);
    const plain = await request(appThrowing(new WriteForbidden('no')).app.callback()).delete('/');
    expect(plain.headers.vary).to.equal(undefined);
  });

  it('an unreachable database (StorageUnavailable from the storage adapter) is a 503 with Retry-After in the client\'s language, not a 500', async () => {
    const { app, reported } = appThrowing(new StorageUnavailable('database unavailable (ECONNREFUSED)'));
    const german = await request(app.callback()).get('/');
    expect(german.status).to.equal(503);
    expect(german.headers['retry-after']).to.equal(String(STORAGE_RETRY_AFTER_SECONDS));
    expect(german.text).to.contain('nicht erreichbar');
    const english = await request(app.callback()).get('/').set('Accept-Language', 'en');
    expect(english.text).to.contain('cannot be reached');
    expect(english.text).to.not.contain('ECONNREFUSED');
    expect(german.headers.vary, 'the text depends on Accept-Language').to.match(/Accept-Language/);
    expect(reported, 'an outage is not an unexpected error').to.have.length(0);
  });
});
