/**
 * Nextcloud requests per idle signed-in user per minute with the class chat open in one and in three tabs.
 * Both run in the same minutes on the same servers: user A (s7a1) with one tab, user B (s7a2) with three
 * tabs of one browser context (one browser profile, as a student with several tabs open). Requests are
 * counted at the dev server by user. The same again, in the same minutes on servers of its own, where Talk has
 * a high-performance backend (Janus + nextcloud-spreed-signaling, as e2e/lessons start it): the leader learns of
 * new chat messages over the signaling socket instead of long-polling.
 */
import type { Browser, Page } from '@playwright/test';
import { launchChromium, provisionClass7a, signInInBrowser, startBenchSchool } from './browser.js';
import type { Figure } from './support.js';

interface Recorded {
  method: string;
  path: string;
  user: string | null;
  at: number;
  endedAt?: number;
}

const SETTLE_MS = 15_000;

type Kind = 'long-poll' | 'chat fetch' | 'notifications' | 'members' | 'other';

function kindOf(r: Recorded): Kind {
  if (r.method === 'GET' && r.path.startsWith('/ocs/v2.php/apps/spreed/api/v1/chat/') && r.path.includes('lookIntoFuture=1')) {
    return /[?&]timeout=0(&|$)/.test(r.path) ? 'chat fetch' : 'long-poll';
  }
  const path = r.path.split('?')[0] ?? '';
  if (path.startsWith('/ocs/v2.php/apps/notifications/')) return 'notifications';
  if (path.endsWith('/participants')) return 'members';
  return 'other';
}

/** The most long-polls of one user open at the same moment (by the dev server's start and end times). */
function maxConcurrentPolls(records: Recorded[]): number {
  const edges = records
    .filter((r) => kindOf(r) === 'long-poll' && r.endedAt !== undefined)
    .flatMap((r) => [
      { t: r.at, d: 1 },
      { t: r.endedAt ?? r.at, d: -1 },
    ])
    .sort((a, b) => a.t - b.t || a.d - b.d);
  let open = 0;
  let max = 0;
  for (const e of edges) {
    open += e.d;
    max = Math.max(max, open);
  }
  return max;
}

async function openClassChat(page: Page, appUrl: string): Promise<void> {
  await page.goto(`${appUrl}/klassen/7a?ansicht=chat`);
  await page.getByRole('log', { name: 'Nachrichten' }).waitFor();
  await page.getByRole('log', { name: 'Nachrichten' }).getByText('Wird geladen …').waitFor({ state: 'detached' });
}

/** A signed-in user with the class chat open in `tabs` tabs of one browser context. */
async function openTabs(browser: Browser, appUrl: string, user: string, tabs: number): Promise<void> {
  const context = await browser.newContext({ locale: 'de-DE' });
  const first = await context.newPage();
  await signInInBrowser(first, appUrl, user);
  await openClassChat(first, appUrl);
  for (let i = 1; i < tabs; i++) await openClassChat(await context.newPage(), appUrl);
}

function summarise(records: Recorded[], minutes: number): string {
  const by: Record<Kind, number> = { 'long-poll': 0, 'chat fetch': 0, notifications: 0, members: 0, other: 0 };
  for (const r of records) by[kindOf(r)]++;
  const perMinute = (records.length / minutes).toFixed(1);
  const fetches = by['chat fetch'] > 0 ? `, ${String(by['chat fetch'])} chat fetches without waiting` : '';
  return `${perMinute} per minute (${String(records.length)} in ${String(minutes)} min: ${String(by['long-poll'])} long-polls${fetches}, ${String(by.notifications)} notifications, ${String(by.members)} class members, ${String(by.other)} other)`;
}

/** Both variants side by side in the same minutes: without and with Talk's high-performance backend. */
export async function measureIdleRequests(dist: string, minutes = 5): Promise<Figure[]> {
  const [plain, hpb] = await Promise.all([measureIdle(dist, minutes, false), measureIdle(dist, minutes, true)]);
  return [...plain, ...hpb];
}

async function measureIdle(dist: string, minutes: number, withHpb: boolean): Promise<Figure[]> {
  const school = await startBenchSchool(dist, 0, { hpb: withHpb });
  const variant = withHpb ? ', with HPB' : '';
  const browser = await launchChromium();
  try {
    await provisionClass7a(browser, school.appUrl);
    await openTabs(browser, school.appUrl, 's7a1', 1);
    await openTabs(browser, school.appUrl, 's7a2', 3);
    // Page loads and the leader election are over; from now on only timers and the long-poll ask.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const from = Date.now();
    await new Promise((resolve) => setTimeout(resolve, minutes * 60_000));
    const to = Date.now();
    const response = await fetch(`${school.devUrl}/__devserver/requests`);
    const all = ((await response.json()) as Recorded[]).filter((r) => r.at >= from && r.at < to);
    const one = all.filter((r) => r.user === 's7a1');
    const three = all.filter((r) => r.user === 's7a2');
    const ratio = one.length === 0 ? 'n/a' : (three.length / one.length).toFixed(2);
    const how = `${withHpb ? "Talk with a high-performance backend (Janus + nextcloud-spreed-signaling on loopback; the leader tab joins the class chat's signaling room and fetches on chat events); " : ''}idle, nobody writes; s7a1 with /klassen/7a (Chat tab) in 1 tab and s7a2 in 3 tabs of one browser context, in the same ${String(minutes)} minutes on one dev server + gateway (own processes), headless Chromium; every request of each user counted at the dev server after ${String(SETTLE_MS / 1000)} s of settling`;
    return [
      { name: `Nextcloud requests per idle user, class chat open in 1 tab${variant}`, value: summarise(one, minutes), how },
      { name: `Nextcloud requests per idle user, class chat open in 3 tabs${variant}`, value: `${summarise(three, minutes)}; ${ratio}× the 1-tab user`, how },
      {
        name: `Long-polls open at once, 3 tabs of one user${variant}`,
        value: `at most ${String(maxConcurrentPolls(three))} (1 tab: ${String(maxConcurrentPolls(one))})`,
        how: 'same run; from the start and end time of each long-poll (lookIntoFuture=1) the dev server recorded',
      },
    ];
  } finally {
    await browser.close();
    await school.close();
  }
}
