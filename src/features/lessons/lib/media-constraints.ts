/**
 * What the lesson asks of the own camera and microphone. Shared by the pre-join preview and the transports, so the
 * preview shows what the others will receive.
 */

/** Data saver: about 320×180 at 10-15 frames a second (roughly a tenth of the bits of 720p at 30). */
const DATA_SAVER_VIDEO: MediaTrackConstraints = { width: { ideal: 320 }, height: { ideal: 180 }, frameRate: { ideal: 10, max: 15 } };

export function cameraConstraints(deviceId: string | undefined, dataSaver: boolean): MediaTrackConstraints | true {
  const device: MediaTrackConstraints = deviceId === undefined || deviceId === '' ? {} : { deviceId: { exact: deviceId } };
  const merged = dataSaver ? { ...device, ...DATA_SAVER_VIDEO } : device;
  return Object.keys(merged).length === 0 ? true : merged;
}

export function microphoneConstraints(deviceId: string | undefined): MediaTrackConstraints | true {
  return deviceId === undefined || deviceId === '' ? true : { deviceId: { exact: deviceId } };
}

/** A phone: a coarse pointer (touch) and a narrow screen. Students start there with the camera off. */
export function isPhone(): boolean {
  if (typeof window.matchMedia !== 'function') return false;
  return window.matchMedia('(pointer: coarse) and (max-width: 767px)').matches;
}

export type MediaProblem =
  /** The browser (or the user) refused camera/microphone for this site. */
  | 'denied'
  | 'no-camera'
  | 'no-microphone'
  /** The device exists but another app (or tab) holds it. */
  | 'in-use'
  | 'other';

/**
 * What a getUserMedia failure means for the user. `kinds` are the device kinds the browser lists (it lists them
 * without labels even before permission), to tell a missing camera from a missing microphone.
 */
export function mediaProblem(error: unknown, wanted: { video: boolean }, kinds: readonly MediaDeviceKind[]): MediaProblem {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      if (wanted.video && !kinds.includes('videoinput')) return 'no-camera';
      if (!kinds.includes('audioinput')) return 'no-microphone';
      return wanted.video ? 'no-camera' : 'no-microphone';
    case 'NotReadableError':
    case 'AbortError':
      return 'in-use';
    default:
      return 'other';
  }
}
