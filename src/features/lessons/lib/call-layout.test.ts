import { describe, expect, it } from 'vitest';
import { newRemoteParticipant, type RemoteParticipant } from '../transport/call-transport';
import { pickFeatured, videoCap, videoWanted } from './call-layout';

function p(id: string, extra: Partial<RemoteParticipant> = {}): RemoteParticipant {
  return { ...newRemoteParticipant(id, id, id), videoPublished: true, ...extra };
}

describe('videoCap', () => {
  it('is 9 below 1024 px and 16 from 1024 px', () => {
    expect([videoCap(320), videoCap(1023), videoCap(1024), videoCap(1920)]).toEqual([9, 9, 16, 16]);
  });
});

describe('pickFeatured', () => {
  it('prefers a shared screen, then the current speaker, a new speaker, the last speaker, a teacher, the first', () => {
    const screen = {} as MediaStream;
    expect(pickFeatured([p('a', { speaking: true }), p('b', { screenStream: screen })], null, null)).toBe('b');
    expect(pickFeatured([p('a', { speaking: true }), p('b', { speaking: true })], 'b', null)).toBe('b');
    expect(pickFeatured([p('a', { speaking: true }), p('b', { speaking: true })], null, null)).toBe('a');
    expect(pickFeatured([p('a'), p('b'), p('t', { moderator: true })], 'b', 'b')).toBe('b');
    expect(pickFeatured([p('a'), p('t', { moderator: true })], null, 'gone')).toBe('t');
    expect(pickFeatured([p('a'), p('b')], null, null)).toBe('a');
    expect(pickFeatured([], null, null)).toBeNull();
  });
});

describe('videoWanted', () => {
  it('wants the first videos up to the cap, the featured one first; cameras off never count', () => {
    const list = [p('a'), p('off', { videoPublished: false }), p('b'), p('c'), p('d')];
    expect(Object.fromEntries(videoWanted(list, 2, null))).toEqual({ a: true, off: true, b: true, c: false, d: false });
    expect(Object.fromEntries(videoWanted(list, 2, 'd'))).toEqual({ d: true, a: true, off: true, b: false, c: false });
  });
});
