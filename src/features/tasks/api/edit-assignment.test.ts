import { afterEach, describe, expect, it, vi } from 'vitest';
import deckRecording from '../../../../devserver/fixtures/recordings/deck.json';
import filesRecording from '../../../../devserver/fixtures/recordings/files.json';
import { createFakeGateway, emptyResponse, jsonResponse } from '../../../testing/fake-gateway';
import { isApiError } from '../../../api/api-error';
import { parseCardDescription, type AssignmentSettings } from '../lib/assignment-model';
import { deleteAssignment } from './delete-assignment';
import { getMaterial } from './get-material';
import { updateAssignment } from './update-assignment';

interface Exchange {
  name: string;
  response: { status: number; body: unknown };
}

function recordedBody(recording: { exchanges: unknown[] }, name: string): Record<string, unknown> {
  const exchange = (recording.exchanges as Exchange[]).find((e) => e.name === name);
  if (exchange === undefined) throw new Error(`no exchange "${name}"`);
  return exchange.response.body as Record<string, unknown>;
}

function serve(routes: Parameters<typeof createFakeGateway>[0]) {
  const gateway = createFakeGateway(routes);
  vi.stubGlobal('fetch', vi.fn(gateway.fetch));
  return gateway;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const DECK_CARD = '/index.php/apps/deck/api/v1.0/boards/8/stacks/21/cards/23';
const SHARES = '/ocs/v2.php/apps/files_sharing/api/v1/shares';
const MATERIAL = '/remote.php/dav/files/schmidt/Klassen/Klasse%207a/Aufgaben/Br%C3%BCche';
const settings: AssignmentSettings = { folder: 'Brüche', availableFrom: null, toleranceMinutes: 0 };
const assignment = { boardId: 8, stackId: 21, cardId: 23, settings };

/** The card as Deck 1.16 answered it (recorded), with the order and done state an update must keep. */
function recordedCard(over: Record<string, unknown> = {}): Response {
  return jsonResponse(200, { ...recordedBody(deckRecording, 'create card with due date'), order: 4, done: null, ...over });
}

function sharesResponse(paths: string[]): Response {
  const template = (recordedBody(filesRecording, 'list shares of folder') as { ocs: { data: Record<string, unknown>[] } }).ocs.data[0];
  const data = paths.map((path, i) => ({ ...template, id: String(40 + i), share_type: 0, share_with: `s7a${i + 1}`, path, file_target: path }));
  return jsonResponse(200, { ocs: { meta: { status: 'ok', statuscode: 200, message: 'OK' }, data } });
}

const ocsOk = () => jsonResponse(200, { ocs: { meta: { status: 'ok', statuscode: 200, message: 'OK' }, data: [] } });
const ocsNotFound = () => jsonResponse(404, { ocs: { meta: { status: 'failure', statuscode: 404, message: 'Wrong share ID, share does not exist' }, data: [] } });

describe('updateAssignment', () => {
  const edit = {
    teacherId: 'schmidt',
    className: 'Klasse 7a',
    assignment,
    title: '  Brüche üben  ',
    instructions: 'Neu: Seite 14',
    due: '2026-12-01T07:00:00.000Z',
    availableFrom: '2026-11-28T07:00:00.000Z',
    toleranceMinutes: 30,
    classFiles: [],
  };

  it('uploads new material, removes the deleted one, then sends the whole card back with the new title, text, settings and due date', async () => {
    const gateway = serve({
      [`MKCOL ${MATERIAL}`]: jsonResponse(405, {}),
      [`PUT ${MATERIAL}/Blatt%202.txt`]: emptyResponse(201),
      [`DELETE ${MATERIAL}/Alt.txt`]: emptyResponse(204),
      [`GET ${DECK_CARD}`]: recordedCard(),
      [`PUT ${DECK_CARD}`]: recordedCard({ title: 'Brüche üben' }),
    });
    await updateAssignment({ ...edit, attachments: [new File(['1/2'], 'Blatt 2.txt', { type: 'text/plain' })], removeMaterial: ['Alt.txt'] });

    expect(gateway.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `MKCOL ${MATERIAL}`,
      `PUT ${MATERIAL}/Blatt%202.txt`,
      `DELETE ${MATERIAL}/Alt.txt`,
      `GET ${DECK_CARD}`,
      `PUT ${DECK_CARD}`,
    ]);
    const put = gateway.requestsTo('PUT', DECK_CARD)[0];
    expect(put?.headers.get('OCS-APIRequest')).toBe('true');
    const body = JSON.parse(put?.body ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({ title: 'Brüche üben', type: 'plain', owner: 'schmidt', order: 4, duedate: '2026-12-01T07:00:00.000Z', done: null });
    // The folder stays what it was: the students' mounts and the teacher's folders keep their names.
    expect(parseCardDescription(String(body['description']))).toEqual({
      instructions: 'Neu: Seite 14',
      settings: { folder: 'Brüche', availableFrom: '2026-11-28T07:00:00.000Z', toleranceMinutes: 30 },
    });
  });

  it('touches no file when only the card changes, and a material file deleted meanwhile is no error', async () => {
    const gateway = serve({
      [`DELETE ${MATERIAL}/Weg.txt`]: emptyResponse(404),
      [`GET ${DECK_CARD}`]: recordedCard(),
      [`PUT ${DECK_CARD}`]: recordedCard(),
    });
    await updateAssignment({ ...edit, attachments: [], removeMaterial: ['Weg.txt'] });
    expect(gateway.requests.map((r) => r.method)).toEqual(['DELETE', 'GET', 'PUT']);
  });

  it('fails when Deck refuses the update (a student may not edit the card)', async () => {
    serve({
      [`GET ${DECK_CARD}`]: recordedCard(),
      [`PUT ${DECK_CARD}`]: jsonResponse(403, { status: 403, message: 'Permission denied' }),
    });
    const error: unknown = await updateAssignment({ ...edit, attachments: [], removeMaterial: [] }).catch((e: unknown) => e);
    expect(isApiError(error) && error.kind).toBe('forbidden');
  });
});

describe('deleteAssignment', () => {
  const submissions = '/Klassen/Abgaben Klasse 7a/Brüche';
  const ownShares = [
    `${submissions}/Brüche – Lena Becker`,
    `${submissions}/Rückmeldungen/Brüche – Rückmeldung für Lena Becker`,
    // Another assignment whose name starts the same: untouched.
    '/Klassen/Abgaben Klasse 7a/Brüche 2/Brüche 2 – Lena Becker',
    '/Klassen/Klasse 7a',
  ];

  it('removes the students\' shares and the material, deletes the card last, and leaves the teacher\'s folders alone', async () => {
    const gateway = serve({
      [`GET ${SHARES}`]: sharesResponse(ownShares),
      [`DELETE ${SHARES}/40`]: ocsOk(),
      [`DELETE ${SHARES}/41`]: ocsOk(),
      [`DELETE ${MATERIAL}`]: emptyResponse(204),
      [`DELETE ${DECK_CARD}`]: recordedCard({ deletedAt: 1795345900 }),
    });
    await deleteAssignment({ teacherId: 'schmidt', className: 'Klasse 7a', assignment });
    expect(gateway.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET ${SHARES}`,
      `DELETE ${SHARES}/40`,
      `DELETE ${SHARES}/41`,
      `DELETE ${MATERIAL}`,
      `DELETE ${DECK_CARD}`,
    ]);
    expect(gateway.requests.some((r) => r.url.includes('Abgaben'))).toBe(false);
  });

  it('finishes a delete that failed half-way: what is gone already (404) is skipped', async () => {
    const gateway = serve({
      [`GET ${SHARES}`]: sharesResponse([`${submissions}/Brüche – Lena Becker`]),
      [`DELETE ${SHARES}/40`]: ocsNotFound(),
      [`DELETE ${MATERIAL}`]: emptyResponse(404),
      [`DELETE ${DECK_CARD}`]: recordedCard({ deletedAt: 1795345900 }),
    });
    await deleteAssignment({ teacherId: 'schmidt', className: 'Klasse 7a', assignment });
    expect(gateway.requestsTo('DELETE', DECK_CARD)).toHaveLength(1);
  });

  it('keeps the card when a share cannot be removed, so the teacher can try again', async () => {
    const gateway = serve({
      [`GET ${SHARES}`]: sharesResponse([`${submissions}/Brüche – Lena Becker`]),
      [`DELETE ${SHARES}/40`]: jsonResponse(500, { ocs: { meta: { status: 'failure', statuscode: 500, message: '' }, data: [] } }),
    });
    await expect(deleteAssignment({ teacherId: 'schmidt', className: 'Klasse 7a', assignment })).rejects.toThrow();
    expect(gateway.requestsTo('DELETE', DECK_CARD)).toHaveLength(0);
    expect(gateway.requestsTo('DELETE', MATERIAL)).toHaveLength(0);
  });
});

describe('getMaterial', () => {
  it('is empty when the assignment has no material folder', async () => {
    serve({ [`PROPFIND ${MATERIAL}`]: emptyResponse(404) });
    expect(await getMaterial({ userId: 'schmidt', path: '/Klassen/Klasse 7a/Aufgaben/Brüche' })).toEqual([]);
  });
});
