import { describe, expect, it } from 'vitest';
import { parseServerMessage } from './signaling-messages';

// Message shapes from the standalone signaling API (nextcloud-spreed-signaling, API v1).

describe('parseServerMessage', () => {
  it('reads an offer from a publisher, with its sender, stream type and SDP', () => {
    const msg = parseServerMessage({
      type: 'message',
      message: {
        sender: { type: 'session', sessionid: 'pub-1' },
        data: { from: 'pub-1', to: 'me', type: 'offer', roomType: 'screen', sid: 's1', payload: { type: 'offer', sdp: 'v=0' } },
      },
    });
    expect(msg).toEqual({
      type: 'message',
      message: { sender: { sessionid: 'pub-1' }, data: { type: 'offer', sid: 's1', roomType: 'screen', payload: { sdp: 'v=0' } } },
    });
  });

  it('reads room joins and participants updates, leaving out what a session does not say', () => {
    const join = parseServerMessage({ type: 'event', event: { target: 'room', type: 'join', join: [{ sessionid: 'a', userid: 'schmidt', user: { displayname: 'Frau Schmidt' } }, { sessionid: 'guest' }] } });
    expect(join).toMatchObject({
      event: { type: 'join', join: [{ sessionid: 'a', userid: 'schmidt', user: { displayname: 'Frau Schmidt' } }, { sessionid: 'guest', userid: null, user: { displayname: '' } }] },
    });
    const update = parseServerMessage({
      type: 'event',
      event: { target: 'participants', type: 'update', update: { roomid: 'k7a', users: [{ sessionId: 'a', inCall: 7, participantType: 1, participantPermissions: 254 }] } },
    });
    expect(update).toMatchObject({ event: { update: { users: [{ sessionId: 'a', inCall: 7, participantType: 1, participantPermissions: 254 }] } } });
  });

  it('keeps the code and message of an error, and the id it answers', () => {
    expect(parseServerMessage({ id: 'req-3', type: 'error', error: { code: 'not_allowed', message: 'Not allowed' } })).toEqual({
      id: 'req-3',
      type: 'error',
      error: { code: 'not_allowed', message: 'Not allowed' },
    });
  });

  it('passes other messages on by name and id, drops what the client does not handle, and refuses what is no message', () => {
    expect(parseServerMessage({ id: '4', type: 'room', room: { roomid: 'k7a' } })).toEqual({ type: 'other', name: 'room', id: '4' });
    expect(parseServerMessage({ type: 'event', event: { target: 'participants', type: 'flags', flags: { flags: 3 } } })).toEqual({ type: 'event', event: null });
    expect(parseServerMessage({ type: 'event', event: { target: 'room', type: 'join-ish' } })).toEqual({ type: 'event', event: null });
    expect(parseServerMessage({ type: 'message', message: { sender: { sessionid: 'x' }, data: { type: 'nickChanged' } } })).toMatchObject({ message: { data: null } });
    expect(parseServerMessage(42)).toBeNull();
  });

  it('reads the chat events Talk sends a room (refresh, or the message itself with chat-relay) and the own conversation list events', () => {
    const refresh = { type: 'event', event: { target: 'room', type: 'message', message: { roomid: 'k7a', data: { type: 'chat', chat: { refresh: true } } } } };
    expect(parseServerMessage(refresh)).toEqual({ type: 'event', event: { target: 'room', type: 'message', message: { roomid: 'k7a', data: { type: 'chat' } } } });
    const relayed = { type: 'event', event: { target: 'room', type: 'message', message: { roomid: 'k7a', data: { type: 'chat', chat: { comment: { id: 12, message: 'Hallo' } } } } } };
    expect(parseServerMessage(relayed)).toMatchObject({ event: { message: { roomid: 'k7a', data: { type: 'chat' } } } });
    expect(parseServerMessage({ type: 'event', event: { target: 'roomlist', type: 'invite', invite: { roomid: 'k7b', properties: {} } } })).toEqual({
      type: 'event',
      event: { target: 'roomlist', type: 'invite' },
    });
    expect(parseServerMessage({ type: 'event', event: { target: 'roomlist', type: 'update', update: { roomid: 'k7a' } } })).toMatchObject({ event: { target: 'roomlist', type: 'update' } });
  });
});
