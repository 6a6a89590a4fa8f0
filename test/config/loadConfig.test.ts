import { expect } from 'chai';
import { ConfigError, LIMIT_VARIABLES, loadConfig, printableConfig } from '../../config/default.ts';
import { DEFAULT_DAV_LIMITS } from '../../src/adapters/http/dav/limits.ts';

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig (validated environment)', () => {
  it('keeps the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).to.equal(5232);
    expect(config.host).to.equal('0.0.0.0');
    expect(config.database).to.deep.equal({ client: 'sqlite', filename: './data/brokerstar-dav.sqlite' });
    expect(config.dav).to.deep.equal({ basePath: '/dav', realm: 'BrokerStar', maxResourceSize: 10_485_760, trustProxy: false, authCacheTtlMs: 300_000,
      requireAppPasswords: false, setupCsrfSecret: null, appleProfileSigning: null });
    expect(config.shutdownGraceMs).to.equal(10_000);
    expect(config.metricsToken).to.equal(null);
    expect(config.seedDemoWhenEmpty).to.equal(true);
  });

  it('reads the app password settings; the CSRF key is validated and never printed', () => {
    const secret = 'k'.repeat(40);
    const config = loadConfig({ REQUIRE_APP_PASSWORDS: 'yes', SETUP_CSRF_SECRET: secret });
    expect(config.dav.requireAppPasswords).to.equal(true);
    expect(config.dav.setupCsrfSecret).to.equal(secret);
    expect(printableConfig(config)).not.to.contain(secret);
    expect(problemsOf({ SETUP_CSRF_SECRET: 'short' })).to.contain('SETUP_CSRF_SECRET=(secret, not shown)');
  });

  it('accepts sizes and durations with units, plain numbers staying bytes and milliseconds', () => {
    const config = loadConfig({ DAV_MAX_RESOURCE_SIZE: '10MB', AUTH_CACHE_TTL_MS: '5m', SHUTDOWN_GRACE: '30s', SLOW_REQUEST: '1500' });
    expect(config.dav.maxResourceSize).to.equal(10 * 1024 * 1024);
    expect(config.dav.authCacheTtlMs).to.equal(300_000);
    expect(config.shutdownGraceMs).to.equal(30_000);
    expect(config.log.slowRequestMs).to.equal(1500);
    expect(loadConfig({ DAV_MAX_RESOURCE_SIZE: '2048' }).dav.maxResourceSize).to.equal(2048);
    expect(loadConfig({ DAV_MAX_RESOURCE_SIZE: '512kb' }).dav.maxResourceSize).to.equal(512 * 1024);
  });

  it('reads the per-request limits, the journal retention and the CRM schema map file', () => {
    expect(loadConfig({}).limits).to.deep.equal({});
    expect(loadConfig({}).journalRetentionMs).to.equal(30 * 86_400_000);
    const config = loadConfig({ DAV_MAX_XML_BODY_BYTES: '64MB', DAV_MAX_MULTIGET_HREFS: '300000', JOURNAL_RETENTION: '7d', CRM_SCHEMA_FILE: '/etc/bs/schema.json' });
    expect(config.limits).to.deep.equal({ maxXmlBodyBytes: 64 * 1024 * 1024, maxMultigetHrefs: 300_000 });
    expect(config.journalRetentionMs).to.equal(7 * 86_400_000);
    expect(config.crmSchemaFile).to.equal('/etc/bs/schema.json');
    expect(problemsOf({ DAV_MAX_XML_DEPTH: 'deep' })).to.contain('DAV_MAX_XML_DEPTH="deep": expected a positive whole number');
    expect(problemsOf({ JOURNAL_RETENTION: 'forever' })).to.contain('JOURNAL_RETENTION="forever"');
  });

  it('has an environment variable for every limit the plugin knows, the per-request recurrence bound included', () => {
    expect(Object.values(LIMIT_VARIABLES).sort()).to.deep.equal(Object.keys(DEFAULT_DAV_LIMITS).sort());
    expect(loadConfig({ DAV_MAX_RECURRENCE_STEPS_PER_REQUEST: '20000' }).limits).to.deep.equal({ recurrenceStepsPerRequest: 20_000 });
  });

  it('reads the customer-context settings (issue 13): switch, web address, record patterns', () => {
    expect(loadConfig({}).context).to.deep.equal({ enabled: true, webUrl: undefined, contactUrl: undefined, appointmentUrl: undefined, taskUrl: undefined });
    const c = loadConfig({
      CRM_CONTEXT: 'off', BROKERSTAR_URL: 'https://crm.example.ch', BROKERSTAR_CONTACT_URL: '/kunden/{id}',
      BROKERSTAR_APPOINTMENT_URL: 'https://crm.example.ch/termine/{id}', BROKERSTAR_TASK_URL: '/aufgaben/{id}',
    }).context;
    expect(c).to.deep.equal({
      enabled: false, webUrl: 'https://crm.example.ch', contactUrl: '/kunden/{id}', appointmentUrl: 'https://crm.example.ch/termine/{id}', taskUrl: '/aufgaben/{id}',
    });
    expect(problemsOf({ BROKERSTAR_URL: 'ftp://x', BROKERSTAR_TASK_URL: '/aufgaben' }))
      .to.include('BROKERSTAR_URL="ftp://x": expected an http(s) address').and.include('BROKERSTAR_TASK_URL="/aufgaben": expected a URL pattern with {id}');
  });

  it('reads the worker count and the MySQL timeouts that make a dead database noticed quickly', () => {
    expect(loadConfig({}).workers).to.equal(1);
    expect(loadConfig({ WORKERS: '4' }).workers).to.equal(4);
    expect(loadConfig({ DATABASE_URL: 'mysql://u@h/db' }).database).to.deep.equal({ client: 'mysql', url: 'mysql://u@h/db', timeouts: { connectMs: 3000, acquireMs: 5000 } });
    expect(loadConfig({ DATABASE_URL: 'mysql://u@h/db', DB_CONNECT_TIMEOUT: '1s', DB_ACQUIRE_TIMEOUT: '2500' }).database)
      .to.deep.equal({ client: 'mysql', url: 'mysql://u@h/db', timeouts: { connectMs: 1000, acquireMs: 2500 } });
    expect(problemsOf({ WORKERS: '0' })).to.contain('WORKERS="0": expected a positive whole number');
    expect(problemsOf({ DB_ACQUIRE_TIMEOUT: 'soon' })).to.contain('DB_ACQUIRE_TIMEOUT="soon"');
  });

  it('reads the usual boolean spellings', () => {
    for (const yes of ['1', 'true', 'yes', 'on', 'YES', 'On']) expect(loadConfig({ TRUST_PROXY: yes }).dav.trustProxy, yes).to.equal(true);
    for (const no of ['0', 'false', 'no', 'off']) expect(loadConfig({ TRUST_PROXY: no }).dav.trustProxy, no).to.equal(false);
    expect(loadConfig({ SEED_DEMO: 'off' }).seedDemoWhenEmpty).to.equal(false);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', TRUST_PROXY: '' }).port).to.equal(5232);
  });

  const refused: Array<[string, string, RegExp]> = [
    ['PORT', 'abc', /PORT="abc": expected a port number/],
    ['PORT', '70000', /PORT="70000": expected a port number/],
    ['DAV_MAX_RESOURCE_SIZE', '10 parsecs', /DAV_MAX_RESOURCE_SIZE="10 parsecs": expected a size/],
    ['DAV_MAX_RESOURCE_SIZE', '0', /DAV_MAX_RESOURCE_SIZE="0": expected a size/],
    ['AUTH_CACHE_TTL_MS', 'five minutes', /AUTH_CACHE_TTL_MS="five minutes": expected a duration/],
    ['TRUST_PROXY', 'maybe', /TRUST_PROXY="maybe": expected one of 1\/0, true\/false, yes\/no, on\/off/],
    ['SEED_DEMO', 'nope', /SEED_DEMO="nope": expected one of/],
    ['SHUTDOWN_GRACE', '-1', /SHUTDOWN_GRACE="-1": expected a duration/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL="loud": expected one of fatal, error/],
    ['LOG_FORMAT', 'xml', /LOG_FORMAT="xml": expected json or pretty/],
    ['DAV_BASE_PATH', '/', /DAV_BASE_PATH="\/": expected a path/],
    ['DATABASE_URL', 'postgres://u:pw@h/db', /DATABASE_URL="postgres:\/\/u:\*\*\*@h\/db": expected mysql:\/\//],
  ];
  for (const [name, value, message] of refused) {
    it(`refuses ${name}=${value} with a message naming variable, value and expectation`, () => {
      expect(problemsOf({ [name]: value })).to.match(message);
    });
  }

  it('lists every wrong variable at once and never shows the metrics token', () => {
    const message = problemsOf({ PORT: 'x', TRUST_PROXY: 'maybe', METRICS_TOKEN: 'tiny secret' });
    expect(message).to.contain('PORT=').and.to.contain('TRUST_PROXY=').and.to.contain('METRICS_TOKEN=(secret, not shown)');
    expect(message).to.not.contain('tiny secret');
  });

  it('refuses a certificate without a key', () => {
    expect(problemsOf({ TLS_CERT_FILE: '/etc/cert.pem' })).to.contain('TLS_CERT_FILE and TLS_KEY_FILE: expected both or neither');
  });

  it('prints the effective configuration with the database password and the metrics token masked', () => {
    const text = printableConfig(loadConfig({ DATABASE_URL: 'mysql://dav:s3cr3t-pw@db.example.ch:3306/brokerstar', METRICS_TOKEN: 'abcdef0123456789abcdef' }));
    expect(text).to.contain('mysql://dav:***@db.example.ch:3306/brokerstar');
    expect(text).to.not.contain('s3cr3t-pw');
    expect(text).to.not.contain('abcdef0123456789abcdef');
    expect(JSON.parse(text).metricsToken).to.equal('***');
  });
});
