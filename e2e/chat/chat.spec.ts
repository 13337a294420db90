import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hostileMessages, hugeMessage } from '../../src/features/chat/lib/hostile-corpus.js';
import { expectNoAxeViolations, watchCsp } from '../fixtures/accessibility.js';
import { expect, startDevServerAgain, startSchool, stopDevServer, test } from '../fixtures/school.js';
import { ChatPage, signedInChat } from './chat-page.js';
import { commentsOf, createClassConversation, postMessage } from './talk-api.js';

let roomCounter = 0;
const roomName = (label: string) => `Chat-Test ${label} ${String(++roomCounter)} ${String(Date.now())}`;

function longPolls(requests: { method: string; path: string }[], token: string) {
  return requests.filter((r) => r.method === 'GET' && r.path.startsWith(`/ocs/v2.php/apps/spreed/api/v1/chat/${token}?`) && r.path.includes('lookIntoFuture=1') && r.path.includes('timeout=30'));
}

test.describe('class chat', () => {
  // Two signed-in browser contexts through the real OAuth flow on a shared 2-core machine.
  test.describe.configure({ timeout: 150_000 });

  test('teacher and student chat both ways, with replies and reactions; the screen is accessible', async ({ browser, school }) => {
    const token = await createClassConversation(school.devserver.url, roomName('both ways'));
    const teacher = await signedInChat(browser, school.appUrl, 'schmidt', token);
    const student = await signedInChat(browser, school.appUrl, 's7a1', token);
    const csp = [...watchCsp(teacher.chat.page), ...watchCsp(student.chat.page)];

    await teacher.chat.send('Guten Morgen 7a! Heute: **Bruchrechnen**');
    await expect(student.chat.log().getByText('Bruchrechnen')).toBeVisible();
    await expect(student.chat.log().locator('strong', { hasText: 'Bruchrechnen' })).toBeVisible();

    await student.chat.send('Guten Morgen, Frau Schmidt!');
    await expect(teacher.chat.message('Guten Morgen, Frau Schmidt!')).toBeVisible();
    // Sent messages are never pending twice and never shown twice.
    await expect(teacher.chat.pending()).toHaveCount(0);
    await expect(student.chat.message('Guten Morgen, Frau Schmidt!')).toHaveCount(1);

    // Reply with a quote, then react.
    await (await teacher.chat.action('Guten Morgen, Frau Schmidt!', 'Antworten')).click();
    await teacher.chat.send('Schön, dass du da bist.');
    const reply = student.chat.log().locator('article', { hasText: 'Schön, dass du da bist.' });
    await expect(reply.locator('blockquote')).toContainText('Guten Morgen, Frau Schmidt!');
    await (await student.chat.action('Schön, dass du da bist.', 'Mit 👍 reagieren')).click();
    // Talk's answer shows it to the student at once. An added reaction wakes no long-poll and is never delivered
    // as a chat message (Talk 22, recording talk-live.json (b), and the dev server): on a plain message the teacher
    // sees it when she loads the chat again (announcements and polls are refreshed while on screen instead).
    await expect(reply.getByRole('button', { name: /Reaktion 👍, 1 Mal/ })).toBeVisible({ timeout: 5_000 });
    await student.chat.send('Bis gleich!');
    await expect(teacher.chat.message('Bis gleich!')).toBeVisible();
    await teacher.chat.page.reload();
    await expect(teacher.chat.log().locator('article', { hasText: 'Schön, dass du da bist.' }).getByRole('button', { name: /Reaktion 👍, 1 Mal/ })).toBeVisible({ timeout: 15_000 });

    expect(await commentsOf(school.devserver.url, 'schmidt', token)).toEqual([
      'Guten Morgen 7a! Heute: **Bruchrechnen**',
      'Guten Morgen, Frau Schmidt!',
      'Schön, dass du da bist.',
      'Bis gleich!',
    ]);
    await expectNoAxeViolations(student.chat.page);
    await expectNoAxeViolations(teacher.chat.page);
    expect(csp).toEqual([]);
    await teacher.context.close();
    await student.context.close();
  });

  test('the hostile corpus executes nothing, navigates nowhere and breaks no CSP rule', async ({ browser, school }) => {
    const token = await createClassConversation(school.devserver.url, roomName('hostile'));
    for (const message of [...hostileMessages, hugeMessage]) await postMessage(school.devserver.url, 'schmidt', token, message);
    const student = await signedInChat(browser, school.appUrl, 's7a1', token);
    const page = student.chat.page;
    const csp = watchCsp(page);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const url = page.url();
    await page.reload();
    await expect(student.chat.log().getByText('<script>window.__pwned = 1</script>', { exact: true })).toBeVisible();
    await expect(student.chat.log().getByText(/Sehr lange Nachricht/).first()).toBeVisible();

    // Click every link the renderer produced (all must be http(s)/mailto and open elsewhere).
    for (const link of await student.chat.log().locator('a').all()) {
      expect(await link.getAttribute('href')).toMatch(/^(https?:|mailto:)/);
      expect(await link.getAttribute('target')).toBe('_blank');
      expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    }
    expect(await student.chat.log().locator('script, iframe, svg, img[onerror], object, embed, form, style').count()).toBe(0);
    // The canary every hostile message tries to set (evaluated as page script: e2e code has no DOM types).
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await student.chat.log().innerText()).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(page.url()).toBe(url);
    expect(dialogs).toEqual([]);
    expect(csp).toEqual([]);
    await student.context.close();
  });

  test('three tabs of one user share one long-poll stream, and closing the leader tab hands over within 5 s', async ({ browser, school }) => {
    const token = await createClassConversation(school.devserver.url, roomName('tabs'));
    const first = await signedInChat(browser, school.appUrl, 's7a1', token);
    const tabs = [first.chat];
    for (let i = 0; i < 2; i++) {
      const chat = new ChatPage(await first.context.newPage());
      await chat.open(token);
      tabs.push(chat);
    }
    // Let every tab announce itself and the leader settle on one stream.
    await first.chat.page.waitForTimeout(1500);
    school.devserver.control.resetRequests();
    for (let i = 1; i <= 3; i++) {
      await postMessage(school.devserver.url, 'schmidt', token, `Nachricht ${String(i)} an alle Tabs`);
      for (const tab of tabs) await expect(tab.message(`Nachricht ${String(i)} an alle Tabs`)).toBeVisible();
    }
    // One stream: about one long-poll answer per message (three pollers would need at least nine).
    const polls = longPolls(school.devserver.control.requests(), token).filter((r) => r.method === 'GET');
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(polls.length).toBeLessThanOrEqual(4);

    // The first tab took the lock first: it leads. Close it; another tab takes over.
    await tabs[0]?.page.close();
    await postMessage(school.devserver.url, 'schmidt', token, 'Nach dem Schließen des ersten Tabs');
    for (const tab of tabs.slice(1)) await expect(tab.message('Nach dem Schließen des ersten Tabs')).toBeVisible({ timeout: 5000 });
    await first.context.close();
  });

  test('messages written while the dev server is down, answering 503 or dropping the answer are delivered exactly once, in order', async ({ browser }) => {
    test.setTimeout(120_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'klassenraum-chat-'));
    const school = await startSchool({ stateFile: path.join(dir, 'state.json') });
    try {
      const token = await createClassConversation(school.devserver.url, roomName('outage'));
      const student = await signedInChat(browser, school.appUrl, 's7a1', token);
      const { chat } = student;

      // 1. The connection drops after the server stored the message: the app must not send it again.
      let dropped = false;
      await chat.page.route(`**/ocs/v2.php/apps/spreed/api/v1/chat/${token}`, async (route) => {
        if (route.request().method() !== 'POST' || dropped) return route.fallback();
        dropped = true;
        await route.fetch();
        await route.abort('connectionreset');
      });
      await chat.send('eins');
      await expect(chat.message('eins')).toBeVisible({ timeout: 20_000 });
      await expect(chat.pending()).toHaveCount(0, { timeout: 20_000 });
      await chat.page.unroute(`**/ocs/v2.php/apps/spreed/api/v1/chat/${token}`);

      // 2. The server answers 503 with Retry-After twice before it accepts.
      let refusals = 0;
      await chat.page.route(`**/ocs/v2.php/apps/spreed/api/v1/chat/${token}`, async (route) => {
        if (route.request().method() !== 'POST' || refusals >= 2) return route.fallback();
        refusals++;
        await route.fulfill({ status: 503, headers: { 'Retry-After': '1', 'Content-Type': 'text/html' }, body: 'Service Unavailable' });
      });
      await chat.send('zwei');
      await expect(chat.busyBanner()).toBeVisible();
      await expect(chat.message('zwei')).toBeVisible({ timeout: 20_000 });
      await chat.page.unroute(`**/ocs/v2.php/apps/spreed/api/v1/chat/${token}`);

      // 3. The dev server is down while the student writes three more.
      await stopDevServer(school);
      for (const text of ['drei', 'vier', 'fünf']) await chat.send(text);
      await expect(chat.pending()).toHaveCount(3);
      await expect(chat.busyBanner()).toBeVisible({ timeout: 20_000 });
      await chat.page.waitForTimeout(2000);
      await startDevServerAgain(school);
      for (const text of ['drei', 'vier', 'fünf']) await expect(chat.message(text)).toBeVisible({ timeout: 60_000 });
      await expect(chat.pending()).toHaveCount(0);
      await expect(chat.busyBanner()).toHaveCount(0, { timeout: 60_000 });

      expect(await commentsOf(school.devserver.url, 'schmidt', token)).toEqual(['eins', 'zwei', 'drei', 'vier', 'fünf']);
      await student.context.close();
    } finally {
      await school.close();
    }
  });

  test('send→render latency teacher→student over 50 messages (measured, written to test-results)', async ({ browser, school }) => {
    test.setTimeout(420_000);
    const token = await createClassConversation(school.devserver.url, roomName('latency'));
    const teacher = await signedInChat(browser, school.appUrl, 'schmidt', token);
    const student = await signedInChat(browser, school.appUrl, 's7a1', token);
    // Records when each measured message first appears in the student's log (page script).
    await student.chat.page.evaluate(`(() => {
      const seen = {};
      window.__seen = seen;
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[role="log"] article p')) {
          const text = el.textContent;
          if (text.startsWith('Messung ') && !(text in seen)) seen[text] = Date.now();
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
    const latencies: number[] = [];
    for (let i = 1; i <= 50; i++) {
      const text = `Messung ${String(i)}`;
      await teacher.chat.composer().fill(text);
      const sentAt = Number(await teacher.chat.page.evaluate('Date.now()'));
      await teacher.chat.composer().press('Enter');
      await expect(student.chat.message(text)).toBeVisible();
      const shownAt = Number(await student.chat.page.evaluate(`window.__seen[${JSON.stringify(text)}]`));
      if (Number.isNaN(shownAt)) throw new Error(`no render time for ${text}`);
      latencies.push(shownAt - sentAt);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
    const result = { date: new Date().toISOString(), machine: `${os.cpus()[0]?.model ?? 'unknown'} ×${String(os.cpus().length)}, ${os.platform()}`, n: latencies.length, p50: pick(0.5), p95: pick(0.95), max: sorted.at(-1) };
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/chat-latency.json', JSON.stringify({ ...result, latencies }, null, 2));
    console.log('chat latency', result);
    expect(latencies).toHaveLength(50);
    await teacher.context.close();
    await student.context.close();
  });
});
