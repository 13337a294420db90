import { describe, expect, it } from 'vitest';
import type { LocalState } from '../transport/call-transport';
import { mediaToCarryOver } from './breakout-media';

function track(deviceId: string): MediaStreamTrack {
  return { getSettings: () => ({ deviceId }) } as unknown as MediaStreamTrack;
}

function local(change: Partial<LocalState>, tracks: { audio?: string; video?: string } = {}): LocalState {
  const stream = {
    getAudioTracks: () => (tracks.audio === undefined ? [] : [track(tracks.audio)]),
    getVideoTracks: () => (tracks.video === undefined ? [] : [track(tracks.video)]),
  } as unknown as MediaStream;
  return { stream, audioOn: false, videoOn: false, mayPublishAudio: false, mayPublishVideo: true, handRaised: false, screenSharing: false, mayPublishScreen: false, ...change };
}

describe('media carried into another room', () => {
  it('keeps the chosen camera and microphone and what is switched on', () => {
    expect(mediaToCarryOver(local({ audioOn: true, videoOn: true }, { audio: 'mic-2', video: 'cam-1' }))).toEqual({ audio: true, video: true, audioDeviceId: 'mic-2', videoDeviceId: 'cam-1' });
  });

  it('brings a muted student (no microphone in lesson mode) muted, camera off stays off', () => {
    expect(mediaToCarryOver(local({ audioOn: false, videoOn: false }, { video: 'cam-1' }))).toEqual({ audio: false, video: false, audioDeviceId: undefined, videoDeviceId: 'cam-1' });
  });

  it('works without any media stream', () => {
    expect(mediaToCarryOver({ ...local({}), stream: null })).toEqual({ audio: false, video: false, audioDeviceId: undefined, videoDeviceId: undefined });
  });
});
