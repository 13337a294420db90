/**
 * The gateway's LiveKit endpoints (gateway/src/livekit.ts). The browser never holds LiveKit credentials:
 * it asks the gateway for a short-lived join token for a class, and the gateway checks the class's Talk
 * membership and derives room, identity and grants itself.
 */
import { requestJson, type CallOptions } from '../client';
import {
  callConfigSchema,
  liveKitJoinSchema,
  liveKitRemovedSchema,
  liveKitSpeakingSchema,
  liveKitSyncSchema,
  type CallConfig,
  type LiveKitGrant,
  type LiveKitJoin,
} from '../gateway-contract';

export type { CallConfig, LiveKitGrant, LiveKitJoin } from '../gateway-contract';

/** Which transport carries video lessons on this installation (`GET /api/config`). */
export function getCallConfig(options: CallOptions = {}): Promise<CallConfig> {
  return requestJson('/api/config', callConfigSchema, options);
}

/** A join token for the lesson of the class whose Talk conversation is `talkToken`. */
export function getLiveKitToken(params: { talkToken: string }, options: CallOptions = {}): Promise<LiveKitJoin> {
  return requestJson('/api/livekit/token', liveKitJoinSchema, { ...options, method: 'POST', json: { room: params.talkToken } });
}

/** A teacher lets a student speak (or stops them): Talk's permissions change, the SFU follows. */
export async function setLiveKitSpeaking(params: { talkToken: string; attendeeId: number; speak: boolean }, options: CallOptions = {}): Promise<LiveKitGrant> {
  const res = await requestJson('/api/livekit/speaking', liveKitSpeakingSchema, {
    ...options,
    method: 'POST',
    json: { room: params.talkToken, attendeeId: params.attendeeId, speak: params.speak },
  });
  return res.grant;
}

/** A teacher removes a participant: out of the class's Talk conversation, then out of the LiveKit room. */
export async function removeLiveKitParticipant(params: { talkToken: string; attendeeId: number }, options: CallOptions = {}): Promise<void> {
  await requestJson('/api/livekit/remove', liveKitRemovedSchema, {
    ...options,
    method: 'POST',
    json: { room: params.talkToken, attendeeId: params.attendeeId },
  });
}

/** A teacher starting the lesson: the SFU's grants of everyone connected follow Talk's permissions (lesson mode). */
export async function syncLiveKitGrants(params: { talkToken: string }, options: CallOptions = {}): Promise<void> {
  await requestJson('/api/livekit/sync', liveKitSyncSchema, { ...options, method: 'POST', json: { room: params.talkToken } });
}
