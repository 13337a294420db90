import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { compressionFor } from './compression.js';
import { urlFor, type GatewayConfig } from './config.js';
import { applySetCookies, cookieHeader } from './cookie-jar.js';
import { authorizationHeader } from './nextcloud-auth.js';
import type { NextcloudClient } from './nextcloud-client.js';
import { proxyTarget, type ProxyTarget } from './proxy-target.js';
import { API_CSP, setCommonHeaders } from './security.js';
import type { SessionAuth, SessionRecord, SessionStore } from './session-store.js';
import { RefreshUnavailable, type TokenManager } from './token-manager.js';
import { UpstreamIdle } from './idle-timeout.js';
import { json } from './reply.js';
import { AUTH_ANSWER_MAX_BYTES, credentialsRejected } from './token-rejection.js';
import { SIGNED_OUT } from '../../src/api/gateway-contract.js';

/** Request headers a browser may pass to Nextcloud. Everything else (cookies, authorization, forwarding
 * headers, origin) is dropped; the gateway adds its own. */
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'content-type',
  'content-length',
  'content-range',
  'range',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'if-range',
  'depth',
  'overwrite',
  'oc-total-length',
  'oc-checksum',
  'oc-chunked',
  'x-oc-mtime',
  'x-oc-ctime',
  'user-agent',
];

const DROPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'set-cookie',
  // A Basic challenge would make the browser show its own password dialog.
  'www-authenticate',
  'content-security-policy',
  'x-frame-options',
  'strict-transport-security',
]);

/** Bodies up to this size are held so a request can be repeated once after a token refresh; larger
 * ones (uploads) stream straight through and are never buffered. */
const REPLAYABLE_BODY_BYTES = 256 * 1024;

export interface ProxyContext {
  key: string;
  record: SessionRecord;
  clientIp: string;
}

/** A 401's body, to tell a rejected token from a refused permission (both are small; a huge one is cut). */
async function readAuthAnswer(upstream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of upstream) {
    size += (chunk as Buffer).length;
    if (size > AUTH_ANSWER_MAX_BYTES) {
      upstream.destroy();
      break;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The whole (small) body, or null when the client went away or stalled before sending all of it. */
async function readSmallBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req) chunks.push(chunk as Buffer);
  } catch {
    return null;
  }
  return req.complete ? Buffer.concat(chunks) : null;
}

export class NextcloudProxy {
  constructor(
    private readonly config: GatewayConfig,
    private readonly client: NextcloudClient,
    private readonly store: SessionStore,
    private readonly tokens: TokenManager,
  ) {}

  /** WebDAV MOVE/COPY name their destination as a URL of the app; it must map to a DAV path on Nextcloud. */
  rewriteDestination(value: string): string | null {
    let url: URL;
    try {
      url = new URL(value, this.config.publicOrigin);
    } catch {
      return null;
    }
    if (url.origin !== this.config.publicOrigin) return null;
    const raw = value.startsWith('/') ? value : `${url.pathname}${url.search}`;
    const target = proxyTarget(raw);
    if (target?.kind !== 'api' || !raw.startsWith('/remote.php/dav/')) return null;
    return urlFor(this.config.nextcloudUrl, target.path);
  }

  private upstreamHeaders(req: IncomingMessage, auth: SessionAuth, ctx: ProxyContext, destination: string | null): OutgoingHttpHeaders {
    const headers: OutgoingHttpHeaders = {};
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = req.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    if (destination) headers['destination'] = destination;
    headers['authorization'] = authorizationHeader(auth);
    headers['ocs-apirequest'] = 'true';
    headers['x-forwarded-for'] = ctx.clientIp;
    const cookies = cookieHeader(ctx.record.jar);
    if (cookies) headers['cookie'] = cookies;
    return headers;
  }

