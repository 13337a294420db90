/**
 * The OCS framework: envelopes for /ocs/v1.php and /ocs/v2.php, in JSON or XML, with Nextcloud's
 * status code semantics (V1Response / V2Response in Nextcloud's AppFramework).
 */
import type { Reply } from './http.js';

export type OcsVersion = 1 | 2;
export type OcsFormat = 'json' | 'xml';

export const RESPOND_UNAUTHORISED = 997;
export const RESPOND_SERVER_ERROR = 996;
export const RESPOND_NOT_FOUND = 998;
export const RESPOND_UNKNOWN_ERROR = 999;

export const INVALID_QUERY_MESSAGE =
  'Invalid query, please check the syntax. API specifications are here: http://www.freedesktop.org/wiki/Specifications/open-collaboration-services.\n';

/** What an OCS handler answers: the DataResponse of a Nextcloud OCS controller. */
export interface OcsResult {
  data: unknown;
  /** The DataResponse status (HTTP-ish or an OCS code like 997); default 200. */
  status?: number;
  message?: string;
  headers?: Record<string, string>;
  itemsCount?: number;
  itemsPerPage?: number;
  /** Send an ETag of the data (and answer 304 to a matching If-None-Match), as Nextcloud does for some endpoints. */
  etag?: boolean;
}

/** Thrown by handlers: OCSException / OCSNotFoundException / OCSForbiddenException / OCSBadRequestException. */
export class OcsError extends Error {
  constructor(
    readonly statuscode: number,
    message = '',
    readonly data: unknown = [],
  ) {
    super(message);
  }
}

export function ocsNotFound(message = ''): OcsError {
  return new OcsError(404, message);
}
export function ocsForbidden(message = ''): OcsError {
  return new OcsError(403, message);
}
export function ocsBadRequest(message = '', data: unknown = []): OcsError {
  return new OcsError(400, message, data);
}

/** `format` parameter first, then the first json/xml type in Accept; OCS defaults to XML. */
export function detectFormat(query: URLSearchParams, accept: string | undefined): OcsFormat {
  const f = query.get('format');
  if (f === 'json' || f === 'xml') return f;
  for (const part of (accept ?? '').split(',')) {
    const type = part.split(';')[0]?.trim().toLowerCase() ?? '';
    const sub = type.split('/')[1];
    if (sub === 'json' || sub === 'xml') return sub;
  }
  return 'xml';
}

function v2HttpStatus(status: number): number {
  if (status === RESPOND_UNAUTHORISED) return 401;
  if (status === RESPOND_NOT_FOUND) return 404;
  if (status === RESPOND_SERVER_ERROR || status === RESPOND_UNKNOWN_ERROR) return 500;
  if (status < 200 || status > 600) return 400;
  return status;
}

export function renderOcs(version: OcsVersion, format: OcsFormat, result: OcsResult): Reply {
  const status = result.status ?? 200;
  const headers: Record<string, string> = { ...(result.headers ?? {}) };
  let httpStatus: number;
  let meta: Record<string, unknown>;
  if (version === 1) {
    const ocsStatus = status === 200 ? 100 : status;
    httpStatus = status === RESPOND_UNAUTHORISED ? 401 : 200;
    meta = {
      status: ocsStatus === 100 ? 'ok' : 'failure',
      statuscode: ocsStatus,
      message: ocsStatus === 100 ? 'OK' : (result.message ?? ''),
      totalitems: result.itemsCount === undefined ? '' : String(result.itemsCount),
      itemsperpage: result.itemsPerPage === undefined ? '' : String(result.itemsPerPage),
    };
  } else {
    httpStatus = v2HttpStatus(status);
    const ok = status >= 200 && status < 300;
    meta = { status: ok ? 'ok' : 'failure', statuscode: status, message: ok ? 'OK' : (result.message ?? '') };
    if (result.itemsCount !== undefined) meta['totalitems'] = String(result.itemsCount);
    if (result.itemsPerPage !== undefined) meta['itemsperpage'] = String(result.itemsPerPage);
  }
  const envelope = { ocs: { meta, data: result.data } };
  if (format === 'json') {
    return {
      status: httpStatus,
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body: JSON.stringify(envelope),
      json: envelope,
    };
  }
  return {
    status: httpStatus,
    headers: { 'content-type': 'application/xml; charset=utf-8', ...headers },
    body: toXmlDocument(envelope),
  };
}

function escapeXml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

function scalarText(v: unknown): string {
  if (v === true) return '1';
  if (v === false) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  return '';
}

/** PHP's XMLWriter output as BaseResponse::toXML produces it (indent of one space, `element` for list items). */
function writeXml(key: string, value: unknown, depth: number, out: string[]): void {
  const pad = ' '.repeat(depth);
  const name = /^\d+$/.test(key) ? 'element' : key === '$comment' ? 'comment' : key;
  if (value === null || value === undefined) {
    out.push(`${pad}<${name}/>`);
    return;
  }
  if (typeof value === 'object') {
    const entries = Array.isArray(value)
      ? value.map((v, i): [string, unknown] => [String(i), v])
      : Object.entries(value as Record<string, unknown>);
    const attrs = entries.filter(([k]) => k.startsWith('@') && k !== '@attributes');
    const children = entries.filter(([k]) => !k.startsWith('@'));
    const attrText = attrs.map(([k, v]) => ` ${k.slice(1)}="${escapeXml(scalarText(v))}"`).join('');
    if (children.length === 0) {
      out.push(`${pad}<${name}${attrText}/>`);
      return;
    }
    out.push(`${pad}<${name}${attrText}>`);
    for (const [k, v] of children) writeXml(k, v, depth + 1, out);
    out.push(`${pad}</${name}>`);
    return;
  }
  const text = scalarText(value);
  out.push(text === '' ? `${pad}<${name}/>` : `${pad}<${name}>${escapeXml(text)}</${name}>`);
}

export function toXmlDocument(envelope: { ocs: unknown }): string {
  const out: string[] = ['<?xml version="1.0"?>'];
  writeXml('ocs', envelope.ocs, 0, out);
  return `${out.join('\n')}\n`;
}
