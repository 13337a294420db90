/**
 * The gateway's LiveKit endpoints (gateway/src/livekit.ts). The browser never holds LiveKit credentials:
 * it asks the gateway for a short-lived join token for a class, and the gateway checks the class's Talk
 * membership and derives room, identity and grants itself.
 */
import { z } from 'zod';
import { requestJson, type CallOptions } from '../client';

const callConfigSchema = z.discriminatedUnion('callTransport', [
  z.object({ callTransport: z.literal('talk-hpb') }),
  z.object({ callTransport: z.literal('livekit'), livekitUrl: z.string() }),
]);

/** Which transport carries video lessons on this installation (`GET /api/config`). */
export type CallConfig = z.infer<typeof callConfigSchema>;

export function getCallConfig(options: CallOptions = {}): Promise<CallConfig> {
  return requestJson('/api/config', callConfigSchema, options);
}

const grantSchema = z.object({
  roomAdmin: z.boolean(),
  canPublish: z.boolean(),
  // livekit-server-sdk's TrackSource enum, serialised as numbers (or names).
  canPublishSources: z.array(z.union([z.number(), z.string()])),
});

const joinSchema = z.object({ token: z.string(), url: z.string(), room: z.string(), grant: grantSchema });

export type LiveKitGrant = z.infer<typeof grantSchema>;
export type LiveKitJoin = z.infer<typeof joinSchema>;

/** A join token for the lesson of the class whose Talk conversation is `talkToken`. */
export function getLiveKitToken(params: { talkToken: string }, options: CallOptions = {}): Promise<LiveKitJoin> {
  return requestJson('/api/livekit/token', joinSchema, { ...options, method: 'POST', json: { room: params.talkToken } });
}

/** A teacher lets a student speak (or stops them): Talk's permissions change, the SFU follows. */
export async function setLiveKitSpeaking(params: { talkToken: string; attendeeId: number; speak: boolean }, options: CallOptions = {}): Promise<LiveKitGrant> {
  const res = await requestJson('/api/livekit/speaking', z.object({ grant: grantSchema }), {
    ...options,
    method: 'POST',
    json: { room: params.talkToken, attendeeId: params.attendeeId, speak: params.speak },
  });
  return res.grant;
}

/** A teacher removes a participant: out of the class's Talk conversation, then out of the LiveKit room. */
export async function removeLiveKitParticipant(params: { talkToken: string; attendeeId: number }, options: CallOptions = {}): Promise<void> {
  await requestJson('/api/livekit/remove', z.object({ removed: z.literal(true) }), {
    ...options,
    method: 'POST',
    json: { room: params.talkToken, attendeeId: params.attendeeId },
  });
}

/** A teacher starting the lesson: the SFU's grants of everyone connected follow Talk's permissions (lesson mode). */
export async function syncLiveKitGrants(params: { talkToken: string }, options: CallOptions = {}): Promise<void> {
  await requestJson('/api/livekit/sync', z.object({ updated: z.number() }), { ...options, method: 'POST', json: { room: params.talkToken } });
}
