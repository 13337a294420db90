/**
 * Largest Contentful Paint of the class home under 4× CPU throttling and DevTools' "Slow 4G" network profile,
 * cold (fresh browser profile with only the session cookie) and warm (a second visit after the service worker
 * installed and precached the app).
 */
import type { BrowserContext, Page } from '@playwright/test';
import { launchChromium, provisionClass7a, signInInBrowser, startBenchSchool } from './browser.js';
import { percentile, type Figure } from './support.js';

/** Chrome DevTools' "Slow 4G" preset (Lighthouse's mobile RTT 150 ms / 1.6 Mbit/s with DevTools' factors). */
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: (1474.56 * 1024) / 8, uploadThroughput: (675 * 1024) / 8 };
const CPU_SLOWDOWN = 4;

// Run in the page (the node type-check knows no DOM, hence source text).
const OBSERVE_LCP = `new PerformanceObserver((list) => {
  const last = list.getEntries().at(-1);
  if (last) window.__benchLcp = last.startTime;
}).observe({ type: 'largest-contentful-paint', buffered: true });`;

async function throttle(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
}

/** Opens /klassen/7a in a new throttled page and returns LCP (ms since navigation start) once the chat showed. */
async function visit(context: BrowserContext, appUrl: string): Promise<number> {
  const page = await context.newPage();
  await page.addInitScript(OBSERVE_LCP);
  await throttle(context, page);
  await page.goto(`${appUrl}/klassen/7a`, { timeout: 120_000 });
  await page.getByRole('heading', { level: 1, name: 'Klasse 7a' }).waitFor({ timeout: 120_000 });
  await page.getByRole('log').first().waitFor({ timeout: 120_000 });
  await page.waitForTimeout(1500);
  const lcp = Number(await page.evaluate<unknown>('window.__benchLcp ?? NaN'));
  await page.close();
  return lcp;
}

export async function measureLcp(dist: string, rounds = 3): Promise<Figure[]> {
  const school = await startBenchSchool(dist);
  const browser = await launchChromium();
  try {
    await provisionClass7a(browser, school.appUrl);
    const login = await browser.newContext({ locale: 'de-DE', serviceWorkers: 'block' });
    await signInInBrowser(await login.newPage(), school.appUrl, 's7a1');
    const cookies = await login.cookies();
    await login.close();
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const context = await browser.newContext({ locale: 'de-DE' });
      await context.addCookies(cookies);
      cold.push(await visit(context, school.appUrl));
      // The service worker installs after the first visit; wait until it controls a page, then visit again.
      const probe = await context.newPage();
      await probe.goto(`${school.appUrl}/klassen/7a`);
      await probe.evaluate<unknown>('navigator.serviceWorker.ready.then(() => true)');
      await probe.close();
      warm.push(await visit(context, school.appUrl));
      await context.close();
    }
    cold.sort((a, b) => a - b);
    warm.sort((a, b) => a - b);
    const med = (xs: number[]): number => percentile(xs, 50);
    const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
    const how = `median of ${rounds} visits of /klassen/7a as s7a1 (Chromium headless, CDP Emulation.setCPUThrottlingRate ${CPU_SLOWDOWN}, Network.emulateNetworkConditions "Slow 4G": 562.5 ms RTT, 1.44 Mbit/s down, 675 kbit/s up); LCP from PerformanceObserver after the chat showed`;
    return [
      { name: 'LCP of the class home, cold', value: `${s(med(cold))} (runs ${cold.map(s).join(', ')})`, how: `${how}; fresh profile holding only the session cookie` },
      { name: 'LCP of the class home, warm from the PWA cache', value: `${s(med(warm))} (runs ${warm.map(s).join(', ')})`, how: `${how}; second visit in the same profile after the service worker installed` },
      { name: 'LCP warm ÷ cold', value: `${(med(warm) / med(cold)).toFixed(2)}×`, how: 'same run' },
    ];
  } finally {
    await browser.close();
    await school.close();
  }
}
