import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from './session-cookie.js';
import { backAtApp, CookieClient, passNextcloudLogin } from '../testing/browserless-login.js';
import { CSRF, startTestSchool, type TestSchool } from '../testing/school.js';

// Embed mode (Schulportal iframe): Nextcloud's login cannot be framed, so the iframe opens a popup; the popup
// signs in first-party and hands the session to the iframe with a one-time code bound to the iframe's nonce.
let school: TestSchool;
let appUrl: string;
const staticDir = mkdtempSync(path.join(tmpdir(), 'kr-static-'));
writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Klassenraum</title>');

beforeAll(async () => {
  school = await startTestSchool({ env: { EMBED_ALLOWED_ORIGINS: 'https://start.schulportal.example', STATIC_DIR: staticDir } });
  appUrl = school.appUrls[0] ?? '';
});
afterAll(async () => {
  await school.close();
});

async function popupLogin(popupUrl: string, user: string): Promise<{ popup: CookieClient; code: string }> {
  const popup = new CookieClient();
  const start = await popup.request(new URL(popupUrl, appUrl).href);
  const back = await passNextcloudLogin(popup, new URL(start.headers.get('location') ?? '', appUrl).href, user, 'klassenraum', backAtApp(appUrl));
  const done = await popup.request(back ?? '');
  const location = done.headers.get('location') ?? '';
  expect(location).toMatch(/^\/auth\/popup-done#[A-Za-z0-9_-]{43}$/);
  return { popup, code: location.split('#')[1] ?? '' };
}

async function startEmbed(frame: CookieClient): Promise<string> {
  const res = await frame.request(`${appUrl}/auth/embed/start?returnTo=%2Fklassen%2F7a`, { method: 'POST', headers: CSRF });
  expect(res.status).toBe(200);
  return ((await res.json()) as { popupUrl: string }).popupUrl;
}

describe('login for an embedded app', () => {
  it('hands the popup login to the iframe exactly once, moving the tokens', async () => {
    const frame = new CookieClient();
    const popupUrl = await startEmbed(frame);
    const { popup, code } = await popupLogin(popupUrl, 's7a1');

    const complete = await frame.request(`${appUrl}/auth/embed/complete`, {
      method: 'POST',
      headers: { ...CSRF, 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    expect(complete.status).toBe(200);
    expect(await complete.json()).toEqual({ authenticated: true, returnTo: '/klassen/7a' });
    const cookieLine = complete.headers.getSetCookie()[0] ?? '';
    expect(cookieLine).toContain('SameSite=None');
    expect(cookieLine).toContain('Partitioned');
    expect(await (await frame.request(`${appUrl}/auth/session`)).json()).toMatchObject({ authenticated: true, user: { id: 's7a1' } });
    // The popup's session gave its tokens away.
    expect(await (await popup.request(`${appUrl}/auth/session`)).json()).toMatchObject({ authenticated: false });

    const again = await frame.request(`${appUrl}/auth/embed/complete`, {
      method: 'POST',
      headers: { ...CSRF, 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    expect(again.status).toBe(400);
  });

  it("refuses a code meant for another iframe (no one can push their login into someone else's frame)", async () => {
    const victim = new CookieClient();
    await startEmbed(victim);
    const attacker = new CookieClient();
    const attackerPopupUrl = await startEmbed(attacker);
    const { code } = await popupLogin(attackerPopupUrl, 's7b1');
    const res = await victim.request(`${appUrl}/auth/embed/complete`, {
      method: 'POST',
      headers: { ...CSRF, 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    expect(res.status).toBe(400);
    expect(await (await victim.request(`${appUrl}/auth/session`)).json()).toMatchObject({ authenticated: false });
  });

  it('serves the popup end page with the strict CSP but without severing the opener', async () => {
    const res = await fetch(`${appUrl}/auth/popup-done`);
    expect(res.headers.get('cross-origin-opener-policy')).toBe('unsafe-none');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('/auth/popup-done.js');
  });

  it('lets only the configured portal frame the app', async () => {
    const res = await fetch(`${appUrl}/`);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://start.schulportal.example");
    expect(res.headers.get('x-frame-options')).toBeNull();
  });
});

describe('without embed mode', () => {
  it('refuses popup logins and framing', async () => {
    const plain = await startTestSchool({ env: { STATIC_DIR: staticDir } });
    try {
      const base = plain.appUrls[0] ?? '';
      const client = new CookieClient();
      expect((await client.request(`${base}/auth/embed/start`, { method: 'POST', headers: CSRF })).status).toBe(404);
      const login = await client.request(`${base}/auth/login?embed=${'a'.repeat(43)}`);
      expect(login.headers.get('location')).toBe('/login?error=login_failed');
      expect(client.cookie(base, SESSION_COOKIE)).toBeUndefined();
      const page = await fetch(`${base}/`);
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(page.headers.get('x-frame-options')).toBe('DENY');
    } finally {
      await plain.close();
    }
  });
});
