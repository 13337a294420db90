import type { IncomingMessage, ServerResponse } from 'node:http';
import { json } from './reply.js';

/** Nextcloud sent nothing (no headers, no body byte) for the configured time. */
export class UpstreamIdle extends Error {
  constructor() {
    super('Nextcloud sent nothing for too long');
  }
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Ends a request whose body stops arriving: when no byte came from the client for `ms` while the body is
 * incomplete, it answers 408 and closes the connection, which also ends the upload's connection to
 * Nextcloud. A slow upload that keeps sending is never cut (every byte restarts the clock), and neither is
 * one the gateway itself holds back (bytes waiting in its buffer because Nextcloud reads slowly).
 * Checks the socket's byte counter, so the body stream itself is left untouched for its reader.
 */
export function guardRequestBody(req: IncomingMessage, res: ServerResponse, ms: number): void {
  if (!hasBody(req) || ms <= 0) return;
  let seen = req.socket.bytesRead;
  let since = Date.now();
  const timer = setInterval(check, Math.min(1000, Math.max(10, ms / 4)));
  timer.unref();
  const stop = (): void => {
    clearInterval(timer);
  };
  req.once('end', stop);
  req.once('close', stop);
  res.once('close', stop);

  function check(): void {
    if (req.complete || req.destroyed || res.writableFinished) {
      stop();
      return;
    }
    const bytes = req.socket.bytesRead;
    if (bytes !== seen || req.readableLength > 0) {
      seen = bytes;
      since = Date.now();
      return;
    }
    if (Date.now() - since < ms) return;
    stop();
    if (!res.headersSent) {
      json(res, 408, { error: 'request_body_timeout', idleSeconds: ms / 1000 }, { connection: 'close' });
      res.once('finish', () => req.destroy());
    } else {
      req.destroy();
    }
  }
}
