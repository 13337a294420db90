import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

function normalise(ip: string): string {
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return v4mapped?.[1] ?? ip;
}

/** The real client address. With `trustProxyHops` reverse proxies in front (nginx: 1), the address the
 * nearest trusted proxy saw is taken from X-Forwarded-For; anything further left is client-supplied
 * and ignored. Without trusted proxies, the socket address. */
export function clientIp(req: IncomingMessage, trustProxyHops: number): string {
  const socketIp = normalise(req.socket.remoteAddress ?? '');
  if (trustProxyHops <= 0) return socketIp;
  const header = req.headers['x-forwarded-for'];
  const chain = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => normalise(s.trim()))
    .filter((s) => isIP(s) !== 0);
  chain.push(socketIp);
  // chain = [client?, ..., proxyN-1, socket]; the last `trustProxyHops` entries are our proxies.
  const index = chain.length - 1 - trustProxyHops;
  return chain[Math.max(0, index)] ?? socketIp;
}
