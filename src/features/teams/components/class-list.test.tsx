import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLanguageStore } from '../../../i18n/language-store';
import { KLASSENRAUM, UCS_GYM_KASSEL } from '../../../testing/directory-mappings';
import { createFakeGateway, jsonResponse } from '../../../testing/fake-gateway';
import { ClassHome } from './class-home';
import { ClassList } from './class-list';
import type { ClassSummary } from '../lib/discover-classes';

function ocs(data: unknown) {
  return jsonResponse(200, { ocs: { meta: { status: 'ok', statuscode: 200, message: 'OK' }, data } });
}

const room7a = {
  id: 17,
  token: 'k7a',
  type: 2,
  name: 'Klasse 7a',
  displayName: 'Klasse 7a',
  description: 'klassenraum:class=klasse-7a',
  participantType: 3,
  unreadMessages: 4,
  unreadMention: true,
  hasCall: true,
  lastActivity: 1795345821,
};

const board7a = {
  id: 9,
  title: 'Klasse 7a',
  owner: { uid: 'schmidt' },
  archived: false,
  deletedAt: 0,
  acl: [{ id: 4, type: 1, participant: { uid: 'klasse-7a' }, permissionEdit: false, permissionShare: false, permissionManage: false }],
};

const stacks = [
  {
    id: 21,
    title: 'Offen',
    order: 0,
    cards: [
      { id: 1, title: 'Vokabeln lernen', stackId: 21, archived: false, duedate: '2026-12-04T08:00:00+00:00', done: null, deletedAt: 0 },
      { id: 2, title: 'Arbeitsblatt Brüche 1', stackId: 21, archived: false, duedate: '2026-11-30T08:00:00+00:00', done: null, deletedAt: 0 },
    ],
  },
];

function serve(routes: Parameters<typeof createFakeGateway>[0]) {
  // The gateway's configuration: the demo school's directory mapping (klasse-…, lehrer).
  const gateway = createFakeGateway({ 'GET /api/config': jsonResponse(200, { callTransport: 'talk-hpb', directory: KLASSENRAUM }), ...routes });
  vi.stubGlobal('fetch', vi.fn(gateway.fetch));
  return gateway;
}

