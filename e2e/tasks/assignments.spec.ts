import { expectNoAxeViolations } from '../fixtures/accessibility.js';
import { DEMO_PASSWORD, expect, test, type School } from '../fixtures/school.js';
import { HomePage } from '../teams/class-pages.js';
import { AssignmentsTab, StudentAssignments } from './tasks-pages.js';
import { signIn, newUserPage } from '../auth/sign-in.js';

// These steps build on an untouched demo school: this file gets its own.
test.use({ schoolKey: 'assignments' });

const TITLE = 'Brüche üben';
const DECK = '/index.php/apps/deck/api/v1.0';

/** A request straight to the dev server as `user` (Basic auth), as another client of Nextcloud would send it. */
async function nc(school: School, user: string, method: string, path: string, json?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${school.devserver.url}${path}`, {
    method,
    headers: {
      Authorization: `Basic ${Buffer.from(`${user}:${DEMO_PASSWORD}`).toString('base64')}`,
      'OCS-APIRequest': 'true',
      Accept: 'application/json',
      ...(json === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: json === undefined ? null : JSON.stringify(json),
  });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  return { status: response.status, body: text === '' ? null : isJson ? (JSON.parse(text) as unknown) : text };
}

interface Card {
  id: number;
  title: string;
  stackId: number;
  type: string;
  order: number;
  description: string;
  duedate: string | null;
  owner: { uid: string };
  labels: { title: string }[];
  assignedUsers: { participant: { uid: string } }[];
}

async function classBoard(school: School, user: string): Promise<{ id: number } | undefined> {
  const boards = await nc(school, user, 'GET', `${DECK}/boards?details=true`);
  return (boards.body as { id: number; title: string; deletedAt: number }[]).find((b) => b.title === 'Klasse 7a' && b.deletedAt === 0);
}

async function assignmentCard(school: School): Promise<{ boardId: number; card: Card }> {
  const board = await classBoard(school, 'schmidt');
  if (board === undefined) throw new Error('no class board');
  const stacks = await nc(school, 'schmidt', 'GET', `${DECK}/boards/${board.id}/stacks`);
  const card = (stacks.body as { cards?: Card[] }[]).flatMap((s) => s.cards ?? []).find((c) => c.title === TITLE);
  if (card === undefined) throw new Error('no assignment card');
  return { boardId: board.id, card };
}

async function receivedShareNames(school: School, user: string): Promise<string[]> {
  const shares = await nc(school, user, 'GET', '/ocs/v2.php/apps/files_sharing/api/v1/shares?shared_with_me=true&format=json');
  return (shares.body as { ocs: { data: { path: string }[] } }).ocs.data.map((s) => s.path);
}

async function notificationsOf(school: School, user: string): Promise<{ app: string; object_type: string; message: string }[]> {
  const list = await nc(school, user, 'GET', '/ocs/v2.php/apps/notifications/api/v2/notifications?format=json');
  return (list.body as { ocs: { data: { app: string; object_type: string; message: string }[] } }).ocs.data;
}

/** The messages of the class chat as `user` reads them (another Talk client). */
async function classChat(school: School, user: string): Promise<string[]> {
  const rooms = await nc(school, user, 'GET', '/ocs/v2.php/apps/spreed/api/v4/room?format=json');
  const room = (rooms.body as { ocs: { data: { token: string; type: number; displayName: string }[] } }).ocs.data.find((r) => r.type === 2 && r.displayName.includes('7a'));
  if (room === undefined) throw new Error('no class chat');
  const chat = await nc(school, user, 'GET', `/ocs/v2.php/apps/spreed/api/v1/chat/${room.token}?lookIntoFuture=0&limit=200&format=json`);
  return (chat.body as { ocs: { data: { message: string }[] } }).ocs.data.map((m) => m.message);
}

function localInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// One dev server for the whole cycle: hand out, hand in (on time, late, not at all), overview, remind, return.
test.describe.configure({ mode: 'serial', timeout: 150_000 });

test.describe('assignments', () => {
  test('a teacher hands out an assignment: card with label and due date, a private place and a notification per student', async ({ page, school }) => {
    await signIn(page, 'schmidt', 'Frau Schmidt');
    const home = new HomePage(page);
    await home.waitForClasses();
    await home.setUpButton('Klasse 7a').click();
    await expect(home.provisionStatus()).toContainText('Fertig.');

    // A worksheet already in the class folder becomes the assignment's material.
    const sheet = await fetch(`${school.devserver.url}${encodeURI('/remote.php/dav/files/schmidt/Klassen/Klasse 7a/Arbeitsblatt.txt')}`, {
      method: 'PUT',
      headers: { Authorization: `Basic ${Buffer.from(`schmidt:${DEMO_PASSWORD}`).toString('base64')}` },
      body: 'Aufgabe 1: 1/2 + 1/4',
    });
    expect(sheet.status).toBe(201);

    const tab = new AssignmentsTab(page);
    await tab.open('7a');
    await tab.create({
      title: TITLE,
      instructions: 'Seite 12, Nr. 3 bis 5.\n<b>Kein HTML</b>',
      due: localInput(Date.now() + 86_400_000),
      toleranceMinutes: 1440,
      classFiles: ['Arbeitsblatt.txt'],
    });
    await tab.openAssignment(TITLE);
    await expect(page.getByText('<b>Kein HTML</b>')).toBeVisible();
    await expect(tab.row('Lena Becker')).toContainText('Nicht begonnen');
    await expectNoAxeViolations(page);

    const { card } = await assignmentCard(school);
    expect(card.labels.map((l) => l.title)).toEqual(['Aufgabe']);
    expect(card.duedate).not.toBeNull();
    expect(card.assignedUsers.map((a) => a.participant.uid).sort()).toEqual(['s7a1', 's7a2', 's7a3', 's7a4', 's7a5', 's7a6']);
    expect((await notificationsOf(school, 's7a3')).filter((n) => n.app === 'deck')).toHaveLength(1);
    expect(await receivedShareNames(school, 's7a1')).toContain(`/${TITLE} – Lena Becker`);
    expect((await receivedShareNames(school, 's7a1')).filter((p) => p.includes(TITLE))).toHaveLength(1);
    // The material is in the class folder, readable by the class.
    expect((await nc(school, 's7a3', 'GET', encodeURI(`/remote.php/dav/files/s7a3/Klasse 7a/Aufgaben/${TITLE}/Arbeitsblatt.txt`))).status).toBe(200);
  });

  test('one student hands in on time, another late after the due date passed (within the grace period)', async ({ browser, school }) => {
    const lena = await newUserPage(browser, school);
    await signIn(lena, 's7a1', 'Lena Becker');
    const mine = new StudentAssignments(lena);
    await mine.openMine();
    await mine.assignmentLink(TITLE).click();
    await mine.answer('3/4 + 1/8 = 7/8');
    await mine.handIn();
    await expect(mine.submission()).toContainText('Abgegeben am');
    await expectNoAxeViolations(lena);
    await lena.context().close();

    // The teacher moves the due date into the past in Deck (as in Deck's own UI); the grace period keeps it open.
    const { boardId, card } = await assignmentCard(school);
    const moved = await nc(school, 'schmidt', 'PUT', `${DECK}/boards/${boardId}/stacks/${card.stackId}/cards/${card.id}`, {
      title: card.title,
      type: card.type,
      owner: card.owner.uid,
      order: card.order,
      description: card.description,
      // Now: after Lena's hand-in, before Jonas's.
      duedate: new Date().toISOString(),
    });
    expect(moved.status).toBe(200);

    const jonas = await newUserPage(browser, school);
    await signIn(jonas, 's7a2', 'Jonas Weber');
    const his = new StudentAssignments(jonas);
    await his.openMine();
    await his.assignmentLink(TITLE).click();
    await his.upload('Loesung.txt', 'Meine Rechnung');
    await his.handIn();
    await expect(his.submission()).toContainText('Verspätet abgegeben');
    await jonas.context().close();
  });

  test('the overview shows exactly that; the reminder reaches only the missing students, privately', async ({ page, school }) => {
    await signIn(page, 'schmidt', 'Frau Schmidt');
    const tab = new AssignmentsTab(page);
    await tab.open('7a');
    await tab.openAssignment(TITLE);
    await expect(tab.row('Lena Becker')).toContainText('Abgegeben');
    await expect(tab.row('Lena Becker')).toContainText('Antwort.md');
    await expect(tab.row('Jonas Weber')).toContainText('Verspätet abgegeben');
    await expect(tab.row('Jonas Weber')).toContainText('Loesung.txt');
    await expect(tab.row('Emma Wagner')).toContainText('Nicht begonnen');
    await expect(tab.counts()).toContainText('Nicht begonnen: 4');
    await expect(tab.counts()).toContainText('Verspätet abgegeben: 1');
    await expect(tab.counts()).toContainText('Zurückgegeben: 0');

    // Sorting by status puts the not-started first, the late ones last.
    await tab.grid().getByRole('button', { name: 'Status' }).click();
    await expect(tab.grid().getByRole('rowheader').last()).toHaveText('Jonas Weber');
    await expectNoAxeViolations(page);

    school.devserver.control.resetRequests();
    await tab.remindPrivately(4);
    // Per missing student: her one-to-one conversation (opened or found) and one message in it. Nothing else.
    const writes = school.devserver.control
      .requests()
      .filter((r) => !['GET', 'PROPFIND', 'HEAD', 'OPTIONS'].includes(r.method))
      .filter((r) => ['/ocs/v2.php/apps/spreed/', '/remote.php/dav/', '/ocs/v2.php/apps/files_sharing/', '/index.php/apps/deck/'].some((p) => r.path.startsWith(p)));
    expect(writes.map((r) => `${r.method} ${r.path.split('?')[0] ?? ''}`.replace(/chat\/\w+$/, 'chat/{token}'))).toEqual(
      Array.from({ length: 4 }, () => ['POST /ocs/v2.php/apps/spreed/api/v4/room', 'POST /ocs/v2.php/apps/spreed/api/v1/chat/{token}']).flat(),
    );
    const reminders = async (user: string) => (await notificationsOf(school, user)).filter((n) => n.app === 'spreed' && n.message.includes(TITLE));
    for (const user of ['s7a3', 's7a4', 's7a5', 's7a6']) expect(await reminders(user)).toHaveLength(1);
    expect(await reminders('s7a1')).toHaveLength(0);
    expect(await reminders('s7a2')).toHaveLength(0);
    // The class chat shows nothing of it.
    expect((await classChat(school, 's7a1')).filter((m) => m.includes(TITLE))).toEqual([]);
  });

  test('feedback goes back to one student only', async ({ page, browser, school }) => {
    await signIn(page, 'schmidt', 'Frau Schmidt');
    const tab = new AssignmentsTab(page);
    await tab.open('7a');
    await tab.openAssignment(TITLE);
    await tab.giveFeedback('Lena Becker', 'Sehr sauber gerechnet.', '1');
    await expect(tab.row('Lena Becker')).toContainText('Zurückgegeben');

    const feedbackMount = `/${TITLE} – Rückmeldung für Lena Becker`;
    expect(await receivedShareNames(school, 's7a1')).toContain(feedbackMount);
    // Jonas sees neither the share nor the file, not even by path in the teacher's files.
    expect((await receivedShareNames(school, 's7a2')).filter((p) => p.includes('Rückmeldung'))).toEqual([]);
    const path = encodeURI(`/remote.php/dav/files/s7a2${feedbackMount}/Rückmeldung.md`);
    expect((await nc(school, 's7a2', 'GET', path)).status).toBe(404);
    const teacherPath = encodeURI(`/remote.php/dav/files/schmidt/Klassen/Abgaben Klasse 7a/${TITLE}/Rückmeldungen`);
    expect((await nc(school, 's7a2', 'GET', teacherPath)).status).toBeGreaterThanOrEqual(400);

    const lena = await newUserPage(browser, school);
    await signIn(lena, 's7a1', 'Lena Becker');
    const mine = new StudentAssignments(lena);
    await mine.openMine();
    await expect(lena.getByRole('listitem').filter({ hasText: TITLE })).toContainText('Zurückgegeben');
    await mine.assignmentLink(TITLE).click();
    await expect(mine.submission()).toContainText('Bewertung: 1');
    await expect(mine.submission()).toContainText('Sehr sauber gerechnet.');
    await lena.context().close();
  });

  test('a student of another class sees nothing of it', async ({ page, school }) => {
    await signIn(page, 's7b1', 'Hannah Koch');
    await new StudentAssignments(page).openMine();
    await expect(page.getByText('Du hast keine Aufgaben.')).toBeVisible();

    expect(await classBoard(school, 's7b1')).toBeUndefined();
    const { boardId } = await assignmentCard(school);
    expect((await nc(school, 's7b1', 'GET', `${DECK}/boards/${boardId}/stacks`)).status).toBe(403);
    expect((await receivedShareNames(school, 's7b1')).filter((p) => p.includes(TITLE))).toEqual([]);
    expect((await notificationsOf(school, 's7b1')).filter((n) => n.message.includes(TITLE))).toEqual([]);
  });
});
