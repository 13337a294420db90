/**
 * The one error type every API function throws, and the one place that decides what a failure means.
 * UI code switches on `kind` and shows `messageKey` through i18n; it never looks at raw statuses.
 */
import { SIGNED_OUT } from './gateway-contract';

export const apiErrorKinds = [
  'unauthenticated',
  'forbidden',
  'not-found',
  'conflict',
  'precondition-failed',
  'locked',
  'insufficient-storage',
  'rate-limited',
  'unavailable',
  'network',
  'bad-request',
  'unknown',
] as const;

export type ApiErrorKind = (typeof apiErrorKinds)[number];

/** i18n key of the user-facing text for a kind (defined in both locale files). */
export type ApiErrorMessageKey = `errors.${ApiErrorKind}`;

export interface ApiErrorInit {
  kind: ApiErrorKind;
  /** HTTP status, or null when no response arrived (network failure). */
  status: number | null;
  /** OCS `meta.statuscode` when the body was an OCS envelope. */
  ocsStatusCode?: number | null;
  retryAfterMs?: number | null;
  /** What the server said, for logs and debugging only: never shown to users. */
  serverMessage?: string | null;
  cause?: unknown;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  readonly status: number | null;
  readonly ocsStatusCode: number | null;
  readonly retryAfterMs: number | null;
  readonly serverMessage: string | null;
  readonly messageKey: ApiErrorMessageKey;

  constructor(init: ApiErrorInit) {
    const statusText = init.status === null ? 'no response' : `HTTP ${init.status}`;
    const ocsText = init.ocsStatusCode == null ? '' : `, OCS ${init.ocsStatusCode}`;
    const detail = init.serverMessage ? `: ${init.serverMessage}` : '';
    super(`${init.kind} (${statusText}${ocsText})${detail}`, { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status;
    this.ocsStatusCode = init.ocsStatusCode ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.serverMessage = init.serverMessage ?? null;
    this.messageKey = `errors.${init.kind}`;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** The i18n key that explains any caught error to the user (ApiErrors by kind, everything else as unknown). */
export function errorMessageKey(error: unknown): ApiErrorMessageKey | 'errors.unknown' {
  return isApiError(error) ? error.messageKey : 'errors.unknown';
}

/** Maps an HTTP status (>= 400) to a kind. */
export function kindForStatus(status: number): ApiErrorKind {
  switch (status) {
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
    case 410:
      return 'not-found';
    case 409:
      return 'conflict';
    case 412:
      return 'precondition-failed';
    case 423:
      return 'locked';
    case 507:
      return 'insufficient-storage';
    case 429:
      return 'rate-limited';
    case 502:
    case 503:
    case 504:
      return 'unavailable';
    default:
      if (status >= 400 && status < 500) return 'bad-request';
      return 'unknown';
  }
}

/**
 * OCS v1 answers HTTP 200 and puts the failure into `meta.statuscode`; these are the special codes.
 * HTTP-like codes (403, 404, 412, ...) mean what the HTTP status would mean.
 */
function statusForOcsCode(code: number): number {
  if (code === 997) return 401;
  if (code === 998) return 404;
  if (code === 996) return 500;
  if (code >= 400 && code < 600) return code;
  return 400;
}

/** Parses Retry-After: delta seconds or an HTTP date. Returns milliseconds from `now`, or null. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (value == null) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // HTTP dates always name a weekday and a GMT zone; anything else (e.g. "-5", "soon") is ignored.
  if (!/[a-z]/i.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

interface OcsMeta {
  status: string;
  statuscode: number;
  message: string | null;
}

/** Reads `ocs.meta` from a parsed body if the body is an OCS envelope. */
export function readOcsMeta(body: unknown): OcsMeta | null {
  if (!isRecord(body)) return null;
  const ocs = body['ocs'];
  if (!isRecord(ocs)) return null;
  const meta = ocs['meta'];
  if (!isRecord(meta)) return null;
  const status = meta['status'];
  const statuscode = meta['statuscode'];
  const message = meta['message'];
  if (typeof status !== 'string' || typeof statuscode !== 'number') return null;
  return { status, statuscode, message: typeof message === 'string' ? message : null };
}

function serverMessageOf(body: unknown): string | null {
  const meta = readOcsMeta(body);
  if (meta?.message) return meta.message;
  if (isRecord(body)) {
    for (const field of ['message', 'error']) {
      const value = body[field];
      if (typeof value === 'string' && value !== '') return value;
    }
  }
  if (typeof body === 'string' && body !== '') {
    // WebDAV errors: <s:message>...</s:message>
    const match = /<s:message>([^<]*)<\/s:message>/.exec(body);
    return match?.[1] ?? null;
  }
  return null;
}

/**
 * Builds the ApiError for a response that is a failure: a non-2xx status, or an OCS envelope whose
 * `meta.status` is "failure" (OCS v1 answers HTTP 200 with the real code in the envelope).
 */
export function apiErrorFromResponse(response: Pick<Response, 'status' | 'headers'>, body: unknown): ApiError {
  const meta = readOcsMeta(body);
  const effectiveStatus =
    response.status >= 400 ? response.status : meta ? statusForOcsCode(meta.statuscode) : 500;
  return new ApiError({
    kind: response.status === 401 && !isGatewaySignOut(body) ? 'forbidden' : kindForStatus(effectiveStatus),
    status: response.status,
    ocsStatusCode: meta?.statuscode ?? null,
    retryAfterMs: parseRetryAfter(response.headers.get('Retry-After')),
    serverMessage: serverMessageOf(body),
  });
}

/**
 * The gateway answers `401 {"error":"unauthenticated"}` when the session is gone and the user must sign in
 * again. Every other 401 is Nextcloud's own answer, relayed unchanged (the gateway already refreshed the token
 * where Nextcloud refused the token itself): a permission answer such as OCS 997 for another user's account,
 * which must not sign the user out. It is treated as forbidden.
 */
function isGatewaySignOut(body: unknown): boolean {
  return isRecord(body) && body['error'] === SIGNED_OUT.error;
}

/** A 2xx response whose body is not what the API promises (not JSON, wrong shape). */
export function apiErrorFromInvalidBody(status: number, cause: unknown): ApiError {
  return new ApiError({ kind: 'unknown', status, serverMessage: 'unexpected response body', cause });
}

/** fetch() rejected: no response. Aborts are not failures and are rethrown unchanged by the caller. */
export function apiErrorFromNetwork(cause: unknown): ApiError {
  return new ApiError({ kind: 'network', status: null, cause });
}

export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'name' in error && error.name === 'AbortError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
