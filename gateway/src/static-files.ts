import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import sirv from 'sirv';
import type { GatewayConfig } from './config.js';
import { setAppHeaders, setCommonHeaders } from './security.js';

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Serves the built SPA: hashed assets cached for a year, the HTML shell never cached, and every
 * unknown GET path answered with the shell so client-side routes work on reload. */
export function staticFiles(config: GatewayConfig): StaticHandler {
  const dir = config.staticDir;
  if (!dir) {
    return (_req, res) => {
      setCommonHeaders(res, config);
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Klassenraum gateway: no STATIC_DIR configured\n');
    };
  }
  const shell = readFileSync(path.join(dir, 'index.html'));
  const assets = sirv(dir, {
    etag: true,
    gzip: true,
    brotli: true,
    setHeaders(res, pathname) {
      setAppHeaders(res, config);
      if (pathname.startsWith('/assets/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      else res.setHeader('Cache-Control', 'no-cache');
    },
  });
  const sendShell = (req: IncomingMessage, res: ServerResponse): void => {
    setAppHeaders(res, config);
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'content-length': shell.length,
    });
    res.end(req.method === 'HEAD' ? undefined : shell);
  };
  return (req, res) => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (pathname === '/' || pathname === '/index.html') {
      sendShell(req, res);
      return;
    }
    assets(req, res, () => {
      if (pathname.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(pathname)) {
        setCommonHeaders(res, config);
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Not found\n');
        return;
      }
      sendShell(req, res);
    });
  };
}
