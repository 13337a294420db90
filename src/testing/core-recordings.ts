/**
 * Response bodies recorded from a real Nextcloud 32.0.1 (shared/nextcloud-api/recordings/core.json),
 * trimmed to the fields that matter, with the recorded status codes and headers.
 */

export const currentUserOk = {
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: {
    ocs: {
      meta: { status: 'ok', statuscode: 200, message: 'OK' },
      data: {
        enabled: true,
        id: 's7a1',
        backend: 'Database',
        subadmin: [],
        quota: { free: -3, used: 192699, total: -3, relative: 0, quota: -3 },
        email: null,
        displayname: 'Lena Becker',
        'display-name': 'Lena Becker',
        groups: ['klasse-7a'],
        language: 'en',
        locale: '',
        backendCapabilities: { setDisplayName: true, setPassword: true },
      },
    },
  },
} as const;

export const currentUserBadPassword = {
  status: 401,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    'www-authenticate': 'Basic realm="Authorisation Required"',
  },
  body: { ocs: { meta: { status: 'failure', statuscode: 997, message: 'Unauthorised' }, data: [] } },
} as const;

export const currentUserWithoutOcsHeader = {
  status: 412,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: { message: 'CSRF check failed' },
} as const;

/** Talk, room the user is not in (talk.json). */
export const talkRoomNotFound = {
  status: 404,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: { ocs: { meta: { status: 'failure', statuscode: 404, message: '' }, data: [] } },
} as const;

/** Deck under the OCS prefix (deck.json): OCS 998 "invalid query". */
export const deckOcsInvalidQuery = {
  status: 404,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: {
    ocs: {
      meta: {
        status: 'failure',
        statuscode: 998,
        message:
          'Invalid query, please check the syntax. API specifications are here: http://www.freedesktop.org/wiki/Specifications/open-collaboration-services.\n',
      },
      data: [],
    },
  },
} as const;

export function recordedResponse(recording: { status: number; headers: Record<string, string>; body: unknown }): Response {
  return new Response(JSON.stringify(recording.body), { status: recording.status, headers: recording.headers });
}
