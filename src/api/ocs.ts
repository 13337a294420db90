import type { z } from 'zod';
import { apiErrorFromInvalidBody, apiErrorFromResponse, readOcsMeta } from './api-error';
import { readBody, send, type RequestOptions } from './client';

/**
 * The one place that unwraps the OCS envelope `{ ocs: { meta: { status, statuscode, message }, data } }`.
 * Success means a 2xx status AND `meta.status === "ok"` (OCS v1 reports failures with HTTP 200).
 * Returns `data` validated against the schema; every failure becomes an ApiError.
 */
export async function ocsRequest<T>(path: string, dataSchema: z.ZodType<T>, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, {
    ...options,
    headers: { 'OCS-APIRequest': 'true', ...options.headers },
  });
  const body = await readBody(response);
  return unwrapOcs(response, body, dataSchema);
}

export function unwrapOcs<T>(
  response: Pick<Response, 'ok' | 'status' | 'headers'>,
  body: unknown,
  dataSchema: z.ZodType<T>,
): T {
  const meta = readOcsMeta(body);
  if (!response.ok || meta?.status === 'failure') throw apiErrorFromResponse(response, body);
  if (meta === null) throw apiErrorFromInvalidBody(response.status, new Error('not an OCS envelope'));
  const data = (body as { ocs: { data?: unknown } }).ocs.data;
  const result = dataSchema.safeParse(data);
  if (!result.success) throw apiErrorFromInvalidBody(response.status, result.error);
  return result.data;
}