function renderWithProviders(element: React.ReactNode, path = '/') {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter([{ path: '*', element }], { initialEntries: [path] });
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

beforeEach(() => {
  useLanguageStore.getState().setLanguage('de');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('ClassList', () => {
  it('lets a teacher outside the class group find it through the sharee search and set it up', async () => {
    const empty = { circles: [], emails: [], groups: [], remote_groups: [], remotes: [], rooms: [], users: [] };
    const sharee = (id: string) => ({ label: id, value: { shareType: 1, shareWith: id } });
    const gateway = serve({
      'GET /api/config': jsonResponse(200, { callTransport: 'talk-hpb', directory: UCS_GYM_KASSEL }),
      'GET /ocs/v2.php/apps/spreed/api/v4/room': ocs([]),
      'GET /index.php/apps/deck/api/v1.0/boards?details=true': jsonResponse(200, []),
      'GET /ocs/v2.php/apps/files_sharing/api/v1/shares': ocs([]),
      'GET /ocs/v2.php/apps/circles/circles': ocs([]),
      'GET /ocs/v2.php/apps/files_sharing/api/v1/sharees': ocs({
        ...empty,
        exact: { ...empty, groups: [sharee('gym-kassel-7a')] },
        groups: [sharee('schueler-gym-kassel'), sharee('gym-kassel-7a'), sharee('gym-kassel-10b')],
        lookup: [],
        lookupEnabled: false,
      }),
    });
    renderWithProviders(<ClassList user={{ id: 'anna.roth', groups: ['lehrer-gym-kassel'] }} />);

    fireEvent.change(await screen.findByRole('searchbox', { name: 'Klassengruppe suchen' }), { target: { value: 'gym-kassel' } });
    fireEvent.click(screen.getByRole('button', { name: 'Suchen' }));
    const results = await screen.findByRole('list', { name: 'Klassengruppen zu „gym-kassel“' });
    // Only the class groups, each once, in class order; the school-wide student group is not a class.
    expect(within(results).getAllByRole('button').map((b) => b.textContent)).toEqual([
      'Klassenraum für Klasse 7a einrichten',
      'Klassenraum für Klasse 10b einrichten',
    ]);
    expect(gateway.requestsTo('GET', '/ocs/v2.php/apps/files_sharing/api/v1/sharees').map((r) => r.url)).toEqual([
      '/ocs/v2.php/apps/files_sharing/api/v1/sharees?itemType=folder&shareType=1&search=gym-kassel&perPage=50',
    ]);
  });

  it('shows a student their class with unread chat, mention, live lesson and the next due task', async () => {
    const gateway = serve({
      'GET /ocs/v2.php/apps/spreed/api/v4/room': ocs([room7a]),
      'GET /index.php/apps/deck/api/v1.0/boards?details=true': jsonResponse(200, [board7a]),
      'GET /ocs/v2.php/apps/files_sharing/api/v1/shares?shared_with_me=true': ocs([]),
      'GET /ocs/v2.php/apps/circles/circles': ocs([]),
      'GET /index.php/apps/deck/api/v1.0/boards/9/stacks': jsonResponse(200, stacks),
    });
    renderWithProviders(<ClassList user={{ id: 's7a1', groups: ['klasse-7a'] }} />);

    const list = await screen.findByRole('list', { name: 'Deine Klassen' });
    const card = within(list).getByRole('article');
    expect(within(card).getByRole('link', { name: 'Klasse 7a' }).getAttribute('href')).toBe('/klassen/7a');
    expect(card.textContent).toContain('4 ungelesene Nachrichten');
    expect(card.textContent).toContain('Du wurdest erwähnt');
    expect(card.textContent).toContain('Live-Unterricht läuft');
    expect(await within(card).findByText(/^Nächste Aufgabe: Arbeitsblatt Brüche 1, fällig /)).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
    // One list request each (and the gateway's own configuration); the board's stacks are the only per-class request.
    expect(gateway.requests.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'GET /api/config',
      'GET /index.php/apps/deck/api/v1.0/boards/9/stacks',
      'GET /index.php/apps/deck/api/v1.0/boards?details=true',
      'GET /ocs/v2.php/apps/circles/circles',
      'GET /ocs/v2.php/apps/files_sharing/api/v1/shares?shared_with_me=true',
      'GET /ocs/v2.php/apps/spreed/api/v4/room',
    ]);
  });

  it('offers a teacher to set up a class group without a space, and shows what was created', async () => {
    const gateway = serve({
      'GET /ocs/v2.php/apps/spreed/api/v4/room': ocs([]),
      'GET /index.php/apps/deck/api/v1.0/boards?details=true': jsonResponse(200, []),
      'GET /ocs/v2.php/apps/files_sharing/api/v1/shares': ocs([]),
      'GET /ocs/v2.php/apps/circles/circles': ocs([]),
      'MKCOL /remote.php/dav/files/schmidt/Klassen': jsonResponse(503, { message: 'maintenance' }),
      'POST /ocs/v2.php/apps/spreed/api/v4/room': jsonResponse(201, {
        ocs: { meta: { status: 'ok', statuscode: 201, message: 'OK' }, data: { ...room7a, description: '', participantType: 1, hasCall: false } },
      }),
      'PUT /ocs/v2.php/apps/spreed/api/v4/room/k7a/permissions/default': ocs({ ...room7a, participantType: 1, hasCall: false }),
      'PUT /ocs/v2.php/apps/spreed/api/v4/room/k7a/mention-permissions': ocs({ ...room7a, participantType: 1, hasCall: false }),
      'PUT /ocs/v2.php/apps/spreed/api/v4/room/k7a/description': ocs([]),
      'GET /ocs/v2.php/apps/spreed/api/v4/room/k7a/participants': ocs([]),
      'POST /ocs/v2.php/apps/spreed/api/v4/room/k7a/participants': ocs([]),
      'POST /index.php/apps/deck/api/v1.0/boards': jsonResponse(200, { ...board7a, acl: [] }),
      'POST /index.php/apps/deck/api/v1.0/boards/9/stacks': jsonResponse(200, { id: 21, title: 'Offen', order: 0 }),
      'POST /index.php/apps/deck/api/v1.0/boards/9/acl': jsonResponse(200, board7a.acl[0]),
    });
    renderWithProviders(<ClassList user={{ id: 'schmidt', groups: ['lehrer', 'klasse-7a'] }} />);

    fireEvent.click(await screen.findByRole('button', { name: 'Klassenraum für Klasse 7a einrichten' }));
    // The folder could not be created (503): the other parts are done, and the teacher is told what to retry.
    expect(await screen.findByText('Nicht geklappt: Ordner. Bitte versuche es noch einmal – Fertiges bleibt erhalten.')).toBeTruthy();
    const stackTitles = vi
      .mocked(fetch)
      .mock.calls.filter(([url]) => url === '/index.php/apps/deck/api/v1.0/boards/9/stacks')
      .map(([, init]) => (typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : null));
    expect(stackTitles).toEqual([
      { title: 'Offen', order: 0 },
      { title: 'In Arbeit', order: 1 },
      { title: 'Erledigt', order: 2 },
    ]);
    expect(gateway.requestsTo('POST', '/ocs/v2.php/apps/files_sharing/api/v1/shares')).toHaveLength(0);
  });
});

describe('ClassHome', () => {
  const summary: ClassSummary = {
    classId: '7a',
    name: 'Klasse 7a',
    groupId: 'klasse-7a',
    teamId: null,
    room: { token: 'k7a', unreadMessages: 0, unreadMention: false, hasCall: false },
    boardId: 9,
    folderPath: '/Klasse 7a',
    missing: [],
    canProvision: false,
  };

  it('has one tab stop, arrow keys move the selection, and the URL remembers it', async () => {
    serve({
      'GET /ocs/v2.php/apps/spreed/api/v4/room/k7a/participants?includeStatus=true': ocs([
        { attendeeId: 1, actorType: 'users', actorId: 'schmidt', displayName: 'Frau Schmidt', participantType: 1, inCall: 0, status: 'online' },
        { attendeeId: 2, actorType: 'groups', actorId: 'klasse-7a', displayName: 'klasse-7a', participantType: 3, inCall: 0 },
        { attendeeId: 3, actorType: 'users', actorId: 's7a1', displayName: 'Lena Becker', participantType: 3, inCall: 0, status: 'away', statusMessage: 'Beim Arzt' },
      ]),
    });
    const router = renderWithProviders(<ClassHome summary={summary} userId="s7a1" panels={{ dateien: <p>Dateien-Panel</p> }} />, '/klassen/7a');

    expect(screen.getByRole('heading', { level: 1, name: 'Klasse 7a' })).toBeTruthy();
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => [t.textContent, t.getAttribute('aria-selected'), t.tabIndex])).toEqual([
      ['Chat', 'true', 0],
      ['Dateien', 'false', -1],
      ['Aufgaben', 'false', -1],
      ['Unterricht', 'false', -1],
    ]);
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(tabs[0]?.id);

    fireEvent.keyDown(tabs[0] as HTMLElement, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Dateien' }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Dateien' }));
    expect(screen.getByRole('tabpanel').textContent).toBe('Dateien-Panel');
    expect(router.state.location.search).toBe('?ansicht=dateien');

    fireEvent.keyDown(screen.getByRole('tab', { name: 'Dateien' }), { key: 'End' });
    expect(screen.getByRole('tab', { name: 'Unterricht' }).getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Unterricht' }), { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Chat' }).getAttribute('aria-selected')).toBe('true');

    const members = within(screen.getByRole('region', { name: 'Mitglieder' }));
    expect((await members.findAllByRole('listitem')).map((li) => li.textContent)).toEqual([
      'Frau Schmidt(Lehrkraft)Online',
      'Lena BeckerAbwesend · Beim Arzt',
    ]);
  });
});
