/**
 * The request frame of Deck's REST API (`/index.php/apps/deck/api/v1.x/...`, also without `/index.php`):
 * authentication as Nextcloud's CORS middleware applies it, Deck's exception middleware (`{status, message}`
 * bodies, 500 with a request id), ETags with `If-None-Match` → 304 as the app framework answers them.
 */
import { randomAlnum, authenticate } from '../auth/auth.js';
import type { Ctx } from '../context.js';
import { emptyReply, htmlReply, jsonReply, type Reply } from '../http.js';
import { messagePage } from '../auth/pages.js';
import type { PathParams, PlainRoute } from '../router.js';
import { DeckError } from './core.js';

export interface DeckRequest {
  ctx: Ctx;
  p: PathParams;
  uid: string;
}

export interface DeckResult {
  body: unknown;
  status?: number;
  /** Sends an ETag header and answers 304 to a matching If-None-Match. */
  etag?: string;
  /** A file download instead of JSON. */
  raw?: { content: Buffer; mime: string; name: string };
}

export type DeckHandler = (r: DeckRequest) => DeckResult | Promise<DeckResult>;

/** Run after every Deck request (the due-date "cron"). */
export type AfterDeckRequest = (ctx: Ctx) => void;

export const DECK_API = '/apps/deck/api/{apiVersion}';

function internalError(): Reply {
  const requestId = randomAlnum(20);
  return jsonReply(500, {
    status: 500,
    message: `Internal server error: Please contact the server administrator if this error reappears multiple times, please include the request ID "${requestId}" below in your report.`,
    requestId,
  });
}

/** Internal server error as Deck answers an unexpected exception. */
export function deckInternalError(): DeckError {
  return new DeckError(500, 'internal');
}

export function intParam(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return null;
}

export function boolParam(v: unknown): boolean | null {
  if (v === true || v === 'true' || v === '1' || v === 1) return true;
  if (v === false || v === 'false' || v === '0' || v === 0 || v === '') return false;
  return null;
}

export function deckRoute(method: string, path: string, handler: DeckHandler, after: AfterDeckRequest): PlainRoute {
  return {
    method,
    path: `${DECK_API}${path}`,
    handler: async (ctx, p): Promise<Reply> => {
      if (p['apiVersion'] !== 'v1.0' && p['apiVersion'] !== 'v1.1') {
        // The route's version requirement fails: Nextcloud's router answers its HTML 404 page.
        return htmlReply(404, messagePage('File not found', 'The document could not be found on the server. Maybe the share was deleted or has expired?'));
      }
      const outcome = authenticate(ctx);
      if (outcome.kind !== 'ok') return jsonReply(401, { message: 'Current user is not logged in' });
      // Deck's API is #[CORS]: without the OCS-APIRequest header (no CSRF check passed) the CORS
      // middleware logs the session out and accepts only Basic credentials.
      if (ctx.header('ocs-apirequest') !== 'true' && outcome.auth.scheme !== 'basic') {
        return jsonReply(401, { message: 'CORS requires basic auth' });
      }
      ctx.user = outcome.auth.uid;
      let reply: Reply;
      try {
        const result = await handler({ ctx, p, uid: outcome.auth.uid });
        const headers: Record<string, string> = {};
        if (result.etag !== undefined) {
          headers['etag'] = `"${result.etag}"`;
          const inm = ctx.header('if-none-match');
          if (inm !== undefined && inm.trim().replace(/^"|"$/g, '') === result.etag) {
            after(ctx);
            return emptyReply(304, headers);
          }
        }
        reply =
          result.raw === undefined
            ? jsonReply(result.status ?? 200, result.body, headers)
            : {
                status: 200,
                headers: { ...headers, 'content-type': result.raw.mime, 'content-disposition': `attachment; filename="${encodeURIComponent(result.raw.name)}"` },
                body: result.raw.content,
              };
      } catch (err) {
        if (err instanceof DeckError && err.status !== 500) reply = jsonReply(err.status, { status: err.status, message: err.message });
        else {
          if (!(err instanceof DeckError)) console.error('[devserver] Deck handler failed:', err);
          reply = internalError();
        }
      }
      after(ctx);
      return reply;
    },
  };
}
