import { z } from 'zod';
import { apiErrorFromInvalidBody, apiErrorFromNetwork, apiErrorFromResponse } from './api-error';
import type { CallOptions } from './call-options';
import { requestLanguage } from './request-language';

// Strict CSP (script-src 'self', no 'unsafe-eval'): keep zod from probing/using `new Function`.
z.config({ jitless: true });

/** The params of an API function that needs none. */
export type NoParams = Record<string, never>;

export type { CallOptions } from './call-options';

export interface RequestOptions extends CallOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON with Content-Type application/json. */
  json?: unknown;
  body?: BodyInit | null;
}

/** The gateway's CSRF check requires this header on every API request. */
export const CSRF_HEADER = 'X-Requested-With';
export const CSRF_HEADER_VALUE = 'klassenraum';

/**
 * The base fetch: same-origin only (the gateway), CSRF header, JSON accept, abort forwarding.
 * Resolves with the Response whatever its status; rejects only when no response arrived
 * (an ApiError of kind 'network'), or with the original AbortError when the caller aborted.
 */
export async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  headers.set(CSRF_HEADER, CSRF_HEADER_VALUE);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  const language = requestLanguage();
  if (language !== null && !headers.has('Accept-Language')) headers.set('Accept-Language', language);
  let body = options.body ?? null;
  if (options.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(options.json);
  }
  const init: RequestInit = {
    method: options.method ?? 'GET',
    headers,
    body,
    credentials: 'same-origin',
  };
  if (options.signal) init.signal = options.signal;
  try {
    return await fetch(path, init);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw apiErrorFromNetwork(error);
  }
}

/** Reads a body as JSON when it says so, as text otherwise; null when empty. */
export async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // A JSON content type with a broken body: keep the text for the error message.
      return text;
    }
  }
  return text;
}

/** Validates a successful body against the schema the API promises. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, status: number): T {
  const result = schema.safeParse(body);
  if (!result.success) throw apiErrorFromInvalidBody(status, result.error);
  return result.data;
}

/** JSON request to a plain (non-OCS) endpoint, e.g. the gateway's /auth/* or Deck. */
export async function requestJson<T>(path: string, schema: z.ZodType<T>, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  const body = await readBody(response);
  if (!response.ok) throw apiErrorFromResponse(response, body);
  return parseBody(schema, body, response.status);
}

/** Request whose success carries no body (204 and friends). */
export async function requestVoid(path: string, options: RequestOptions = {}): Promise<void> {
  const response = await send(path, options);
  if (!response.ok) throw apiErrorFromResponse(response, await readBody(response));
}