  private responseHeaders(upstream: IncomingHttpHeaders): OutgoingHttpHeaders {
    const out: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(upstream)) {
      if (value === undefined || DROPPED_RESPONSE_HEADERS.has(name)) continue;
      out[name] = value;
    }
    const location = upstream.location;
    if (typeof location === 'string') {
      for (const base of [this.config.nextcloudUrl, this.config.nextcloudPublicUrl]) {
        const prefix = urlFor(base, '');
        if (location.startsWith(`${prefix}/`)) out['location'] = location.slice(prefix.length);
      }
    }
    out['content-security-policy'] = API_CSP;
    if (!('cache-control' in out)) out['cache-control'] = 'private, no-cache';
    return out;
  }

  private send(
    req: IncomingMessage,
    target: ProxyTarget,
    headers: OutgoingHttpHeaders,
    body: Buffer | 'stream' | null,
    res: ServerResponse,
  ): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const method = req.method ?? 'GET';
      const upstreamReq = this.client.request(this.client.requestOptions(target.path, method, headers), resolve);
      upstreamReq.on('error', reject);
      // Nextcloud silent for too long (no answer, or a body that stopped): give up and free the connection.
      if (this.config.upstreamIdleMs > 0) {
        upstreamReq.setTimeout(this.config.upstreamIdleMs, () => {
          upstreamReq.destroy(new UpstreamIdle());
        });
      }
      // Browser went away: stop the work at Nextcloud too (long-polls, downloads).
      res.on('close', () => {
        if (!res.writableFinished) upstreamReq.destroy();
      });
      if (body === 'stream') {
        pipeline(req, upstreamReq).catch((err: unknown) => {
          upstreamReq.destroy(err instanceof Error ? err : new Error(String(err)));
        });
      } else {
        upstreamReq.end(body ?? undefined);
      }
    });
  }

  private async rememberCookies(ctx: ProxyContext, upstream: IncomingMessage): Promise<void> {
    const next = applySetCookies(ctx.record.jar ?? {}, upstream.headers['set-cookie']);
    if (!next) return;
    ctx.record.jar = next;
    await this.store.patch(ctx.key, { jar: next }, this.config.sessionIdleSeconds);
  }

  private async endSession(ctx: ProxyContext): Promise<void> {
    await this.store.patch(ctx.key, { auth: null, jar: null }, this.config.sessionIdleSeconds);
  }

  /** Nextcloud did not accept the session's credentials. An app password cannot be renewed: the session
   * ends. An OAuth2 access token is refreshed once; a small request is then repeated with the new token
   * (the resolved value), an upload (its body is gone) is answered so the client sends it again. Answers
   * the client itself and resolves to null when the request is finished. */
  private async afterRejectedToken(res: ServerResponse, ctx: ProxyContext, auth: SessionAuth, body: Buffer | 'stream' | null): Promise<SessionAuth | null> {
    if (auth.kind !== 'oauth2') {
      await this.endSession(ctx);
      json(res, 401, SIGNED_OUT);
      return null;
    }
    let next: SessionAuth | null;
    try {
      next = await this.tokens.refresh(ctx.key, auth.accessToken, ctx.clientIp);
    } catch (err) {
      if (!(err instanceof RefreshUnavailable)) throw err;
      json(res, 503, { error: 'nextcloud_unavailable' }, { 'retry-after': '5' });
      return null;
    }
    if (!next) {
      json(res, 401, SIGNED_OUT);
      return null;
    }
    if (body === 'stream') {
      // The upload body is gone; the token is fresh now, so the client can simply send it again.
      json(res, 503, { error: 'token_refreshed' }, { 'retry-after': '0' });
      return null;
    }
    return next;
  }

  async handle(req: IncomingMessage, res: ServerResponse, target: ProxyTarget, ctx: ProxyContext): Promise<void> {
    setCommonHeaders(res, this.config);
    let destination: string | null = null;
    const rawDestination = req.headers['destination'];
    if (rawDestination !== undefined) {
      destination = typeof rawDestination === 'string' ? this.rewriteDestination(rawDestination) : null;
      if (!destination) {
        json(res, 400, { error: 'bad_destination' });
        return;
      }
    }

    let auth: SessionAuth | null;
    try {
      auth = await this.tokens.current(ctx.key, ctx.record.auth, ctx.clientIp);
    } catch (err) {
      if (!(err instanceof RefreshUnavailable)) throw err;
      json(res, 503, { error: 'nextcloud_unavailable' }, { 'retry-after': '5' });
      return;
    }
    if (!auth) {
      json(res, 401, SIGNED_OUT);
      return;
    }

    const length = Number(req.headers['content-length'] ?? '0');
    const chunked = req.headers['transfer-encoding'] !== undefined;
    const replayable = !chunked && Number.isFinite(length) && length <= REPLAYABLE_BODY_BYTES;
    const small = replayable && length > 0 ? await readSmallBody(req) : null;
    // Nothing to relay: the client is gone (or was answered 408 for a stalled body).
    if (replayable && length > 0 && small === null) return;
    const body: Buffer | 'stream' | null = !replayable ? 'stream' : small;

    for (let attempt = 0; ; attempt++) {
      let upstream: IncomingMessage;
      try {
        upstream = await this.send(req, target, this.upstreamHeaders(req, auth, ctx, destination), body, res);
      } catch (err) {
        if (res.headersSent) res.destroy();
        else if (err instanceof UpstreamIdle) json(res, 504, { error: 'upstream_timeout', idleSeconds: this.config.upstreamIdleMs / 1000 });
        else json(res, 502, { error: 'nextcloud_unreachable' }, { 'retry-after': '5' });
        return;
      }
      await this.rememberCookies(ctx, upstream);

      if (upstream.statusCode === 401) {
        const answer = await readAuthAnswer(upstream);
        if (!credentialsRejected(401, upstream.headers, answer)) {
          // "You may not", not "who are you": the client gets Nextcloud's answer as it is, the token stays.
          res.writeHead(401, upstream.statusMessage, this.responseHeaders(upstream.headers));
          res.end(answer);
          return;
        }
        if (attempt > 0) {
          // Even the fresh token was refused.
          json(res, 401, SIGNED_OUT);
          return;
        }
        const next = await this.afterRejectedToken(res, ctx, auth, body);
        if (!next) return;
        auth = next;
        continue;
      }
      const headers = this.responseHeaders(upstream.headers);
      const compress = compressionFor(req, upstream, headers);
      res.writeHead(upstream.statusCode ?? 502, upstream.statusMessage, headers);
      try {
        await (compress ? pipeline(upstream, compress, res) : pipeline(upstream, res));
      } catch {
        // The browser or Nextcloud closed the connection mid-body: nothing more can be sent.
        res.destroy();
      }
      return;
    }
  }
}
