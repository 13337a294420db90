import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useLanguageStore } from '../i18n/language-store';
import { createFakeGateway, jsonResponse } from '../testing/fake-gateway';
import { NextcloudLanguageOffer } from './nextcloud-language-offer';

function ocs(data: unknown) {
  return jsonResponse(200, { ocs: { meta: { status: 'ok', statuscode: 200, message: 'OK' }, data } });
}

const user = (language: string) => ocs({ id: 's7a1', displayname: 'Lena Albers', groups: ['klasse-7a'], language });

/** The gateway stand-in, and every PUT body that reached it. */
function gatewayWith(routes: Parameters<typeof createFakeGateway>[0]) {
  const gateway = createFakeGateway(routes);
  const puts: unknown[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => {
      if (init.method === 'PUT' && typeof init.body === 'string') puts.push(JSON.parse(init.body));
      return gateway.fetch(input, init);
    }),
  );
  return puts;
}

function renderOffer() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <NextcloudLanguageOffer />
    </QueryClientProvider>,
  );
}

describe('offering to set the Nextcloud language', () => {
  afterEach(() => {
    cleanup();
    act(() => {
      useLanguageStore.getState().setLanguage('de');
    });
    vi.unstubAllGlobals();
  });

  it('asks after a switch when Nextcloud speaks another language, and sets it only when the user agrees', async () => {
    const puts = gatewayWith({ 'GET /ocs/v2.php/cloud/user': [user('de'), user('en')], 'PUT /ocs/v2.php/cloud/users/s7a1': ocs([]) });
    renderOffer();
    await act(() => Promise.resolve());
    expect(screen.queryByRole('region', { name: 'Sprache in Nextcloud' })).toBeNull(); // nothing on load

    act(() => {
      useLanguageStore.getState().setLanguage('en');
    });
    const offer = await screen.findByRole('region', { name: 'Language in Nextcloud' });
    expect(offer.textContent).toContain('Use English in Nextcloud too?');
    expect(puts).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Yes, use it' }));
    await vi.waitFor(() => {
      expect(screen.queryByRole('region', { name: 'Language in Nextcloud' })).toBeNull();
    });
    expect(puts).toEqual([{ key: 'language', value: 'en' }]);
  });

  it('says nothing when Nextcloud already speaks it (also formal German), and "No" changes nothing', async () => {
    const puts = gatewayWith({ 'GET /ocs/v2.php/cloud/user': user('de_DE') });
    act(() => {
      useLanguageStore.getState().setLanguage('en');
    });
    renderOffer();
    await act(() => Promise.resolve());
    act(() => {
      useLanguageStore.getState().setLanguage('de');
    });
    await act(() => Promise.resolve());
    expect(screen.queryByRole('region', { name: 'Sprache in Nextcloud' })).toBeNull();

    act(() => {
      useLanguageStore.getState().setLanguage('en');
    });
    fireEvent.click(await screen.findByRole('button', { name: 'No, thanks' }));
    expect(screen.queryByRole('region', { name: 'Language in Nextcloud' })).toBeNull();
    expect(puts).toEqual([]);
  });
});
