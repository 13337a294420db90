import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in for the Schulportal (or any other site): a page on its own origin that frames the app. */
export async function startPortal(appUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="de"><head><title>Schulportal</title></head><body><main><h1>Schulportal</h1>
<iframe src="${appUrl}/" title="Klassenraum" width="900" height="640" allow="camera; microphone; display-capture"></iframe></main></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
