import { afterEach, describe, expect, it, vi } from 'vitest';
import { localStorageOrMemory } from './browser-storage';

describe('localStorageOrMemory', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('uses localStorage when the browser allows it', () => {
    expect(localStorageOrMemory()).toBe(window.localStorage);
  });

  it('keeps working in memory when touching localStorage throws (blocked third-party storage)', () => {
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('Access is denied for this document.', 'SecurityError');
    });
    const storage = localStorageOrMemory();
    storage.setItem('a', '1');
    expect(localStorageOrMemory().getItem('a')).toBe('1');
    expect(storage.length).toBe(1);
  });
});
