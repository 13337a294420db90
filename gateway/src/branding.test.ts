import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logoPathOf, themingFromCapabilities } from './branding.js';
import { loadConfig } from './config.js';
import { startGateway, type Gateway } from './server.js';
import { call } from '../testing/http-call.js';
import { startFakeServer } from '../testing/fake-nextcloud.js';
import { startTestSchool, type TestSchool } from '../testing/school.js';
import { brandingSchema } from '../../src/api/gateway-contract.js';

const LOGO = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5"/></svg>');

function capabilities(theming: Record<string, unknown>): unknown {
  return { ocs: { meta: { status: 'ok', statuscode: 200 }, data: { capabilities: { theming } } } };
}

describe('logoPathOf', () => {
  it("keeps only Nextcloud's own logo paths, whatever host the capabilities name", () => {
    expect(logoPathOf('https://cloud.schule.de/index.php/apps/theming/image/logo?useSvg=1&v=7', [''])).toEqual({
      path: '/index.php/apps/theming/image/logo?useSvg=1&v=7',
      version: '7',
      custom: true,
    });
    expect(logoPathOf('http://127.0.0.1/core/img/logo/logo.svg?v=0', [''])).toEqual({ path: '/core/img/logo/logo.svg?v=0', version: '0', custom: false });
    // A Nextcloud in a sub-folder: the folder is the configured one, not part of the path asked for.
    expect(logoPathOf('https://schule.de/nextcloud/apps/theming/image/logo?v=2', ['/nextcloud'])?.path).toBe('/apps/theming/image/logo?v=2');
  });

  it('refuses every other path and drops other parameters', () => {
    for (const url of [
      'https://evil.example/logo.svg',
      'https://cloud.schule.de/index.php/apps/theming/image/background',
      'https://cloud.schule.de/index.php/apps/theming/image/logo/../../../../remote.php/dav/files/admin/secret.svg',
      'https://cloud.schule.de/index.php/apps/theming/image/logo%2F..%2F..%2Fremote.php',
      'https://cloud.schule.de/remote.php/dav/files/admin/logo.svg',
      'javascript:alert(1)',
      '',
    ]) {
      expect(logoPathOf(url, [''])?.custom ?? false, url).toBe(false);
      expect(logoPathOf(url, ['']), url).toBeNull();
    }
    expect(logoPathOf('https://c.de/index.php/apps/theming/image/logo?v=1&file=/etc/passwd&useSvg=<x>', [''])?.path).toBe('/index.php/apps/theming/image/logo?v=1');
    expect(logoPathOf('https://c.de/core/img/logo/logo.svg?v=abc', [''])?.path).toBe('/core/img/logo/logo.svg?v=0');
  });
});

describe('themingFromCapabilities', () => {
  it("treats Nextcloud's defaults (as recorded) as no school branding", () => {
    const recorded = capabilities({ name: 'Nextcloud', color: '#00679e', logo: 'http://127.0.0.1/core/img/logo/logo.svg?v=0' });
    expect(themingFromCapabilities(recorded, [''])).toEqual({ name: null, color: null, logo: null });
  });

  it("reads the school's name, colour and uploaded logo, and refuses what is not a colour", () => {
    const t = themingFromCapabilities(capabilities({ name: ' Gymnasium <b>Kassel</b> ', color: '#FFEB3B', logo: 'https://x/index.php/apps/theming/image/logo?useSvg=1&v=3' }), ['']);
    expect(t).toEqual({ name: 'Gymnasium Kassel', color: '#ffeb3b', logo: { path: '/index.php/apps/theming/image/logo?useSvg=1&v=3', version: '3' } });
    expect(themingFromCapabilities(capabilities({ color: 'red;}body{x' }), ['']).color).toBeNull();
    expect(themingFromCapabilities({ ocs: 'nonsense' }, [''])).toEqual({ name: null, color: null, logo: null });
  });
});

