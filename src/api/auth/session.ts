import { requestJson, requestVoid, type CallOptions, type NoParams } from '../client';
import {
  embedCompleteSchema,
  embedStartSchema,
  loginFlowPollSchema,
  loginFlowStartSchema,
  sessionSchema,
  type LoginFlowPoll,
  type LoginFlowStart,
  type Session,
} from '../gateway-contract';

/** The gateway's own endpoints (not Nextcloud): session state, Login Flow v2, logout. Their answers are the
 * gateway contract (../gateway-contract.ts), which the gateway types its answers with. */

export type { AuthMode, LoginFlowStart, Session } from '../gateway-contract';

export function getSession(_params: NoParams = {}, { signal }: CallOptions = {}): Promise<Session> {
  return requestJson('/auth/session', sessionSchema, { signal });
}

export function startLoginFlow(_params: NoParams = {}, { signal }: CallOptions = {}): Promise<LoginFlowStart> {
  return requestJson('/auth/flow/start', loginFlowStartSchema, { method: 'POST', signal });
}

export type LoginFlowStatus = LoginFlowPoll['status'];

export async function pollLoginFlow(_params: NoParams = {}, { signal }: CallOptions = {}): Promise<LoginFlowStatus> {
  const result = await requestJson('/auth/flow/poll', loginFlowPollSchema, { method: 'POST', signal });
  return result.status;
}

/** Embed mode (app inside the Schulportal iframe): where the login popup goes. */
export async function startEmbedLogin({ returnTo }: { returnTo: string }, { signal }: CallOptions = {}): Promise<string> {
  const result = await requestJson(`/auth/embed/start?returnTo=${encodeURIComponent(returnTo)}`, embedStartSchema, { method: 'POST', signal });
  return result.popupUrl;
}

/** Hands the popup's login to this (framed) page, with the one-time code the popup posted. */
export async function completeEmbedLogin({ code }: { code: string }, { signal }: CallOptions = {}): Promise<string> {
  const result = await requestJson('/auth/embed/complete', embedCompleteSchema, {
    method: 'POST',
    signal,
    json: { code },
  });
  return result.returnTo;
}

export function logout(_params: NoParams = {}, { signal }: CallOptions = {}): Promise<void> {
  return requestVoid('/auth/logout', { method: 'POST', signal });
}
