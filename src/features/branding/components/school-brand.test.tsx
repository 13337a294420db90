import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLanguageStore } from '../../../i18n/language-store';
import { localStorageOrMemory } from '../../../lib/browser-storage';
import { createFakeGateway, jsonResponse } from '../../../testing/fake-gateway';
import { BRANDING_STORAGE_KEY } from '../api/get-branding';
import { SchoolAccent, SchoolBrand, SchoolStripe } from './school-brand';

function renderWith(ui: React.ReactNode) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(<QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>);
}

const BRANDED = { name: 'Gesamtschule Nord', color: '#ffeb3b', logoUrl: '/branding/logo?v=3' };

beforeEach(() => {
  useLanguageStore.getState().setLanguage('de');
  localStorageOrMemory().removeItem(BRANDING_STORAGE_KEY);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  document.documentElement.removeAttribute('style');
});

describe('SchoolBrand', () => {
  it("shows the school's logo and name, and the accent becomes its colour made readable", async () => {
    const gateway = createFakeGateway({ 'GET /api/branding': jsonResponse(200, BRANDED) });
    vi.stubGlobal('fetch', gateway.fetch);
    renderWith(
      <>
        <SchoolAccent />
        <SchoolStripe />
        <SchoolBrand size="header" />
      </>,
    );
    expect(await screen.findByText('Gesamtschule Nord')).toBeTruthy();
    const logo = document.querySelector('img');
    expect(logo?.getAttribute('src')).toBe('/branding/logo?v=3');
    // The name says it already: the logo is not announced twice.
    expect(logo?.getAttribute('alt')).toBe('');
    await waitFor(() => {
      expect(document.documentElement.style.getPropertyValue('--school-brand')).toBe('#ffeb3b');
    });
    expect(document.documentElement.style.getPropertyValue('--school-accent')).not.toBe('#ffeb3b');
    expect(document.documentElement.style.getPropertyValue('--school-on-accent')).toBe('#ffffff');
  });

  it('names a logo that stands alone', async () => {
    vi.stubGlobal('fetch', createFakeGateway({ 'GET /api/branding': jsonResponse(200, { ...BRANDED, name: null }) }).fetch);
    renderWith(<SchoolBrand size="login" />);
    expect(await screen.findByRole('img', { name: 'Logo der Schule' })).toBeTruthy();
  });

  it('shows nothing and keeps the app’s own colours for an unbranded Nextcloud', async () => {
    const gateway = createFakeGateway({ 'GET /api/branding': jsonResponse(200, { name: null, color: null, logoUrl: null }) });
    vi.stubGlobal('fetch', gateway.fetch);
    const { container } = render(
      <QueryClientProvider client={new QueryClient()}>
        <SchoolAccent />
        <SchoolStripe />
        <SchoolBrand size="header" />
      </QueryClientProvider>,
    );
    await waitFor(() => {
      expect(gateway.requestsTo('GET', '/api/branding')).toHaveLength(1);
    });
    expect(container.innerHTML).toBe('');
    expect(document.documentElement.style.getPropertyValue('--school-accent')).toBe('');
  });

  it('shows the last known branding when the gateway cannot be reached (offline start)', async () => {
    localStorageOrMemory().setItem(BRANDING_STORAGE_KEY, JSON.stringify(BRANDED));
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    renderWith(<SchoolBrand size="header" />);
    expect(await screen.findByText('Gesamtschule Nord')).toBeTruthy();
  });
});