describe('GET /api/branding and /branding/logo against the dev server', () => {
  let school: TestSchool;
  let appUrl: string;

  beforeAll(async () => {
    school = await startTestSchool({ devserver: { theming: { name: 'Gesamtschule Nord', color: '#FFEB3B', logo: { type: 'image/svg+xml', body: LOGO } } } });
    appUrl = school.appUrls[0] ?? '';
  });
  afterAll(async () => {
    await school.close();
  });

  it('answers without a session, asking Nextcloud anonymously and once', async () => {
    school.devserver.control.resetRequests();
    const first = await call(appUrl, '/api/branding');
    const second = await call(appUrl, '/api/branding');
    expect(first.status).toBe(200);
    const branding = brandingSchema.parse(JSON.parse(first.body));
    expect(branding).toEqual({ name: 'Gesamtschule Nord', color: '#ffeb3b', logoUrl: '/branding/logo?v=3' });
    expect(second.body).toBe(first.body);
    const asked = school.devserver.control.requests().filter((r) => r.path.startsWith('/ocs/v2.php/cloud/capabilities'));
    expect(asked).toHaveLength(1);
    expect(asked[0]?.user).toBeNull();
  });

  it('relays the logo with cache headers and a CSP that lets an SVG run nothing', async () => {
    const logo = await call(appUrl, '/branding/logo?v=3');
    expect(logo.status).toBe(200);
    expect(logo.body).toBe(LOGO.toString('utf8'));
    expect(logo.headers['content-type']).toBe('image/svg+xml');
    expect(logo.headers['cache-control']).toBe('public, max-age=86400');
    expect(logo.headers['content-security-policy']).toContain('sandbox');
    expect(logo.headers['content-security-policy']).toContain("default-src 'none'");
    expect(logo.headers['x-content-type-options']).toBe('nosniff');
    expect((await call(appUrl, '/branding/logo', { method: 'POST' })).status).toBe(405);
  });
});

describe('the logo route with an unbranded or misbehaving Nextcloud', () => {
  let upstream: Awaited<ReturnType<typeof startFakeServer>>;
  let gateway: Gateway;
  let theming: Record<string, unknown> = {};
  let logoType = 'image/png';

  beforeAll(async () => {
    upstream = await startFakeServer();
    gateway = await startGateway(loadConfig({ APP_URL: 'http://klassenraum.test', NEXTCLOUD_URL: upstream.url, PORT: '0' }), { log: () => undefined });
  });
  afterEach(async () => {
    await gateway.close();
    gateway = await startGateway(loadConfig({ APP_URL: 'http://klassenraum.test', NEXTCLOUD_URL: upstream.url, PORT: '0' }), { log: () => undefined });
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.close();
  });

  function serve(): void {
    upstream.setHandler((req, res) => {
      if ((req.url ?? '').startsWith('/ocs/v2.php/cloud/capabilities')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(capabilities(theming)));
        return;
      }
      res.writeHead(200, { 'content-type': logoType });
      res.end('<html><script>alert(1)</script></html>');
    });
  }

  it('has no logo for Nextcloud’s default one', async () => {
    theming = { name: 'Nextcloud', color: '#00679e', logo: 'http://nc/core/img/logo/logo.svg?v=0' };
    serve();
    expect(JSON.parse((await call(gateway.url, '/api/branding')).body)).toEqual({ name: null, color: null, logoUrl: null });
    expect((await call(gateway.url, '/branding/logo')).status).toBe(404);
  });

  it('does not relay what Nextcloud sends as a logo unless it is an image', async () => {
    theming = { name: 'Schule', color: '#123456', logo: 'http://nc/index.php/apps/theming/image/logo?v=1' };
    logoType = 'text/html';
    serve();
    expect((await call(gateway.url, '/branding/logo')).status).toBe(404);
    const asked = upstream.seen.map((s) => s.url);
    expect(asked).toContain('/index.php/apps/theming/image/logo?v=1');
  });

  it('answers unbranded when Nextcloud cannot be reached', async () => {
    await upstream.close();
    const r = await call(gateway.url, '/api/branding');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ name: null, color: null, logoUrl: null });
    upstream = await startFakeServer();
  });
});
