import { z } from 'zod';
import { requestJson, requestVoid, type CallOptions, type NoParams } from '../client';

/** The gateway's own endpoints (not Nextcloud): session state, Login Flow v2, logout. */

export const authModeSchema = z.enum(['oauth2', 'loginflow']);
export type AuthMode = z.infer<typeof authModeSchema>;

const sessionSchema = z.discriminatedUnion('authenticated', [
  z.object({
    authenticated: z.literal(true),
    authMode: authModeSchema,
    embedAllowed: z.boolean().optional(),
    user: z.object({ id: z.string(), displayName: z.string() }),
  }),
  z.object({ authenticated: z.literal(false), authMode: authModeSchema, embedAllowed: z.boolean().optional() }),
]);
export type Session = z.infer<typeof sessionSchema>;

export function getSession(_params: NoParams = {}, { signal }: CallOptions = {}): Promise<Session> {
  return requestJson('/auth/session', sessionSchema, { signal });
}

const flowStartSchema = z.object({ loginUrl: z.url({ protocol: /^https?$/ }) });
export type LoginFlowStart = z.infer<typeof flowStartSchema>;

export function startLoginFlow(_params: NoParams = {}, { signal }: CallOptions = {}): Promise<LoginFlowStart> {
  return requestJson('/auth/flow/start', flowStartSchema, { method: 'POST', signal });
}

const flowPollSchema = z.object({ status: z.enum(['pending', 'done', 'expired']) });
export type LoginFlowStatus = z.infer<typeof flowPollSchema>['status'];

export async function pollLoginFlow(_params: NoParams = {}, { signal }: CallOptions = {}): Promise<LoginFlowStatus> {
  const result = await requestJson('/auth/flow/poll', flowPollSchema, { method: 'POST', signal });
  return result.status;
}

const embedStartSchema = z.object({ popupUrl: z.string().startsWith('/auth/login?') });

/** Embed mode (app inside the Schulportal iframe): where the login popup goes. */
export async function startEmbedLogin({ returnTo }: { returnTo: string }, { signal }: CallOptions = {}): Promise<string> {
  const result = await requestJson(`/auth/embed/start?returnTo=${encodeURIComponent(returnTo)}`, embedStartSchema, { method: 'POST', signal });
  return result.popupUrl;
}

const embedCompleteSchema = z.object({ authenticated: z.literal(true), returnTo: z.string() });

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
