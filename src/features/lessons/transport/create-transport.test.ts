import { Room, RoomEvent } from 'livekit-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeGateway, jsonResponse } from '../../../testing/fake-gateway';
import { createTransport } from './create-transport';
import { wrapRoom } from './livekit-room';
import { LiveKitTransport } from './livekit-transport';
import { TalkHpbTransport } from './talk-hpb-transport';

afterEach(() => {
  vi.unstubAllGlobals();
});

function serveConfig(body: unknown) {
  const gateway = createFakeGateway({ 'GET /api/config': jsonResponse(200, body) });
  vi.stubGlobal('fetch', vi.fn(gateway.fetch));
  return gateway;
}

describe('createTransport', () => {
  it('uses LiveKit when the gateway is configured for it', async () => {
    const gateway = serveConfig({ callTransport: 'livekit', livekitUrl: 'wss://livekit.schule.example' });
    const transport = await createTransport({ token: 'k7a' });
    expect(transport).toBeInstanceOf(LiveKitTransport);
    expect(transport.state).toBe('idle');
    expect(gateway.requestsTo('GET', '/api/config')).toHaveLength(1);
  });

  it("uses Talk's high-performance backend otherwise", async () => {
    serveConfig({ callTransport: 'talk-hpb' });
    expect(await createTransport({ token: 'k7a' })).toBeInstanceOf(TalkHpbTransport);
  });

  it('refuses a configuration it does not know instead of guessing', async () => {
    serveConfig({ callTransport: 'jitsi' });
    await expect(createTransport({ token: 'k7a' })).rejects.toThrow();
  });
});

describe('wrapRoom', () => {
  it("passes a real livekit-client Room's events through under the names the transport listens to", () => {
    const room = new Room();
    const wrapped = wrapRoom(room);
    const seen: string[] = [];
    wrapped.on(RoomEvent.Reconnecting, () => seen.push('reconnecting'));
    wrapped.on(RoomEvent.ActiveSpeakersChanged, (speakers) => seen.push(`speakers:${speakers.length}`));
    room.emit(RoomEvent.Reconnecting);
    room.emit(RoomEvent.ActiveSpeakersChanged, []);
    expect(seen).toEqual(['reconnecting', 'speakers:0']);
    expect(wrapped.localParticipant).toBe(room.localParticipant);
    expect(wrapped.remoteParticipants).toBe(room.remoteParticipants);
  });
});
