import { expect } from 'chai';
import { StorageOutageLog } from '../../src/adapters/http/observability/storageOutage.ts';
import type { DavLogger } from '../../src/adapters/http/observability/index.ts';

function recording(): { logger: DavLogger; lines: Array<{ level: string; obj: Record<string, unknown>; msg: string }> } {
  const lines: Array<{ level: string; obj: Record<string, unknown>; msg: string }> = [];
  const at = (level: string) => (obj: Record<string, unknown>, msg = '') => { lines.push({ level, obj, msg }); };
  const logger = { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), child: () => logger } as unknown as DavLogger;
  return { logger, lines };
}

describe('database outage log: once per outage, not per request', () => {
  it('logs the first refusal with its cause, counts the others, and logs the end with duration and count', () => {
    const { logger, lines } = recording();
    let now = 1000;
    const log = new StorageOutageLog(logger, () => now);
    const err = Object.assign(new Error('database unavailable (ECONNREFUSED)'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    for (let i = 0; i < 50; i++) {
      log.refused(err);
      now += 100;
    }
    log.served();
    log.served();
    expect(lines.map((l) => [l.level, l.msg])).to.deep.equal([
      ['error', 'database unavailable: requests are answered 503 with Retry-After until it is back'],
      ['info', 'database available again'],
    ]);
    expect(lines[0]!.obj).to.deep.equal({ err: { message: 'database unavailable (ECONNREFUSED)', cause: 'connect ECONNREFUSED', code: 'ECONNREFUSED' } });
    expect(lines[1]!.obj).to.deep.equal({ outageMs: 4900, refusedRequests: 50, recoveredAfterMs: 5000 });
  });

  it('a refusal long after the last one starts a new outage (logged again)', () => {
    const { logger, lines } = recording();
    let now = 0;
    const log = new StorageOutageLog(logger, () => now);
    log.refused(new Error('a'));
    now += 120_000;
    log.refused(new Error('b'));
    expect(lines.filter((l) => l.level === 'error')).to.have.length(2);
  });
});
