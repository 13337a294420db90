import { describe, expect, it } from 'vitest';
import { parsePropRequest } from './xml.js';

const OC = 'http://owncloud.org/ns';

describe('parsePropRequest (PROPFIND bodies)', () => {
  const expected = { allprop: false, props: [{ ns: 'DAV:', name: 'getetag' }, { ns: OC, name: 'fileid' }] };

  it.each([
    ['d: prefix', `<d:propfind xmlns:d="DAV:" xmlns:oc="${OC}"><d:prop><d:getetag/><oc:fileid/></d:prop></d:propfind>`],
    ['D: prefix', `<D:propfind xmlns:D="DAV:"><D:prop><D:getetag/><o:fileid xmlns:o="${OC}"/></D:prop></D:propfind>`],
    ['default namespace', `<?xml version="1.0" encoding="utf-8"?>\n<propfind xmlns="DAV:">\n  <prop>\n    <getetag/>\n    <fileid xmlns="${OC}"/>\n  </prop>\n</propfind>`],
    ['a prefix rebound below the root', `<a:propfind xmlns:a="${OC}"><p:prop xmlns:p="DAV:" xmlns:a="DAV:"><a:getetag/><x:fileid xmlns:x="${OC}"/></p:prop></a:propfind>`],
  ])('reads the same properties with %s', (_name, body) => {
    expect(parsePropRequest(body)).toEqual(expected);
  });

  it('an empty body and <allprop/> ask for all properties', () => {
    expect(parsePropRequest('  ')).toEqual({ allprop: true, props: [] });
    expect(parsePropRequest('<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>')).toEqual({ allprop: true, props: [] });
  });

  it('a property whose prefix is not declared has no namespace; a prop element outside DAV: is no prop list', () => {
    expect(parsePropRequest('<d:propfind xmlns:d="DAV:"><d:prop><q:thing/></d:prop></d:propfind>').props).toEqual([{ ns: '', name: 'thing' }]);
    expect(parsePropRequest('<d:propfind xmlns:d="DAV:" xmlns:x="urn:x"><x:prop><d:getetag/></x:prop></d:propfind>').props).toEqual([]);
  });
});
