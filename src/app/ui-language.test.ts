import { afterEach, describe, expect, it, vi } from 'vitest';
import { listNotifications } from '../api/notifications/notifications';
import { useLanguageStore } from '../i18n/language-store';
import { followUiLanguage } from './ui-language';

describe('Nextcloud hears the UI language', () => {
  afterEach(() => {
    useLanguageStore.getState().setLanguage('de');
    vi.unstubAllGlobals();
  });

  it('sends the chosen language as Accept-Language, and follows a switch (also one made in another tab)', async () => {
    const fetchMock = vi.fn((_path: string, _init?: RequestInit) => Promise.resolve(Response.json({ ocs: { meta: { status: 'ok', statuscode: 200 }, data: [] } })));
    vi.stubGlobal('fetch', fetchMock);
    const language = () => new Headers(fetchMock.mock.calls.at(-1)?.[1]?.headers).get('Accept-Language');
    useLanguageStore.getState().setLanguage('de');
    const stop = followUiLanguage();

    await listNotifications({});
    expect(language()).toBe('de');

    useLanguageStore.getState().setLanguage('en');
    await listNotifications({});
    expect(language()).toBe('en');

    // Another tab switched back to Deutsch: its choice arrives through the storage event.
    localStorage.setItem('klassenraum.language', JSON.stringify({ state: { language: 'de' }, version: 1 }));
    window.dispatchEvent(new StorageEvent('storage', { key: 'klassenraum.language' }));
    await vi.waitFor(() => {
      expect(useLanguageStore.getState().language).toBe('de');
    });
    await listNotifications({});
    expect(language()).toBe('de');
    stop();
  });
});
