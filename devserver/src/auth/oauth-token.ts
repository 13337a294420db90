/**
 * POST /index.php/apps/oauth2/api/v1/token as Nextcloud's oauth2 app answers it: the authorization
 * code and every refresh token are single-use; each exchange rotates the app token behind the grant,
 * so the previous access token dies at once.
 */
import { deleteAppToken, findTokenById, randomAlnum } from './auth.js';
import type { Ctx, TokenRequestRecord } from '../context.js';
import { registerBruteforceAttempt } from './throttle.js';
import { jsonReply, str, type Reply } from '../http.js';

const AUTHORIZATION_CODE_EXPIRES_AFTER_MS = 10 * 60 * 1000;

type Failure = Exclude<TokenRequestRecord['outcome'], 'issued'>;

export function oauthToken(ctx: Ctx): Reply {
  const grantType = str(ctx.params, 'grant_type') ?? '';
  const codeParam = str(ctx.params, 'code');
  const refreshParam = str(ctx.params, 'refresh_token');
  const record: TokenRequestRecord = { grantType, outcome: 'issued', at: ctx.app.now() };
  if (codeParam !== undefined) record.code = codeParam;
  if (refreshParam !== undefined) record.refreshToken = refreshParam;
  ctx.app.tokenRequests.push(record);

  const fail = (error: Failure): Reply => {
    record.outcome = error;
    // Every failed token request is throttled (counted against the caller's IP).
    registerBruteforceAttempt(ctx.app, ctx.clientIp, 'oauth2GetToken');
    return jsonReply(400, { error });
  };

  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') return fail('invalid_grant');
  const code = grantType === 'refresh_token' ? refreshParam : codeParam;
  const data = ctx.app.store.data;
  const grant = code === undefined || code === '' ? undefined : data.oauthGrants.find((g) => g.code === code);
  if (grant === undefined) return fail('invalid_request');

  if (grantType === 'authorization_code') {
    if (grant.tokenCount > 0) return fail('invalid_request');
    if (grant.codeCreatedAt < ctx.app.now() - AUTHORIZATION_CODE_EXPIRES_AFTER_MS) {
      data.oauthGrants = data.oauthGrants.filter((g) => g !== grant);
      deleteAppToken(ctx.app, grant.tokenId);
      return fail('invalid_request');
    }
  }

  const client = ctx.app.oauthClients.find((c) => c.clientId === grant.clientId);
  if (client === undefined) return fail('invalid_request');

  let clientId = str(ctx.params, 'client_id');
  let clientSecret = str(ctx.params, 'client_secret');
  const authz = ctx.header('authorization');
  if (authz !== undefined && authz.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(authz.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) {
      clientId = decoded.slice(0, colon);
      clientSecret = decoded.slice(colon + 1);
    }
  }
  if (clientId !== client.clientId || clientSecret === undefined || clientSecret !== client.clientSecret) {
    return fail('invalid_client');
  }

  const appToken = findTokenById(ctx.app, grant.tokenId);
  if (appToken === undefined) {
    data.oauthGrants = data.oauthGrants.filter((g) => g !== grant);
    ctx.app.store.changed();
    return fail('invalid_request');
  }

  // Rotate: a new app token value (the old access token stops working) and a new refresh token.
  appToken.token = randomAlnum(72);
  appToken.expiresAt = ctx.app.now() + ctx.app.accessTokenTtlSeconds * 1000;
  grant.code = randomAlnum(128);
  grant.tokenCount += 1;
  ctx.app.store.changed();
  return jsonReply(200, {
    access_token: appToken.token,
    token_type: 'Bearer',
    expires_in: ctx.app.accessTokenTtlSeconds,
    refresh_token: grant.code,
    user_id: appToken.uid,
  });
}
