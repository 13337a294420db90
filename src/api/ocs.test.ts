import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  currentUserBadPassword,
  currentUserOk,
  currentUserWithoutOcsHeader,
  deckOcsInvalidQuery,
  recordedResponse,
  talkRoomNotFound,
} from '../testing/core-recordings';
import { createFakeGateway, jsonResponse } from '../testing/fake-gateway';
import { ApiError } from './api-error';
import { getCurrentUser } from './core/current-user';
import { ocsRequest } from './ocs';

afterEach(() => {
  vi.unstubAllGlobals();
});

function stubGateway(routes: Parameters<typeof createFakeGateway>[0]) {
  const gateway = createFakeGateway(routes);
  vi.stubGlobal('fetch', vi.fn(gateway.fetch));
  return gateway;
}

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('OCS unwrap', () => {
  it('returns the data of a successful envelope (real current-user body)', async () => {
    stubGateway({ 'GET /ocs/v2.php/cloud/user': () => recordedResponse(currentUserOk) });
    await expect(getCurrentUser()).resolves.toEqual({
      id: 's7a1',
      displayName: 'Lena Becker',
      email: null,
      groups: ['klasse-7a'],
      language: 'en',
    });
  });

  it('sends OCS-APIRequest and the CSRF header through the gateway, same-origin', async () => {
    const gateway = stubGateway({ 'GET /ocs/v2.php/cloud/user': () => recordedResponse(currentUserOk) });
    await getCurrentUser();
    const [request] = gateway.requests;
    expect(request?.url).toBe('/ocs/v2.php/cloud/user');
    expect(request?.headers.get('OCS-APIRequest')).toBe('true');
    expect(request?.headers.get('X-Requested-With')).toBe('klassenraum');
    expect(request?.credentials).toBe('same-origin');
  });

  it("a 401 Nextcloud sent (OCS 997) reaches the app only as a permission answer: forbidden, not a sign-out", async () => {
    // The gateway turns every refusal of the token itself into its own 401 {"error":"unauthenticated"}
    // (gateway/src/token-rejection.ts); what it relays unchanged is "you may not".
    stubGateway({ 'GET /ocs/v2.php/cloud/user': () => recordedResponse(currentUserBadPassword) });
    const error = await caught(getCurrentUser());
    expect(error.kind).toBe('forbidden');
    expect(error.status).toBe(401);
    expect(error.ocsStatusCode).toBe(997);
    expect(error.serverMessage).toBe('Unauthorised');
    expect(error.messageKey).toBe('errors.forbidden');
  });

  it('maps the real 412 with a plain {message} body (no envelope) to precondition-failed', async () => {
    stubGateway({ 'GET /ocs/v2.php/cloud/user': () => recordedResponse(currentUserWithoutOcsHeader) });
    const error = await caught(getCurrentUser());
    expect(error.kind).toBe('precondition-failed');
    expect(error.status).toBe(412);
    expect(error.ocsStatusCode).toBeNull();
    expect(error.serverMessage).toBe('CSRF check failed');
  });

  it('maps a Talk 404 envelope and an OCS 998 envelope to not-found', async () => {
    stubGateway({
      'GET /ocs/v2.php/apps/spreed/api/v4/room/x': () => recordedResponse(talkRoomNotFound),
      'GET /ocs/v2.php/apps/deck/api/v1.0/boards': () => recordedResponse(deckOcsInvalidQuery),
    });
    const talk = await caught(ocsRequest('/ocs/v2.php/apps/spreed/api/v4/room/x', z.unknown()));
    expect([talk.kind, talk.ocsStatusCode]).toEqual(['not-found', 404]);
    const deck = await caught(ocsRequest('/ocs/v2.php/apps/deck/api/v1.0/boards', z.unknown()));
    expect([deck.kind, deck.ocsStatusCode]).toEqual(['not-found', 998]);
  });

  it('treats an OCS v1 failure delivered with HTTP 200 as a failure', async () => {
    stubGateway({
      'GET /ocs/v1.php/cloud/user': () =>
        jsonResponse(200, { ocs: { meta: { status: 'failure', statuscode: 997, message: 'Unauthorised' }, data: [] } }),
    });
    const error = await caught(ocsRequest('/ocs/v1.php/cloud/user', z.unknown()));
    expect(error.kind).toBe('unauthenticated');
    expect(error.status).toBe(200);
    expect(error.ocsStatusCode).toBe(997);
  });

  it('accepts an OCS v1 success (statuscode 100)', async () => {
    stubGateway({
      'GET /ocs/v1.php/x': () => jsonResponse(200, { ocs: { meta: { status: 'ok', statuscode: 100, message: 'OK' }, data: [1, 2] } }),
    });
    await expect(ocsRequest('/ocs/v1.php/x', z.array(z.number()))).resolves.toEqual([1, 2]);
  });

  it('rejects a 200 that is not an envelope, or whose data has the wrong shape, as unknown', async () => {
    stubGateway({
      'GET /ocs/v2.php/html': () => new Response('<html></html>', { status: 200, headers: { 'content-type': 'text/html' } }),
      'GET /ocs/v2.php/cloud/user': () =>
        jsonResponse(200, { ocs: { meta: { status: 'ok', statuscode: 200, message: 'OK' }, data: { id: 42 } } }),
    });
    expect((await caught(ocsRequest('/ocs/v2.php/html', z.unknown()))).kind).toBe('unknown');
    expect((await caught(getCurrentUser())).kind).toBe('unknown');
  });

  it('maps the gateway 401 {error: "unauthenticated"} to unauthenticated', async () => {
    stubGateway({ 'GET /ocs/v2.php/cloud/user': () => jsonResponse(401, { error: 'unauthenticated' }) });
    const error = await caught(getCurrentUser());
    expect(error.kind).toBe('unauthenticated');
    expect(error.serverMessage).toBe('unauthenticated');
  });
});
