/**
 * "8:00 on Monday": N students open their class home within one minute. Each student is a headless HTTP
 * client (no browser) that sends, through the gateway, the requests the SPA sends when a signed-out student
 * follows a link to /klassen/7a: the page, the session check, the OAuth2 login through Nextcloud's pages, the
 * page again and the class home's API calls, in the SPA's order and parallelism.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { backAtApp, passNextcloudLogin, CookieClient } from '../../gateway/testing/browserless-login.js';
import { launchChromium, PASSWORD, provisionClass7a, startBenchSchool } from './browser.js';
import { mib, percentile, rssBytes, type Figure } from './support.js';

/**
 * The class home's requests, derived on 2026-11-23 from a Playwright run of the built app (Chromium, service
 * worker blocked, fresh context): the teacher set up class 7a, then a student opened /klassen/7a signed out,
 * signed in and waited for the chat; we logged `page.on('request')` (what the SPA sends to the gateway) and
 * the dev server's request list (GET /__devserver/requests). Each inner list is one wave the SPA sends at
 * once; `{room}` is the class chat's token from the wave before. Every API call carries
 * `OCS-APIRequest: true`, `X-Requested-With: klassenraum`, `Accept: application/json`.
 *
 *   GET /klassen/7a (document + the scripts and styles index.html names)
 *   GET /auth/session                                    → signed out → /login?returnTo=/klassen/7a
 *   GET /auth/login?returnTo=/klassen/7a (the gateway asks Nextcloud's authorize) → relayed login/flow, login page,
 *   POST login, grant, POST grant → /auth/callback (the gateway logs Nextcloud's browser session out: ADR 0009)
 *   GET /klassen/7a, GET /auth/session
 *   then CLASS_HOME_WAVES, then the chat's long-poll (lookIntoFuture=1, timeout=30) and POST …/read.
 */
export const CLASS_HOME_WAVES: readonly (readonly string[])[] = [
  // Since 2026-12-02 the session answer carries cloud/user and core.pollinterval (the gateway asks Nextcloud
  // for them while it answers, gateway/src/first-wave.ts): the SPA no longer sends those two itself.
  [
    '/ocs/v2.php/apps/spreed/api/v4/room',
    '/index.php/apps/deck/api/v1.0/boards?details=true',
    '/ocs/v2.php/apps/files_sharing/api/v1/shares?shared_with_me=true',
    '/ocs/v2.php/apps/circles/circles',
  ],
  ['/ocs/v2.php/apps/notifications/api/v2/notifications', '/ocs/v2.php/apps/spreed/api/v4/room/{room}/participants?includeStatus=true'],
  ['/ocs/v2.php/apps/spreed/api/v4/room/{room}', '/ocs/v2.php/apps/spreed/api/v1/chat/{room}?lookIntoFuture=0&limit=50&setReadMarker=0&includeLastKnown=0'],
];

const API = { 'ocs-apirequest': 'true', 'x-requested-with': 'klassenraum', accept: 'application/json' };

interface StudentResult {
  requests: number;
  errors: string[];
  /** From the first request to the signed-in class home's chat messages, ms. */
  total: number;
  /** From the signed-in GET /klassen/7a to the chat messages, ms. */
  classHome: number;
}

async function oneStudent(appUrl: string, user: string, assets: string[], signal: AbortSignal, polls: Promise<unknown>[]): Promise<StudentResult> {
  const client = new CookieClient();
  const errors: string[] = [];
  let requests = 0;
  const get = async (p: string, headers: Record<string, string> = {}): Promise<Response> => {
    requests++;
    const res = await client.request(`${appUrl}${p}`, { headers });
    if (res.status >= 400) errors.push(`${res.status} ${p.split('?')[0] ?? ''}`);
    return res;
  };
  const drain = async (res: Response): Promise<void> => {
    await res.arrayBuffer();
  };
  const t0 = performance.now();
  await drain(await get('/klassen/7a'));
  await Promise.all(assets.map(async (a) => drain(await get(a))));
  await drain(await get('/auth/session', { 'x-requested-with': 'klassenraum', accept: 'application/json' }));
  const start = await get(`/auth/login?returnTo=${encodeURIComponent('/klassen/7a')}`);
  await drain(start);
  const loginFlow = new URL(start.headers.get('location') ?? '', appUrl).href;
  // Nextcloud's pages, relayed by the gateway, are fetched by the same client; count them as the browser would.
  const before = Date.now();
  const back = await passNextcloudLogin(client, loginFlow, user, PASSWORD, backAtApp(appUrl));
  requests += 5; // login/flow, login page, POST login, grant page, POST grant (as derived above)
  if (!back) return { requests, errors: [...errors, `login failed after ${Date.now() - before} ms`], total: Number.NaN, classHome: Number.NaN };
  requests++;
  const callback = await client.request(back);
  await drain(callback);
  if (callback.status !== 303) errors.push(`${callback.status} /auth/callback`);
  const t1 = performance.now();
  await drain(await get('/klassen/7a'));
  await drain(await get('/auth/session', { 'x-requested-with': 'klassenraum', accept: 'application/json' }));
  let room = '';
  let lastId = 0;
  for (const wave of CLASS_HOME_WAVES) {
    await Promise.all(
      wave.map(async (p) => {
        const res = await get(p.replaceAll('{room}', encodeURIComponent(room)), API);
        if (p === '/ocs/v2.php/apps/spreed/api/v4/room' && res.ok) {
          const body = (await res.json()) as { ocs: { data: { token: string; displayName: string }[] } };
          room = (body.ocs.data.find((r) => r.displayName.includes('7a')) ?? body.ocs.data[0])?.token ?? '';
        } else if (p.includes('/chat/') && res.ok) {
          const body = (await res.json()) as { ocs: { data: { id: number }[] } };
          lastId = Math.max(0, ...body.ocs.data.map((m) => m.id));
        } else await drain(res);
      }),
    );
  }
  const t2 = performance.now();
  // The chat then long-polls (held open until the bench ends) and sets the read marker.
  requests++;
  polls.push(
    fetch(`${appUrl}/ocs/v2.php/apps/spreed/api/v1/chat/${room}?lookIntoFuture=1&limit=100&setReadMarker=0&includeLastKnown=0&lastKnownMessageId=${lastId}&timeout=30&markNotificationsAsRead=0`, {
      headers: { ...API, cookie: `__Host-klassenraum_session=${client.cookie(appUrl, '__Host-klassenraum_session') ?? ''}` },
      signal,
    }).then(
      (r) => r.arrayBuffer(),
      () => undefined,
    ),
  );
  requests++;
  const read = await client.request(`${appUrl}/ocs/v2.php/apps/spreed/api/v1/chat/${room}/read`, {
    method: 'POST',
    headers: { ...API, 'content-type': 'application/json' },
    body: JSON.stringify({ lastReadMessage: lastId }),
  });
  await drain(read);
  if (read.status >= 400) errors.push(`${read.status} POST chat/read`);
  return { requests, errors, total: t2 - t0, classHome: t2 - t1 };
}

