import type { IncomingHttpHeaders } from 'node:http';

/**
 * Whether a 401 from Nextcloud says that the *credentials* were not accepted, as opposed to "you may not do
 * this". Only the first is a reason to refresh the access token (or, for an app password, to end the
 * session); every other 401 goes to the client unchanged.
 *
 * How Nextcloud answers (server code, lib/ and ocs/; the recordings' "bad password" exchange):
 * - An unknown or expired bearer token is silently not a login (`Session::tryTokenLogin` returns false), so
 *   the request reaches the controller as a guest: the security middleware throws NotLoggedInException,
 *   "Current user is not logged in". On OCS that becomes 401, statuscode 997, with that message (no
 *   WWW-Authenticate); on index.php routes (Deck, avatars, previews) a JSON `{"message": ...}` with 401.
 * - Basic credentials that fail throw LoginException in ocs/v1.php|v2.php: 401, 997, "Unauthorised", and a
 *   `WWW-Authenticate: Basic realm="Authorisation Required"` challenge (recorded).
 * - WebDAV (Sabre) answers NotAuthenticated with 401 and WWW-Authenticate challenges.
 * - A controller that refuses a resource to a logged-in user may also answer 997/401 (an OCSException with
 *   RESPOND_UNAUTHORISED, e.g. another user's account details), but then through the OCS middleware:
 *   no challenge header and its own message. That is a permission answer, not a token problem.
 */
const NOT_LOGGED_IN = 'Current user is not logged in';

/** Bodies longer than this are never one of Nextcloud's authentication answers. */
export const AUTH_ANSWER_MAX_BYTES = 16 * 1024;

function messageOf(text: string): unknown {
  try {
    const parsed = JSON.parse(text) as { ocs?: { meta?: { message?: unknown } }; message?: unknown } | null;
    return parsed?.ocs?.meta?.message ?? parsed?.message;
  } catch {
    // OCS in XML: <ocs><meta>...<message>…</message>
    return /<message>([^<]*)<\/message>/.exec(text)?.[1];
  }
}

export function credentialsRejected(status: number | undefined, headers: IncomingHttpHeaders, body: Buffer): boolean {
  if (status !== 401) return false;
  if (headers['www-authenticate'] !== undefined) return true;
  return body.length <= AUTH_ANSWER_MAX_BYTES && messageOf(body.toString('utf8')) === NOT_LOGGED_IN;
}
