import http from 'node:http';
import https from 'node:https';

export interface UpstreamResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface NextcloudCallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
}

/** Thrown when a request to Nextcloud failed. `sent` tells whether Nextcloud may have received and
 * acted on it (matters for single-use refresh tokens: a maybe-used token must never be sent again). */
export class UpstreamError extends Error {
  constructor(message: string, readonly sent: boolean, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Server-to-server calls to the configured Nextcloud (token endpoint, user lookup, login flow,
 * revoke). The base URL comes from configuration; callers pass only a path. */
export class NextcloudClient {
  readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;

  constructor(readonly baseUrl: URL, readonly userAgent: string) {
    const isHttps = baseUrl.protocol === 'https:';
    this.transport = isHttps ? https : http;
    this.agent = isHttps
      ? new https.Agent({ keepAlive: true, maxSockets: 512 })
      : new http.Agent({ keepAlive: true, maxSockets: 512 });
  }

  /** Request options for a path on Nextcloud; `path` must already be validated and start with '/'. */
  requestOptions(path: string, method: string, headers: http.OutgoingHttpHeaders): http.RequestOptions {
    return {
      protocol: this.baseUrl.protocol,
      hostname: this.baseUrl.hostname,
      port: this.baseUrl.port || undefined,
      path: `${this.baseUrl.pathname.replace(/\/+$/, '')}${path}`,
      method,
      headers: { ...headers, host: this.baseUrl.host },
      agent: this.agent,
    };
  }

  request(options: http.RequestOptions, callback: (res: http.IncomingMessage) => void): http.ClientRequest {
    return this.transport.request(options, callback);
  }

  call(path: string, opts: NextcloudCallOptions = {}): Promise<UpstreamResponse> {
    const method = opts.method ?? 'GET';
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...opts.headers };
    if (opts.body !== undefined) headers['content-length'] = String(Buffer.byteLength(opts.body));
    return new Promise((resolve, reject) => {
      let sent = false;
      const req = this.request(this.requestOptions(path, method, headers), (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) });
        });
        res.on('error', (err) => {
          reject(new UpstreamError(`Nextcloud response failed: ${err.message}`, true, { cause: err }));
        });
      });
      req.setTimeout(opts.timeoutMs ?? 15_000, () => {
        req.destroy(new Error('timeout'));
      });
      req.on('socket', (socket) => {
        // Once bytes left for Nextcloud, it may have acted on the request.
        if (socket.connecting) socket.once('connect', () => (sent = true));
        else sent = true;
      });
      req.on('error', (err) => {
        reject(new UpstreamError(`Nextcloud unreachable: ${err.message}`, sent, { cause: err }));
      });
      req.end(opts.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
