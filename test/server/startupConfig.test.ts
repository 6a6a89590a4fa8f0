import { expect } from 'chai';
import { spawnSync } from 'node:child_process';

/** The stand-alone server and the command line as an operator starts them, with a bad or a secret setting. */
function run(script: string, args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, NODE_OPTIONS: '', ...env }, encoding: 'utf8', timeout: 60_000,
  });
}

describe('configuration at start-up (real processes)', function () {
  this.timeout(120_000);

  it('a wrong value stops the server before it listens, naming variable, value and expectation', () => {
    const result = run('src/main.ts', [], { PORT: 'abc', DAV_MAX_RESOURCE_SIZE: '10 parsecs', DATABASE_URL: 'sqlite::memory:' });
    expect(result.status).to.equal(1);
    expect(result.stderr).to.contain('PORT="abc": expected a port number');
    expect(result.stderr).to.contain('DAV_MAX_RESOURCE_SIZE="10 parsecs": expected a size');
    expect(result.stdout).to.not.contain('listening');
  });

  it('--print-config (server and command line) shows the effective values with secrets masked', () => {
    const env = { DATABASE_URL: 'mysql://dav:Very-Secret-1@db.example.ch:3306/brokerstar', METRICS_TOKEN: 'tok-0123456789abcdef-xyz', DAV_MAX_RESOURCE_SIZE: '5MB' };
    for (const script of ['src/main.ts', 'src/cli/main.ts']) {
      const result = run(script, ['--print-config'], env);
      expect(result.status, result.stderr).to.equal(0);
      const printed = JSON.parse(result.stdout) as { database: { url: string }; dav: { maxResourceSize: number }; metricsToken: string };
      expect(printed.database.url).to.equal('mysql://dav:***@db.example.ch:3306/brokerstar');
      expect(printed.dav.maxResourceSize).to.equal(5 * 1024 * 1024);
      expect(printed.metricsToken).to.equal('***');
      expect(result.stdout).to.not.contain('Very-Secret-1').and.not.contain('tok-0123456789abcdef-xyz');
    }
  });
});
