import { z } from 'zod';
import { requestJson, requestVoid, type CallOptions, type NoParams } from '../client';

/** The gateway's own endpoints (not Nextcloud): session state, Login Flow v2, logout. */

export const authModeSchema = z.enum(['oauth2', 'loginflow']);
export type AuthMode = z.infer<typeof authModeSchema>;

const sessionSchema = z.discriminatedUnion('authenticated', [
  z.object({
    authenticated: z.literal(true),
    authMode: authModeSchema,
    user: z.object({ id: z.string(), displayName: z.string() }),
  }),
  z.object({ authenticated: z.literal(false), authMode: authModeSchema }),
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

export function logout(_params: NoParams = {}, { signal }: CallOptions = {}): Promise<void> {
  return requestVoid('/auth/logout', { method: 'POST', signal });
}