/** Runs N students whose arrivals are spread evenly over `windowMs` against one dev server and one gateway. */
export async function measureMonday(dist: string, students: number, windowMs = 60_000): Promise<Figure[]> {
  const school = await startBenchSchool(dist, students);
  const polls: Promise<unknown>[] = [];
  const abort = new AbortController();
  try {
    const browser = await launchChromium();
    try {
      await provisionClass7a(browser, school.appUrl);
    } finally {
      await browser.close();
    }
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] ?? '').filter(Boolean);
    const peak = { gateway: 0, dev: 0 };
    const sampler = setInterval(() => {
      if (school.gateway.pid) peak.gateway = Math.max(peak.gateway, rssBytes(school.gateway.pid));
      if (school.dev.pid) peak.dev = Math.max(peak.dev, rssBytes(school.dev.pid));
    }, 250);
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: students }, async (_, i) => {
        await sleep((i * windowMs) / students);
        try {
          return await oneStudent(school.appUrl, `s7a-${String(i + 1).padStart(4, '0')}`, assets, abort.signal, polls);
        } catch (err) {
          return { requests: 0, errors: [String(err)], total: Number.NaN, classHome: Number.NaN } satisfies StudentResult;
        }
      }),
    );
    const elapsed = performance.now() - started;
    clearInterval(sampler);
    abort.abort();
    await Promise.all(polls);
    const ok = results.filter((r) => r.errors.length === 0);
    const errors = results.flatMap((r) => r.errors);
    const kinds = [...new Set(errors)].slice(0, 3).join('; ');
    const homes = ok.map((r) => r.classHome).sort((a, b) => a - b);
    const totals = ok.map((r) => r.total).sort((a, b) => a - b);
    const requests = results.reduce((n, r) => n + r.requests, 0);
    const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
    const how = `N = ${students} headless students (s7a-0001…), arrivals spread evenly over ${windowMs / 1000} s, each: page + initial assets, session check, OAuth2 login through Nextcloud's pages, class home's API calls in the SPA's waves (scripts/bench/monday.ts), chat long-poll held open; dev server and gateway each in their own process; all done after ${s(elapsed)}`;
    return [
      { name: '"8:00 on Monday": students with errors', value: `${students - ok.length} of ${students}${kinds ? ` (${errors.length} errors, e.g. ${kinds})` : ''}`, how },
      { name: '"8:00 on Monday": requests per student', value: (requests / students).toFixed(1), how: 'sent to the gateway (login pages at the dev server included), same run' },
      { name: '"8:00 on Monday": class home load p50 / p95', value: `${s(percentile(homes, 50))} / ${s(percentile(homes, 95))}`, how: 'signed-in GET /klassen/7a until the chat messages arrived (max ' + s(homes.at(-1) ?? Number.NaN) + '), same run' },
      { name: '"8:00 on Monday": link → class home incl. login p50 / p95', value: `${s(percentile(totals, 50))} / ${s(percentile(totals, 95))}`, how: 'first request of the signed-out student until the chat messages arrived, same run' },
      { name: '"8:00 on Monday": peak RSS gateway / dev server', value: `${mib(peak.gateway)} / ${mib(peak.dev)}`, how: `sampled every 250 ms during the run (${students} long-polls open at the end)` },
    ];
  } finally {
    abort.abort();
    await school.close();
  }
}
