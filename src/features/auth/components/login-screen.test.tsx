import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLanguageStore } from '../../../i18n/language-store';
import { switchLanguage } from '../../../i18n/i18n';
import { navigateTo, openInNewWindow } from '../../../lib/browser';
import { createFakeGateway, jsonResponse } from '../../../testing/fake-gateway';
import { LoginScreen, type LoginScreenProps } from './login-screen';

vi.mock('../../../lib/browser', () => ({ navigateTo: vi.fn(), openInNewWindow: vi.fn() }));

function renderLogin(props: Partial<LoginScreenProps> = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(
    [
      {
        path: '/login',
        element: <LoginScreen authMode="oauth2" returnTo="/" errorCode={null} {...props} />,
      },
      { path: '*', element: <p>landed</p> },
    ],
    { initialEntries: ['/login'] },
  );
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { router, queryClient };
}

beforeEach(() => {
  useLanguageStore.getState().setLanguage('de');
});

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('LoginScreen (OAuth2)', () => {
  it('shows the app name as the one heading and a single "Anmelden" button', () => {
    renderLogin();
    expect(screen.getAllByRole('heading', { level: 1 }).map((h) => h.textContent)).toEqual(['Klassenraum']);
    expect(screen.getAllByRole('button')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Anmelden' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('goes to the gateway login with the encoded return path', () => {
    renderLogin({ returnTo: '/klassen/7a?tab=dateien' });
    fireEvent.click(screen.getByRole('button', { name: 'Anmelden' }));
    expect(navigateTo).toHaveBeenCalledWith('/auth/login?returnTo=%2Fklassen%2F7a%3Ftab%3Ddateien');
  });

  it('is in English when English is chosen', async () => {
    useLanguageStore.getState().setLanguage('en');
    // English is loaded when chosen.
    await switchLanguage('en');
    renderLogin();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it.each([
    ['login_failed', /Die Anmeldung hat nicht geklappt/],
    ['state_mismatch', /aus Sicherheitsgründen abgebrochen/],
    ['session_expired', /Deine Sitzung ist abgelaufen/],
    ['something_else', /Bei der Anmeldung ist ein Fehler aufgetreten/],
  ])('explains ?error=%s in an alert', (code, text) => {
    renderLogin({ errorCode: code });
    expect(screen.getByRole('alert').textContent).toMatch(text);
  });

  it('explains errors in English too', async () => {
    useLanguageStore.getState().setLanguage('en');
    // English is loaded when chosen.
    await switchLanguage('en');
    renderLogin({ errorCode: 'session_expired' });
    expect(screen.getByRole('alert').textContent).toBe('Your session has expired. Please sign in again.');
  });
});

describe('LoginScreen (Login Flow v2)', () => {
  it('opens the login page, waits with a visible state, polls every 2 s and lands on returnTo', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const gateway = createFakeGateway({
      'POST /auth/flow/start': jsonResponse(200, { loginUrl: 'https://cloud.schule.de/login/v2/flow/abc' }),
      'POST /auth/flow/poll': [jsonResponse(200, { status: 'pending' }), jsonResponse(200, { status: 'done' })],
    });
    vi.stubGlobal('fetch', vi.fn(gateway.fetch));
    const { router } = renderLogin({ authMode: 'loginflow', returnTo: '/klassen/7a' });

    fireEvent.click(screen.getByRole('button', { name: 'Anmelden' }));
    await screen.findByText('Warte auf deine Anmeldung');
    expect(openInNewWindow).toHaveBeenCalledWith('https://cloud.schule.de/login/v2/flow/abc');
    const again = screen.getByRole('link', { name: /Anmeldeseite erneut öffnen/ });
    expect(again.getAttribute('href')).toBe('https://cloud.schule.de/login/v2/flow/abc');
    expect(again.getAttribute('target')).toBe('_blank');
    expect(again.getAttribute('rel')).toContain('noopener');
    expect(gateway.requestsTo('POST', '/auth/flow/poll')).toHaveLength(1);

    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(gateway.requestsTo('POST', '/auth/flow/poll')).toHaveLength(2);
    await screen.findByText('landed');
    expect(router.state.location.pathname).toBe('/klassen/7a');
    expect(gateway.requests.every((r) => r.headers.get('X-Requested-With') === 'klassenraum')).toBe(true);
  });

  it('offers a retry when the flow expired', async () => {
    const gateway = createFakeGateway({
      'POST /auth/flow/start': jsonResponse(200, { loginUrl: 'https://cloud.schule.de/login/v2/flow/abc' }),
      'POST /auth/flow/poll': jsonResponse(200, { status: 'expired' }),
    });
    vi.stubGlobal('fetch', vi.fn(gateway.fetch));
    renderLogin({ authMode: 'loginflow' });

    fireEvent.click(screen.getByRole('button', { name: 'Anmelden' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/abgelaufen/);
    fireEvent.click(screen.getByRole('button', { name: 'Erneut versuchen' }));
    await vi.waitFor(() => {
      expect(gateway.requestsTo('POST', '/auth/flow/start')).toHaveLength(2);
    });
  });

  it('shows a clear message when the gateway is busy', async () => {
    const gateway = createFakeGateway({
      'POST /auth/flow/start': jsonResponse(503, { error: 'unavailable' }, { 'Retry-After': '30' }),
    });
    vi.stubGlobal('fetch', vi.fn(gateway.fetch));
    renderLogin({ authMode: 'loginflow' });
    fireEvent.click(screen.getByRole('button', { name: 'Anmelden' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Der Server ist gerade ausgelastet/);
    expect(screen.getByRole('button', { name: 'Anmelden' })).toBeTruthy();
  });
});
