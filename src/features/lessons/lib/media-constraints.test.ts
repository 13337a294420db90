import { describe, expect, it } from 'vitest';
import { cameraConstraints, mediaProblem } from './media-constraints';

const error = (name: string) => new DOMException('from the browser', name);

describe('mediaProblem', () => {
  it('tells a blocked permission from a missing camera, a missing microphone and a busy device', () => {
    expect(mediaProblem(error('NotAllowedError'), { video: true }, ['videoinput', 'audioinput'])).toBe('denied');
    expect(mediaProblem(error('NotFoundError'), { video: true }, ['audioinput'])).toBe('no-camera');
    expect(mediaProblem(error('NotFoundError'), { video: true }, ['videoinput'])).toBe('no-microphone');
    expect(mediaProblem(error('NotFoundError'), { video: false }, [])).toBe('no-microphone');
    expect(mediaProblem(error('NotReadableError'), { video: true }, ['videoinput', 'audioinput'])).toBe('in-use');
    expect(mediaProblem(new Error('something else'), { video: true }, ['videoinput', 'audioinput'])).toBe('other');
  });
});

describe('cameraConstraints', () => {
  it('asks for the chosen device, and for a small, slow picture in data saver mode', () => {
    expect(cameraConstraints(undefined, false)).toBe(true);
    expect(cameraConstraints('cam-2', false)).toEqual({ deviceId: { exact: 'cam-2' } });
    expect(cameraConstraints('cam-2', true)).toEqual({ deviceId: { exact: 'cam-2' }, width: { ideal: 320 }, height: { ideal: 180 }, frameRate: { ideal: 10, max: 15 } });
  });
});
