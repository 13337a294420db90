/**
 * WebDAV request bodies (PROPFIND, PROPPATCH, SEARCH) read as XML with namespaces resolved: an element is
 * its namespace URI and local name, whatever prefix (`d:`, `D:`, a default xmlns) the client chose.
 */
import { XMLParser } from 'fast-xml-parser';

export interface XmlElement {
  ns: string;
  name: string;
  children: XmlElement[];
  /** The element's own text (entities decoded, whitespace kept). */
  text: string;
}

/** fast-xml-parser's ordered node: `{ tag: children, ':@': attributes }` or `{ '#text': text }`. */
type OrderedNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

function scopeOf(attrs: Record<string, unknown>, parent: ReadonlyMap<string, string>): Map<string, string> {
  const scope = new Map(parent);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'xmlns') scope.set('', String(value));
    else if (key.startsWith('xmlns:')) scope.set(key.slice('xmlns:'.length), String(value));
  }
  return scope;
}

function toElements(nodes: OrderedNode[], parentScope: ReadonlyMap<string, string>): { elements: XmlElement[]; text: string } {
  const elements: XmlElement[] = [];
  let text = '';
  for (const node of nodes) {
    const tag = Object.keys(node).find((k) => k !== ':@');
    if (tag === undefined) continue;
    if (tag === '#text') {
      text += String(node[tag]);
      continue;
    }
    const scope = scopeOf((node[':@'] ?? {}) as Record<string, unknown>, parentScope);
    const colon = tag.indexOf(':');
    const prefix = colon < 0 ? '' : tag.slice(0, colon);
    const inner = toElements((node[tag] ?? []) as OrderedNode[], scope);
    elements.push({ ns: scope.get(prefix) ?? '', name: tag.slice(colon + 1), children: inner.elements, text: inner.text });
  }
  return { elements, text };
}

/** The body's root element; null for an empty body or one without elements. */
export function parseXmlBody(body: string): XmlElement | null {
  if (body.trim() === '') return null;
  const nodes = parser.parse(body) as OrderedNode[];
  return toElements(nodes, new Map()).elements[0] ?? null;
}

/** Every element `{ns}name` below `root` (and `root` itself), in document order. */
export function findAll(root: XmlElement | null, ns: string, name: string): XmlElement[] {
  if (root === null) return [];
  const out: XmlElement[] = [];
  const visit = (el: XmlElement): void => {
    if (el.ns === ns && el.name === name) out.push(el);
    el.children.forEach(visit);
  };
  visit(root);
  return out;
}

export function findFirst(root: XmlElement | null, ns: string, name: string): XmlElement | undefined {
  return findAll(root, ns, name)[0];
}
