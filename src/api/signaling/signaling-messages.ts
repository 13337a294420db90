/**
 * The standalone signaling server's messages (nextcloud-spreed-signaling, API v1) as this client handles them:
 * parsed once where they arrive from the WebSocket into a typed union, so the transport never reads raw JSON.
 * Fields the server may leave out get the value the client treats as "none" (an empty id, no user), and a
 * message or event the client does not handle becomes `other` / null, as it was always ignored.
 */
import { z } from 'zod';

/** Talk's two streams per participant: camera and microphone ('video'), and a shared screen. */
export type StreamType = 'video' | 'screen';

/**
 * Our peer message announcing a shared screen (state true/false), sent to the room and to newcomers: others then
 * ask for the 'screen' stream. Talk's own clients end a share with 'unshareScreen', which we also understand.
 */
export const SCREEN_MESSAGE = 'screenShare';

const text = (fallback = '') => z.string().catch(fallback);
const optionalId = z.string().optional().catch(undefined);
const streamType = z.enum(['video', 'screen']).catch('video');
const sdpPayload = z.object({ sdp: text() }).catch({ sdp: '' });
const noCandidate = { candidate: '', sdpMLineIndex: 0, sdpMid: null };
const candidate = z.object({ candidate: text(), sdpMLineIndex: z.number().catch(0), sdpMid: z.string().nullable().catch(null) }).catch(noCandidate);

/** The data of a message from another session (or from Janus through our own): offers, answers, candidates, hands, screens. */
const peerDataSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('offer'), sid: text(), roomType: streamType, payload: sdpPayload }),
  z.object({ type: z.literal('answer'), sid: text(), roomType: streamType, payload: sdpPayload }),
  z.object({ type: z.literal('candidate'), sid: text(), roomType: streamType, payload: z.object({ candidate }).catch({ candidate: noCandidate }) }),
  z.object({
    type: z.literal('raiseHand'),
    roomType: streamType,
    payload: z.object({ state: z.boolean().catch(false), timestamp: z.number().optional().catch(undefined) }).catch({ state: false }),
  }),
  z.object({ type: z.literal([SCREEN_MESSAGE, 'unshareScreen']), roomType: streamType, payload: z.object({ state: z.boolean().catch(false) }).catch({ state: false }) }),
]);

export type PeerData = z.infer<typeof peerDataSchema>;

const joinedSession = z
  .object({ sessionid: text(), userid: z.string().nullable().catch(null), user: z.object({ displayname: text() }).catch({ displayname: '' }) })
  .catch({ sessionid: '', userid: null, user: { displayname: '' } });

/** One participant of a participants update: Talk's in-call flags, participant type and permissions (bits or names). */
const participantUpdate = z
  .object({
    sessionId: text(),
    inCall: z.number().catch(0),
    participantType: z.number().optional().catch(undefined),
    permissions: z.array(text()).optional().catch(undefined),
    participantPermissions: z.number().optional().catch(undefined),
  })
  .catch({ sessionId: '', inCall: 0 });

export type ParticipantUpdate = z.infer<typeof participantUpdate>;

const eventSchema = z.union([
  z.object({ target: z.literal('room'), type: z.literal('join'), join: z.array(joinedSession).catch([]) }),
  z.object({ target: z.literal('room'), type: z.literal('leave'), leave: z.array(text()).catch([]) }),
  z.object({ target: z.literal('room'), type: z.literal('switchto'), switchto: z.object({ roomid: text() }).catch({ roomid: '' }) }),
  z.object({ target: z.literal('participants'), type: z.literal('update'), update: z.object({ users: z.array(participantUpdate).catch([]) }).catch({ users: [] }) }),
  // Talk's backend tells the room's sessions that the chat changed (`refresh`, or the message itself with chat-relay).
  z.object({
    target: z.literal('room'),
    type: z.literal('message'),
    message: z.object({ roomid: text(), data: z.object({ type: text() }).catch({ type: '' }) }).catch({ roomid: '', data: { type: '' } }),
  }),
  // The own user's conversation list changed: invited, removed, a conversation's properties (no room join needed).
  z.object({ target: z.literal('roomlist'), type: z.enum(['invite', 'disinvite', 'update']) }),
]);

export type SignalingEvent = z.infer<typeof eventSchema>;

const knownMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), id: optionalId, hello: z.object({ sessionid: z.string().optional().catch(undefined), resumeid: z.string().optional().catch(undefined) }).catch({}) }),
  z.object({ type: z.literal('error'), id: optionalId, error: z.object({ code: text('error'), message: text(), details: z.unknown().optional() }).catch({ code: 'error', message: '' }) }),
  z.object({ type: z.literal('event'), id: optionalId, event: eventSchema.nullable().catch(null) }),
  z.object({
    type: z.literal('message'),
    id: optionalId,
    message: z
      .object({ sender: z.object({ sessionid: text() }).catch({ sessionid: '' }), data: peerDataSchema.nullable().catch(null) })
      .catch({ sender: { sessionid: '' }, data: null }),
  }),
]);

const otherMessageSchema = z.object({ type: z.string(), id: optionalId });

/** A message from the signaling server: the kinds the client handles, and any other (answers like `room`, `bye`). */
export type ServerMessage = z.infer<typeof knownMessageSchema> | { type: 'other'; name: string; id?: string | undefined };

/** Parses a message as it came from the WebSocket; null when it is no signaling message at all. */
export function parseServerMessage(raw: unknown): ServerMessage | null {
  const known = knownMessageSchema.safeParse(raw);
  if (known.success) return known.data;
  const other = otherMessageSchema.safeParse(raw);
  return other.success ? { type: 'other', name: other.data.type, id: other.data.id } : null;
}

/** Who a client message goes to. */
export type Recipient = { type: 'room' } | { type: 'session'; sessionid: string };

interface SessionDescriptionPayload {
  type: 'offer' | 'answer';
  sdp: string;
  nick: string;
}

/** The data of the messages this client sends to other sessions (and to Janus through its own). */
export type OutgoingPeerData =
  | { to: string; type: 'offer' | 'answer'; sid: string; roomType: StreamType; payload: SessionDescriptionPayload }
  | { to: string; type: 'candidate'; sid: string; roomType: StreamType; payload: { candidate: { candidate: string; sdpMLineIndex: number | null; sdpMid: string | null } } }
  | { type: 'requestoffer'; roomType: StreamType }
  | { type: 'selectStream'; sid: string; roomType: 'video'; payload: { video: boolean } }
  | { type: 'raiseHand'; roomType: 'video'; payload: { state: boolean; timestamp: number } }
  | { type: typeof SCREEN_MESSAGE | 'unshareScreen'; roomType: 'screen'; payload: { state: boolean } };

/** A `message` request carrying peer data; with an id when the sender waits for an error answering it. */
export function peerMessage(recipient: Recipient, data: OutgoingPeerData, id?: string): Record<string, unknown> {
  return { ...(id === undefined ? {} : { id }), type: 'message', message: { recipient, data } };
}
