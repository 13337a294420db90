import { expect, test } from '@playwright/test';
import { signedIn, startLessonWorld, teacherWithClass, type LessonWorld } from '../lessons/lesson-page.js';
import { ChatPage } from './chat-page.js';
import { conversationToken, postMessage } from './talk-api.js';

/**
 * With Talk's high-performance backend (real nextcloud-spreed-signaling, the dev server as its Talk backend) the
 * leader tab learns of new chat messages from the signaling server: it opens no chat long-poll, and a message of
 * another user arrives within seconds all the same.
 */

interface Recorded {
  method: string;
  path: string;
  user: string | null;
  at: number;
  endedAt: number;
}

const STUDENT = 's7a1';
const isChatFetch = (r: Recorded) => r.method === 'GET' && r.path.startsWith('/ocs/v2.php/apps/spreed/api/v1/chat/') && r.path.includes('lookIntoFuture=1');
const isLongPoll = (r: Recorded) => isChatFetch(r) && !/[?&]timeout=0(&|$)/.test(r.path);

let world: LessonWorld | null = null;
test.afterAll(async () => {
  await world?.close();
});

test('with an HPB the class chat needs no long-poll: a message of the teacher arrives within 5 s over the signaling event', async () => {
  test.setTimeout(240_000);
  world = await startLessonWorld();
  const w = world;
  const control = w.school.devserver.control;
  const ofStudent = () => (control.requests() as Recorded[]).filter((r) => r.user === STUDENT);
  await teacherWithClass(w);
  const token = await conversationToken(w.school.devserver.url, 'schmidt', 'Klasse 7a');

  const chat = new ChatPage(await signedIn(w, STUDENT, 'Lena Becker'));
  await chat.openClass('7a');
  // The leader joins the conversation's signaling room with a Talk room session (no call).
  await expect
    .poll(() => ofStudent().some((r) => r.method === 'POST' && r.path.includes(`/room/${token}/participants/active`)), {
      timeout: 30_000,
      message: `room session for the chat's signaling room\n${w.hpb.logs().slice(-2000)}`,
    })
    .toBe(true);
  // The long-poll that was open before the socket was live ends within its 30 s; none follows it.
  await chat.page.waitForTimeout(32_000);
  const quietFrom = Date.now();

  await chat.page.waitForTimeout(3_000);
  const postedAt = Date.now();
  await postMessage(w.school.devserver.url, 'schmidt', token, 'Ohne Long-Poll angekommen');
  await expect(chat.message('Ohne Long-Poll angekommen')).toBeVisible({ timeout: 5_000 });
  expect(Date.now() - postedAt).toBeLessThan(5_000);
  // A little longer: a long-poll would have been answered by the message at once, or ended after 30 s.
  await chat.page.waitForTimeout(10_000);

  const since = ofStudent().filter((r) => r.at >= quietFrom);
  const mix = JSON.stringify(since.map((r) => `${r.method} ${r.path.split('?')[0] ?? ''}`));
  expect(since.filter(isLongPoll), mix).toEqual([]);
  // The message came with one fetch that did not wait (timeout=0), right after the post.
  const fetches = since.filter(isChatFetch).filter((r) => r.at >= postedAt);
  expect(fetches.length, mix).toBeGreaterThanOrEqual(1);
  expect(fetches.length, mix).toBeLessThanOrEqual(2);
});
