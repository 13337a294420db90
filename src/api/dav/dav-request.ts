import { apiErrorFromInvalidBody, apiErrorFromResponse } from '../api-error';
import { readBody, send, type RequestOptions } from '../client';
import { MultistatusParseError, NS_DAV, NS_NC, NS_OC, parseMultistatus, type DavResponse } from './multistatus';

/** The Nextcloud properties one folder view needs, all in one PROPFIND. */
export const FILE_PROPS = [
  'd:getlastmodified',
  'd:getetag',
  'd:getcontenttype',
  'd:resourcetype',
  'd:getcontentlength',
  'oc:fileid',
  'oc:permissions',
  'oc:size',
  'nc:has-preview',
  'oc:favorite',
  'oc:share-types',
  'oc:owner-id',
  'oc:owner-display-name',
  'nc:mount-type',
] as const;

export const TRASH_PROPS = [
  'd:resourcetype',
  'd:getcontentlength',
  'oc:size',
  'nc:trashbin-filename',
  'nc:trashbin-original-location',
  'nc:trashbin-deletion-time',
] as const;

export const CHUNK_PROPS = ['d:resourcetype', 'd:getcontentlength'] as const;

const NAMESPACES = `xmlns:d="${NS_DAV}" xmlns:oc="${NS_OC}" xmlns:nc="${NS_NC}"`;

export function propfindBody(props: readonly string[]): string {
  return `<?xml version="1.0"?><d:propfind ${NAMESPACES}><d:prop>${props.map((p) => `<${p}/>`).join('')}</d:prop></d:propfind>`;
}

/** A DAV request whose success has no body we need (201/204). */
export async function davVoid(path: string, options: RequestOptions = {}): Promise<Response> {
  const response = await send(path, { ...options, headers: { Accept: 'application/xml', ...options.headers } });
  if (!response.ok) throw apiErrorFromResponse(response, await readBody(response));
  // Drain so the connection is reusable.
  await response.arrayBuffer();
  return response;
}

/** PROPFIND with the given depth; answers the parsed 207 responses. */
export async function propfind(path: string, props: readonly string[], depth: 0 | 1, options: RequestOptions = {}): Promise<DavResponse[]> {
  const response = await send(path, {
    ...options,
    method: 'PROPFIND',
    headers: { Accept: 'application/xml', 'Content-Type': 'application/xml; charset=utf-8', Depth: String(depth), ...options.headers },
    body: propfindBody(props),
  });
  const body = await readBody(response);
  if (!response.ok) throw apiErrorFromResponse(response, body);
  if (response.status !== 207 || typeof body !== 'string') {
    throw apiErrorFromInvalidBody(response.status, new Error('PROPFIND did not answer 207 multistatus'));
  }
  try {
    return parseMultistatus(body);
  } catch (error) {
    if (error instanceof MultistatusParseError) throw apiErrorFromInvalidBody(response.status, error);
    throw error;
  }
}
