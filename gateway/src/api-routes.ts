/** The gateway's own /api routes: the call transport the app should use, and the LiveKit bridge. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayConfig } from './config.js';
import type { LoadedSession } from './gateway-sessions.js';
import { LiveKitError, type LiveKitBridge } from './livekit.js';
import { readJson } from './read-json.js';
import { json } from './reply.js';
import { passesCsrf } from './security.js';
import type { SessionAuth } from './session-store.js';
import type { TokenManager } from './token-manager.js';
import { SIGNED_OUT, type AppConfig, type CallConfig, type LiveKitJoin, type LiveKitRemoved, type LiveKitSpeaking, type LiveKitSync } from '../../src/api/gateway-contract.js';

export interface ApiContext {
  config: GatewayConfig;
  livekit: LiveKitBridge | null;
  tokens: TokenManager;
  loadSession: (req: IncomingMessage) => Promise<LoadedSession | null>;
}

/** A signed-in LiveKit request: whose, from where, and the room its body names. */
interface LiveKitCall {
  res: ServerResponse;
  livekit: LiveKitBridge;
  auth: SessionAuth;
  user: { id: string; displayName: string };
  ip: string;
  room: string;
  body: Record<string, unknown>;
}

type LiveKitHandler = (call: LiveKitCall) => Promise<void>;

function badRequest(res: ServerResponse): void {
  json(res, 400, { error: 'bad_request' });
}

const liveKitRoutes: ReadonlyMap<string, LiveKitHandler> = new Map(
  Object.entries({
    'POST /api/livekit/token': async ({ res, livekit, auth, user, ip, room }: LiveKitCall) => {
      json(res, 200, (await livekit.token(auth, user, ip, room)) satisfies LiveKitJoin);
    },
    'POST /api/livekit/sync': async ({ res, livekit, auth, ip, room }: LiveKitCall) => {
      json(res, 200, { updated: await livekit.syncGrants(auth, ip, room) } satisfies LiveKitSync);
    },
    'POST /api/livekit/remove': async ({ res, livekit, auth, ip, room, body }: LiveKitCall) => {
      const attendeeId = body['attendeeId'];
      if (typeof attendeeId !== 'number') {
        badRequest(res);
        return;
      }
      await livekit.removeParticipant(auth, ip, room, attendeeId);
      json(res, 200, { removed: true } satisfies LiveKitRemoved);
    },
    'POST /api/livekit/speaking': async ({ res, livekit, auth, ip, room, body }: LiveKitCall) => {
      const attendeeId = body['attendeeId'];
      const speak = body['speak'];
      if (typeof attendeeId !== 'number' || typeof speak !== 'boolean') {
        badRequest(res);
        return;
      }
      json(res, 200, { grant: await livekit.setSpeaking(auth, ip, room, attendeeId, speak) } satisfies LiveKitSpeaking);
    },
  }),
);

export async function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: string, ip: string): Promise<void> {
  if (route === 'GET /api/config') {
    const { livekit } = ctx;
    const call: CallConfig = livekit ? { callTransport: 'livekit', livekitUrl: livekit.settings.url } : { callTransport: 'talk-hpb' };
    json(res, 200, { ...call, directory: ctx.config.directory } satisfies AppConfig);
    return;
  }
  const handler = liveKitRoutes.get(route);
  if (!handler) {
    json(res, 404, { error: 'not_found' });
    return;
  }
  if (!passesCsrf(req, res, ctx.config.publicOrigin)) return;
  const { livekit } = ctx;
  if (!livekit) {
    json(res, 404, { error: 'livekit_not_configured' });
    return;
  }
  const session = await ctx.loadSession(req);
  const auth = await ctx.tokens.current(session?.key ?? '', session?.record.auth, ip);
  const user = session?.record.user;
  if (!session || !auth || !user) {
    json(res, 401, SIGNED_OUT);
    return;
  }
  const body = await readJson(req);
  const room = body?.['room'];
  if (!body || typeof room !== 'string') {
    badRequest(res);
    return;
  }
  try {
    await handler({ res, livekit, auth, user, ip, room, body });
  } catch (err) {
    if (!(err instanceof LiveKitError)) throw err;
    json(res, err.status, { error: err.code, ...err.detail });
  }
}
