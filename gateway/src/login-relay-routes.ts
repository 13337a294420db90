/** The gateway's side of the login relay (ADR 0009): who may use it, and the pre-login session's jar. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayConfig } from './config.js';
import { endWebSession, relay, type RelayTarget } from './login-relay.js';
import type { NextcloudClient } from './nextcloud-client.js';
import { json } from './reply.js';
import { setCommonHeaders } from './security.js';
import type { SessionRecord, SessionStore } from './session-store.js';

export class LoginRelayRoutes {
  constructor(
    private readonly config: GatewayConfig,
    private readonly client: NextcloudClient,
    private readonly store: SessionStore,
    private readonly log: (line: string) => void,
    private readonly pendingMs: number,
  ) {}

  /** Ends the Nextcloud browser session a gateway session holds; never fails the caller. */
  async endSession(jar: Record<string, string> | undefined, ip: string): Promise<void> {
    if (!jar || Object.keys(jar).length === 0) return;
    try {
      if (!(await endWebSession(this.client, jar, ip))) this.log('ending the Nextcloud browser session: Nextcloud did not log it out');
    } catch (err) {
      this.log(`ending the Nextcloud browser session failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** A form must come from this app (Origin), and no page is driven from another site (login CSRF). */
  private fromThisApp(req: IncomingMessage): boolean {
    const method = req.method ?? 'GET';
    const site = req.headers['sec-fetch-site'];
    const crossSite = site !== undefined && site !== 'same-origin' && (method === 'POST' || site !== 'none');
    return !crossSite && (method !== 'POST' || req.headers.origin === this.config.publicOrigin);
  }

  /** Nextcloud's login pages under the app's origin, with their cookies in the pre-login session. */
  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    target: RelayTarget,
    loadSession: () => Promise<{ key: string; record: SessionRecord } | null>,
    ip: string,
  ): Promise<void> {
    if (target.kind === 'asset') {
      await relay(this.config, this.client, req, res, target, {}, ip);
      return;
    }
    setCommonHeaders(res, this.config);
    if (!this.fromThisApp(req)) {
      json(res, 403, { error: 'csrf', reason: 'the login pages accept only this app' });
      return;
    }
    const session = await loadSession();
    const pending = session?.record.pending;
    if (!session || pending?.kind !== 'oauth2') {
      res.writeHead(303, { location: '/login?error=session_expired', 'cache-control': 'no-store' });
      res.end();
      return;
    }
    // "Nicht du? Anderes Konto" starts this login afresh, with the same return path (and popup nonce).
    const again = new URLSearchParams({ returnTo: pending.returnTo, ...(pending.embedNonce ? { embed: pending.embedNonce } : {}) });
    await relay(this.config, this.client, req, res, target, session.record.jar ?? {}, ip, `/auth/login?${again.toString()}`, (jar) =>
      this.store.patch(session.key, { jar }, Math.ceil(this.pendingMs / 1000)),
    );
  }
}
