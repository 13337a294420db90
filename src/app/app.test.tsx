import { cleanup, configure, fireEvent, render, screen, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLanguageStore } from '../i18n/language-store';
import { KLASSENRAUM } from '../testing/directory-mappings';
import { createFakeGateway, emptyResponse, installResizeObserverStub, jsonResponse } from '../testing/fake-gateway';
import { navigateTo } from '../lib/browser';
import { AppProvider } from './provider';
import { createAppRuntime } from './runtime';

vi.mock('../lib/browser', () => ({ navigateTo: vi.fn(), openInNewWindow: vi.fn() }));

const signedIn = {
  authenticated: true,
  authMode: 'oauth2',
  user: { id: 'schmidt', displayName: 'Frau Schmidt' },
};
const signedOut = { authenticated: false, authMode: 'oauth2' };

function ocsUser(displayName: string) {
  return jsonResponse(200, {
    ocs: {
      meta: { status: 'ok', statuscode: 200, message: 'OK' },
      data: { id: 'schmidt', displayname: displayName, groups: ['lehrer', 'klasse-7a'], language: 'de', email: null },
    },
  });
}

function startApp(path: string, routes: Parameters<typeof createFakeGateway>[0]) {
  // The gateway's configuration as the demo school's gateway serves it (Talk's HPB, the klassenraum preset).
  const gateway = createFakeGateway({ 'GET /api/config': jsonResponse(200, { callTransport: 'talk-hpb', directory: KLASSENRAUM }), ...routes });
  vi.stubGlobal('fetch', vi.fn(gateway.fetch));
  const runtime = createAppRuntime((appRoutes) => createMemoryRouter(appRoutes, { initialEntries: [path] }));
  render(<AppProvider runtime={runtime} />);
  const location = () => `${runtime.router.state.location.pathname}${runtime.router.state.location.search}`;
  return { gateway, runtime, location };
}

beforeAll(() => {
  installResizeObserverStub();
  // Pages load lazily (route `lazy`): the first visit of each transforms its module tree, which takes
  // more than testing-library's default second on a busy machine.
  configure({ asyncUtilTimeout: 5000 });
});

beforeEach(() => {
  useLanguageStore.getState().setLanguage('de');
});

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
  vi.unstubAllGlobals();
});

