import { z } from 'zod';
import { urlFor, type GatewayConfig } from './config.js';
import { basicAuth, UpstreamError, type NextcloudClient } from './nextcloud-client.js';
import type { LoginFlowAuth, OAuthAuth, SessionAuth } from './session-store.js';

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().int().positive(),
  refresh_token: z.string().min(1),
  user_id: z.string().min(1),
});

const ocsUser = z.object({
  ocs: z.object({ data: z.object({ id: z.string(), 'display-name': z.string().optional(), displayname: z.string().optional() }) }),
});

const loginFlowStart = z.object({ poll: z.object({ token: z.string().min(1) }), login: z.url() });
const loginFlowResult = z.object({ loginName: z.string().min(1), appPassword: z.string().min(1) });

export class TokenRejected extends Error {}

export function authorizationHeader(auth: SessionAuth): string {
  return auth.kind === 'oauth2' ? `Bearer ${auth.accessToken}` : basicAuth(auth.loginName, auth.appPassword);
}

/** OAuth2 and Login Flow v2 against Nextcloud, as its oauth2 app implements them: authorization code
 * only, no PKCE, client secret required, refresh tokens rotate and are single-use. */
export class NextcloudAuth {
  constructor(private readonly config: GatewayConfig, private readonly client: NextcloudClient) {}

  get redirectUri(): string {
    return `${this.config.publicOrigin}/auth/callback`;
  }

  authorizeUrl(state: string): string {
    const oauth = this.requireOauth();
    const url = new URL(urlFor(this.config.nextcloudPublicUrl, '/index.php/apps/oauth2/authorize'));
    url.searchParams.set('client_id', oauth.clientId);
    url.searchParams.set('state', state);
    url.searchParams.set('response_type', 'code');
    return url.href;
  }

  private requireOauth(): { clientId: string; clientSecret: string } {
    if (!this.config.oauth) throw new Error('OAuth2 is not configured');
    return this.config.oauth;
  }

  private async tokenRequest(params: Record<string, string>, clientIp: string): Promise<OAuthAuth> {
    const oauth = this.requireOauth();
    const body = new URLSearchParams({ ...params, client_id: oauth.clientId, client_secret: oauth.clientSecret });
    const res = await this.client.call('/index.php/apps/oauth2/api/v1/token', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        // Nextcloud's brute-force protection counts failed token requests per client IP.
        'x-forwarded-for': clientIp,
      },
      body: body.toString(),
    });
    if (res.status === 400 || res.status === 401) throw new TokenRejected(`token endpoint answered ${res.status}`);
    // Maintenance mode (503) answers before the token is looked at; anything else may have used it.
    if (res.status !== 200) throw new UpstreamError(`token endpoint answered ${res.status}`, res.status !== 503);
    const data = tokenResponse.parse(JSON.parse(res.body.toString('utf8')));
    const now = Date.now();
    return {
      kind: 'oauth2',
      userId: data.user_id,
      accessToken: data.access_token,
      refreshToken: data.refresh_token,
      expiresAt: now + data.expires_in * 1000,
      issuedAt: now,
    };
  }

  exchangeCode(code: string, clientIp: string): Promise<OAuthAuth> {
    return this.tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: this.redirectUri }, clientIp);
  }

  refresh(refreshToken: string, clientIp: string): Promise<OAuthAuth> {
    return this.tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }, clientIp);
  }

  async currentUser(auth: SessionAuth, clientIp: string): Promise<{ id: string; displayName: string }> {
    const res = await this.client.call('/ocs/v2.php/cloud/user?format=json', {
      headers: {
        authorization: authorizationHeader(auth),
        'ocs-apirequest': 'true',
        accept: 'application/json',
        'x-forwarded-for': clientIp,
      },
    });
    if (res.status !== 200) throw new TokenRejected(`user lookup answered ${res.status}`);
    const data = ocsUser.parse(JSON.parse(res.body.toString('utf8'))).ocs.data;
    return { id: data.id, displayName: data['display-name'] ?? data.displayname ?? data.id };
  }

  /** Deletes the app token behind the session (OAuth access tokens are app tokens on Nextcloud). */
  async revoke(auth: SessionAuth, clientIp: string): Promise<boolean> {
    const res = await this.client.call('/ocs/v2.php/core/apppassword', {
      method: 'DELETE',
      headers: {
        authorization: authorizationHeader(auth),
        'ocs-apirequest': 'true',
        accept: 'application/json',
        'x-forwarded-for': clientIp,
      },
      timeoutMs: 5_000,
    });
    return res.status === 200;
  }

  /** Login Flow v2: returns the poll token (kept server-side) and the URL the user opens. */
  async startLoginFlow(clientIp: string): Promise<{ token: string; loginUrl: string }> {
    const res = await this.client.call('/index.php/login/v2', {
      method: 'POST',
      headers: { accept: 'application/json', 'x-forwarded-for': clientIp },
    });
    if (res.status !== 200) throw new Error(`login flow start answered ${res.status}`);
    const data = loginFlowStart.parse(JSON.parse(res.body.toString('utf8')));
    // The login page must be on the configured Nextcloud, as the browser reaches it.
    const login = new URL(data.login);
    const internalBase = urlFor(this.config.nextcloudUrl, '');
    if (login.href.startsWith(`${internalBase}/`)) {
      login.href = urlFor(this.config.nextcloudPublicUrl, login.href.slice(internalBase.length));
    }
    if (!login.href.startsWith(`${urlFor(this.config.nextcloudPublicUrl, '')}/`)) {
      throw new Error('login flow answered a login URL on another server');
    }
    return { token: data.poll.token, loginUrl: login.href };
  }

  /** null while the user has not granted access yet. */
  async pollLoginFlow(token: string, clientIp: string): Promise<LoginFlowAuth | null> {
    const res = await this.client.call('/index.php/login/v2/poll', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'x-forwarded-for': clientIp },
      body: new URLSearchParams({ token }).toString(),
    });
    if (res.status === 404) return null;
    if (res.status !== 200) throw new Error(`login flow poll answered ${res.status}`);
    const data = loginFlowResult.parse(JSON.parse(res.body.toString('utf8')));
    return { kind: 'loginflow', userId: data.loginName, loginName: data.loginName, appPassword: data.appPassword };
  }
}
