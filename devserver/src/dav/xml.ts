/** WebDAV XML as Sabre/Nextcloud writes it: multistatus with 200/404 propstats, Sabre error bodies. */
import type { Reply } from '../http.js';
import { findFirst, parseXmlBody, type XmlElement } from './xml-body.js';

export const NS_DAV = 'DAV:';
export const NS_SABRE = 'http://sabredav.org/ns';
export const NS_OC = 'http://owncloud.org/ns';
export const NS_NC = 'http://nextcloud.org/ns';

export const DAV_HEADER =
  '1, 3, extended-mkcol, access-control, calendarserver-principal-property-search, nc-paginate, nextcloud-checksum-update, nc-calendar-search, nc-enable-birthday-calendar';

const PREFIX: Record<string, string> = { [NS_DAV]: 'd', [NS_SABRE]: 's', [NS_OC]: 'oc', [NS_NC]: 'nc' };

export interface PropName {
  ns: string;
  name: string;
}

/** A property value: text (escaped on output) or an XML fragment (e.g. `<d:collection/>`). */
export type PropValue = { text: string } | { xml: string };

export interface DavResponse {
  href: string;
  found: { prop: PropName; value: PropValue }[];
  notFound: PropName[];
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** Sabre's encodePath: everything but unreserved characters and `/` as lower-case %xx. */
export function encodeHref(path: string): string {
  return Array.from(Buffer.from(path, 'utf8'))
    .map((b) => {
      const c = String.fromCharCode(b);
      return /[A-Za-z0-9_\-.~()/:@]/.test(c) && b < 0x80 ? c : `%${b.toString(16).padStart(2, '0')}`;
    })
    .join('');
}

export interface PropfindRequest {
  allprop: boolean;
  props: PropName[];
}

/** The properties an element asks for: `allprop` below it, or the children of its first `d:prop`. */
export function requestedPropsOf(el: XmlElement): PropfindRequest {
  if (findFirst(el, NS_DAV, 'allprop') !== undefined) return { allprop: true, props: [] };
  const prop = findFirst(el, NS_DAV, 'prop');
  return { allprop: false, props: (prop?.children ?? []).map(({ ns, name }) => ({ ns, name })) };
}

/** The requested properties of a PROPFIND body; an empty body means allprop. */
export function parsePropRequest(body: string): PropfindRequest {
  if (body.trim() === '') return { allprop: true, props: [] };
  const root = parseXmlBody(body);
  return root === null ? { allprop: false, props: [] } : requestedPropsOf(root);
}

function qname(p: PropName, extra: Map<string, string>): string {
  let prefix = PREFIX[p.ns];
  if (prefix === undefined) {
    prefix = extra.get(p.ns);
    if (prefix === undefined) {
      prefix = `x${extra.size + 1}`;
      extra.set(p.ns, prefix);
    }
  }
  return `${prefix}:${p.name}`;
}

export function multistatusXml(responses: DavResponse[]): string {
  const extra = new Map<string, string>();
  const parts = responses.map((r) => {
    let out = `<d:response><d:href>${escapeXml(r.href)}</d:href>`;
    if (r.found.length > 0) {
      out += '<d:propstat><d:prop>';
      for (const { prop, value } of r.found) {
        const q = qname(prop, extra);
        const inner = 'xml' in value ? value.xml : escapeXml(value.text);
        out += inner === '' && 'xml' in value ? `<${q}/>` : `<${q}>${inner}</${q}>`;
      }
      out += '</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>';
    }
    if (r.notFound.length > 0) {
      out += '<d:propstat><d:prop>';
      for (const p of r.notFound) out += `<${qname(p, extra)}/>`;
      out += '</d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>';
    }
    return `${out}</d:response>`;
  });
  const extraNs = [...extra].map(([uri, prefix]) => ` xmlns:${prefix}="${escapeXml(uri)}"`).join('');
  return `<?xml version="1.0"?>\n<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns"${extraNs}>${parts.join('')}</d:multistatus>\n`;
}

export function multistatusReply(responses: DavResponse[], contentType = 'application/xml; charset=utf-8'): Reply {
  return { status: 207, headers: { 'content-type': contentType, dav: DAV_HEADER, vary: 'Brief,Prefer' }, body: multistatusXml(responses) };
}

/** A Sabre exception as XML, e.g. davError(404, 'NotFound', 'File with name /x could not be located'); an empty message is `<s:message/>`, as Sabre writes it. */
export function davError(status: number, exception: string, message: string, headers: Record<string, string> = {}, header?: string): Reply {
  const headerLine = header === undefined ? '' : `  <s:header>${escapeXml(header)}</s:header>\n`;
  const body = `<?xml version="1.0" encoding="utf-8"?>
<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns">
  <s:exception>Sabre\\DAV\\Exception\\${exception}</s:exception>
  ${message === '' ? '<s:message/>' : `<s:message>${escapeXml(message)}</s:message>`}
${headerLine}</d:error>
`;
  return { status, headers: { 'content-type': 'application/xml; charset=utf-8', ...headers }, body };
}
