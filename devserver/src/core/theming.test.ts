import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../server.js';

let server: DevServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const ocs = { 'OCS-APIRequest': 'true', Accept: 'application/json' };

async function theming(s: DevServer): Promise<Record<string, unknown>> {
  const r = await fetch(`${s.url}/ocs/v2.php/cloud/capabilities`, { headers: ocs });
  return ((await r.json()) as { ocs: { data: { capabilities: { theming: Record<string, unknown> } } } }).ocs.data.capabilities.theming;
}

/** capabilities.theming as recorded from Nextcloud 32.0.1 (fixtures/recordings/core.json), its host replaced by the dev server's. */
function recordedTheming(base: string): Record<string, unknown> {
  const text = readFileSync(new URL('../../fixtures/recordings/core.json', import.meta.url), 'utf8');
  const exchange = (JSON.parse(text) as { exchanges: { request: { path: string }; response: { body: unknown } }[] }).exchanges.find((e) =>
    e.request.path.startsWith('/ocs/v2.php/cloud/capabilities'),
  );
  const recorded = (exchange?.response.body as { ocs: { data: { capabilities: { theming: Record<string, unknown> } } } }).ocs.data.capabilities.theming;
  return JSON.parse(JSON.stringify(recorded).replaceAll('http://127.0.0.1', base)) as Record<string, unknown>;
}

describe('theming', () => {
  it('is reported exactly as recorded when the school set nothing, also without a login', async () => {
    server = await startDevServer({ quiet: true });
    const t = await theming(server);
    expect(t).toEqual(recordedTheming(server.url));
    expect(t).toMatchObject({ name: 'Nextcloud', color: '#00679e', logo: `${server.url}/core/img/logo/logo.svg?v=0` });
    expect((await fetch(`${server.url}/index.php/apps/theming/image/logo`)).status).toBe(404);
  });

  it("carries the admin's name, colour and uploaded logo, and serves the logo", async () => {
    const logo = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    server = await startDevServer({ quiet: true, theming: { name: 'Gymnasium Kassel', color: '#ffeb3b', logo: { type: 'image/png', body: logo } } });
    const t = await theming(server);
    expect(t).toMatchObject({
      name: 'Gymnasium Kassel',
      productName: 'Nextcloud',
      color: '#ffeb3b',
      'color-text': '#000000',
      logo: `${server.url}/index.php/apps/theming/image/logo?useSvg=1&v=3`,
    });
    for (const path of ['/index.php/apps/theming/image/logo?useSvg=1&v=3', '/apps/theming/image/logo']) {
      const r = await fetch(`${server.url}${path}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await r.arrayBuffer())).toEqual(logo);
    }
    expect((await fetch(`${server.url}/index.php/apps/theming/image/background`)).status).toBe(404);
  });

  it('keeps white text on a dark school colour', async () => {
    server = await startDevServer({ quiet: true, theming: { color: '#1d4ed8' } });
    expect(await theming(server)).toMatchObject({ color: '#1d4ed8', 'color-text': '#ffffff', name: 'Nextcloud', logo: `${server.url}/core/img/logo/logo.svg?v=1` });
  });
});
