import http from 'node:http';

/** One HTTP exchange as the bench saw it. */
export interface Exchange {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  /** Request body bytes + response body bytes. */
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly ms: number;
}

export interface RequestOptions {
  readonly depth?: '0' | '1';
  /** A string is sent as UTF-8; a Buffer as it is (hostile bytes). */
  readonly body?: string | Buffer;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
  /** Send no Authorization header (iOS's first probe). */
  readonly anonymous?: boolean;
}

/** Counters shared by every request of one scenario run. */
export class Tally {
  requests = 0;
  bytesSent = 0;
  bytesReceived = 0;
  add(e: Exchange): void {
    this.requests += 1;
    this.bytesSent += e.bytesSent;
    this.bytesReceived += e.bytesReceived;
  }
}

/**
 * A DAV client as a device is one: HTTP/1.1 keep-alive on its own agent, preemptive Basic (Outlook
 * CalDav Synchronizer, DAVx5), every request bounded by a timeout.
 */
export class DavClient {
  readonly agent: http.Agent;
  private readonly auth: string;
  tally = new Tally();

  constructor(readonly origin: string, readonly login: string, password: string, readonly userAgent = 'BrokerStarBench/1.0', maxSockets = 1, readonly timeoutMs = 120_000) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets, keepAliveMsecs: 10_000 });
    this.auth = `Basic ${Buffer.from(`${login}:${password}`, 'utf8').toString('base64')}`;
  }

  /** Requests re-sent once because the server had closed an idle keep-alive connection. */
  retries = 0;

  /**
   * One request. Like every HTTP client, a request that fails with ECONNRESET/EPIPE before any
   * answer on a reused keep-alive socket (the server's keep-alive timeout raced it) is re-sent once.
   */
  async request(method: string, pathOrUrl: string, options: RequestOptions = {}): Promise<Exchange> {
    try {
      return await this.send(method, pathOrUrl, options);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ECONNRESET' && code !== 'EPIPE') throw err;
      this.retries += 1;
      return this.send(method, pathOrUrl, options);
    }
  }

  private send(method: string, pathOrUrl: string, options: RequestOptions): Promise<Exchange> {
    const url = new URL(pathOrUrl, this.origin);
    const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body, 'utf8');
    const headers: Record<string, string> = { 'User-Agent': this.userAgent, ...(options.headers ?? {}) };
    if (!options.anonymous) headers.Authorization = this.auth;
    if (options.depth !== undefined) headers.Depth = options.depth;
    if (body) {
      headers['Content-Type'] = options.contentType ?? 'application/xml; charset=utf-8';
      headers['Content-Length'] = String(body.length);
    }
    const started = performance.now();
    return new Promise<Exchange>((resolve, reject) => {
      const req = http.request(url, { method, headers, agent: this.agent, timeout: this.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        let received = 0;
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          received += c.length;
        });
        res.on('error', reject);
        res.on('end', () => {
          const exchange: Exchange = {
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks, received).toString('utf8'),
            bytesSent: body?.length ?? 0,
            bytesReceived: received,
            ms: performance.now() - started,
          };
          this.tally.add(exchange);
          resolve(exchange);
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname} timed out after ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** A request that must answer `expected`; anything else fails the scenario with the body's start. */
  async expect(expected: number | readonly number[], method: string, path: string, options: RequestOptions = {}): Promise<Exchange> {
    const e = await this.request(method, path, options);
    const ok = typeof expected === 'number' ? e.status === expected : expected.includes(e.status);
    if (!ok) throw new BenchCheckError(`${method} ${path}: status ${e.status}, expected ${String(expected)}: ${e.text.slice(0, 300)}`);
    return e;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A wrong answer: fails the scenario (a fast wrong answer must not pass the bench). */
export class BenchCheckError extends Error {
  override name = 'BenchCheckError';
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new BenchCheckError(message);
}
