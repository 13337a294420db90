import type { LocalMedia, LocalState } from '../transport/call-transport';

/**
 * The media to take along into another conversation (breakout room and back): the devices in use and what is on
 * right now, so a muted participant arrives muted. What the new room allows is the server's decision at connect.
 * Read it before disconnecting: disconnect() stops the tracks.
 */
export function mediaToCarryOver(local: LocalState): LocalMedia {
  const audio = local.stream?.getAudioTracks()[0];
  const video = local.stream?.getVideoTracks()[0];
  return {
    audio: local.audioOn,
    video: local.videoOn,
    audioDeviceId: audio?.getSettings().deviceId,
    videoDeviceId: video?.getSettings().deviceId,
  };
}
