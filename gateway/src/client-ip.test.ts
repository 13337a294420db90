import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientIp } from './client-ip.js';

function req(remoteAddress: string, xff?: string): IncomingMessage {
  return { socket: { remoteAddress }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } } as unknown as IncomingMessage;
}

describe('clientIp', () => {
  it('uses the socket address when no proxy is trusted, ignoring a spoofed header', () => {
    expect(clientIp(req('::ffff:203.0.113.7', '1.2.3.4'), 0)).toBe('203.0.113.7');
  });
  it('takes the address seen by the one trusted proxy', () => {
    expect(clientIp(req('127.0.0.1', '198.51.100.20'), 1)).toBe('198.51.100.20');
  });
  it('ignores addresses a client prepended itself', () => {
    expect(clientIp(req('127.0.0.1', '6.6.6.6, 198.51.100.20'), 1)).toBe('198.51.100.20');
  });
  it('skips garbage entries', () => {
    expect(clientIp(req('127.0.0.1', 'not-an-ip'), 1)).toBe('127.0.0.1');
  });
});