describe('signed-in routes', () => {
  it('redirect an unauthenticated visit to /login with the exact return path', async () => {
    const { location } = startApp('/klassen/7a?tab=dateien', { 'GET /auth/session': jsonResponse(200, signedOut) });
    await screen.findByRole('button', { name: 'Anmelden' });
    expect(location()).toBe('/login?returnTo=%2Fklassen%2F7a%3Ftab%3Ddateien');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Klassenraum');
  });

  it('show the home page with heading, landmarks and the user menu when signed in', async () => {
    startApp('/', {
      'GET /auth/session': jsonResponse(200, signedIn),
      'GET /ocs/v2.php/cloud/user': ocsUser('Frau Schmidt'),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Meine Klassen' })).toBeTruthy();
    expect(screen.getByRole('banner')).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Hauptnavigation' })).toBeTruthy();
    expect(screen.getByRole('main')).toBeTruthy();
    // No class space exists yet (every list is empty): the teacher is offered to set up their class.
    expect(await screen.findByText('Hier erscheinen deine Klassen.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Klassenraum für Klasse 7a einrichten' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Frau Schmidt/ })).toBeTruthy();
  });

  it('takes the user from the session answer when the gateway brought it, without asking Nextcloud again', async () => {
    const { gateway } = startApp('/', {
      'GET /auth/session': jsonResponse(200, {
        ...signedIn,
        firstWave: { currentUser: { id: 'schmidt', displayname: 'Dr. Anna Schmidt', groups: ['lehrer'], language: 'de', email: null }, pollInterval: 60 },
      }),
      'GET /ocs/v2.php/cloud/user': ocsUser('Frau Schmidt'),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Meine Klassen' })).toBeTruthy();
    expect(await screen.findByRole('button', { name: /Dr\. Anna Schmidt/ })).toBeTruthy();
    // The classes were asked for (the first wave ran) without a cloud/user request of the app's own.
    await vi.waitFor(() => {
      expect(gateway.requestsTo('GET', '/ocs/v2.php/apps/spreed/api/v4/room').length).toBeGreaterThan(0);
    });
    expect(gateway.requestsTo('GET', '/ocs/v2.php/cloud/user')).toHaveLength(0);
  });

  it('say why the home page has no classes when the user cannot be loaded, instead of loading forever', async () => {
    startApp('/', {
      'GET /auth/session': jsonResponse(200, signedIn),
      'GET /ocs/v2.php/cloud/user': jsonResponse(503, { error: 'maintenance' }, { 'Retry-After': '600' }),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Meine Klassen' })).toBeTruthy();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/ausgelastet|Wartung|nicht erreichbar/);
    expect(screen.getByRole('button', { name: 'Erneut versuchen' })).toBeTruthy();
    expect(screen.queryByText('Klassen werden geladen …')).toBeNull();
  });

  it('show a not-found page for unknown paths', async () => {
    startApp('/gibt-es-nicht', {
      'GET /auth/session': jsonResponse(200, signedIn),
      'GET /ocs/v2.php/cloud/user': ocsUser('Frau Schmidt'),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Seite nicht gefunden' })).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: 'Zur Startseite' }));
    await screen.findByRole('heading', { level: 1, name: 'Meine Klassen' });
    // Screen readers start on the new page. Focus moves in an effect after the new page's commit, which a busy
    // machine may run after the heading is found: wait for it rather than race it.
    await vi.waitFor(() => {
      expect(document.activeElement).toBe(screen.getByRole('main'));
    });
  });

  it('show a friendly error page when the server is busy for longer', async () => {
    startApp('/', { 'GET /auth/session': jsonResponse(503, { error: 'unavailable' }, { 'Retry-After': '600' }) });
    expect(await screen.findByRole('heading', { level: 1, name: 'Etwas ist schiefgelaufen' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/^Der Server ist gerade ausgelastet/);
    expect(screen.getByRole('button', { name: 'Neu laden' })).toBeTruthy();
  });

  it('send a signed-in visitor of /login straight to the return path', async () => {
    const { location } = startApp('/login?returnTo=%2Fgibt-es-nicht', {
      'GET /auth/session': jsonResponse(200, signedIn),
      'GET /ocs/v2.php/cloud/user': ocsUser('Frau Schmidt'),
    });
    await screen.findByRole('heading', { level: 1, name: 'Seite nicht gefunden' });
    expect(location()).toBe('/gibt-es-nicht');
  });

  it('ignore an unsafe return path on /login', async () => {
    const { location } = startApp('/login?returnTo=%2F%2Fevil.com', {
      'GET /auth/session': jsonResponse(200, signedIn),
      'GET /ocs/v2.php/cloud/user': ocsUser('Frau Schmidt'),
    });
    await screen.findByRole('heading', { level: 1, name: 'Meine Klassen' });
    expect(location()).toBe('/');
  });
});

describe("the gateway's 401 (session gone) from any API call", () => {
  it('sends the user to /login?returnTo=<current path and query> and back there after signing in', async () => {
    const { location, gateway } = startApp('/?ansicht=liste', {
      'GET /auth/session': [jsonResponse(200, signedIn), jsonResponse(200, signedOut)],
      'GET /ocs/v2.php/cloud/user': () => jsonResponse(401, { error: 'unauthenticated' }),
    });
    await screen.findByRole('button', { name: 'Anmelden' });
    expect(location()).toBe('/login?returnTo=%2F%3Fansicht%3Dliste');
    expect(gateway.requestsTo('GET', '/ocs/v2.php/cloud/user')).toHaveLength(1); // 4xx is never retried
    fireEvent.click(screen.getByRole('button', { name: 'Anmelden' }));
    expect(navigateTo).toHaveBeenCalledWith('/auth/login?returnTo=%2F%3Fansicht%3Dliste');
  });
});

describe('user menu', () => {
  it('shows the display name and signs out via POST /auth/logout, then the login screen', async () => {
    const { gateway, location } = startApp('/', {
      'GET /auth/session': jsonResponse(200, signedIn),
      'GET /ocs/v2.php/cloud/user': ocsUser('Frau Schmidt'),
      'POST /auth/logout': emptyResponse(204),
    });
    const trigger = await screen.findByRole('button', { name: /Frau Schmidt/ });
    await vi.waitFor(() => {
      expect(gateway.requestsTo('GET', '/ocs/v2.php/cloud/user')).toHaveLength(1);
    });
    fireEvent.keyDown(trigger, { key: 'Enter' });
    const menu = await screen.findByRole('menu');
    expect(within(menu).getByText('Frau Schmidt')).toBeTruthy();
    fireEvent.click(within(menu).getByRole('menuitem', { name: 'Abmelden' }));

    await screen.findByRole('button', { name: 'Anmelden' });
    expect(location()).toBe('/login');
    const [logout] = gateway.requestsTo('POST', '/auth/logout');
    expect(logout?.headers.get('X-Requested-With')).toBe('klassenraum');
    expect(screen.queryByText('Frau Schmidt')).toBeNull();
  });

  it('uses the Nextcloud display name and speaks English after switching', async () => {
    startApp('/', {
      'GET /auth/session': jsonResponse(200, signedIn),
      'GET /ocs/v2.php/cloud/user': ocsUser('Dr. Anna Schmidt'),
    });
    await screen.findByRole('button', { name: /Dr\. Anna Schmidt/ });
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'My classes' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    const trigger = screen.getByRole('button', { name: /Dr\. Anna Schmidt/ });
    fireEvent.keyDown(trigger, { key: 'Enter' });
    expect(await screen.findByRole('menuitem', { name: 'Sign out' })).toBeTruthy();
  });
});
