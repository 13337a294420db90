import { expect, test } from '../fixtures/school.js';
import { signedInChat } from './chat-page.js';
import { createClassConversation, createPoll } from './talk-api.js';

// Issue 17: Talk's chat long-poll does not wake for an added reaction (recording talk-live.json, (b)); the
// dev server behaves the same. A vote posts poll_voted, which the app has to act on. Both must show on the
// teacher's screen within 5 s, while the teacher only looks.
test.describe('live updates the long-poll does not carry by itself', () => {
  // Two signed-in browser contexts through the real OAuth flow on a shared 2-core machine.
  test.describe.configure({ timeout: 150_000 });

  test('a student\'s ✅ on an announcement reaches the teacher\'s confirmation list within 5 s', async ({ browser, school }) => {
    const token = await createClassConversation(school.devserver.url, `Bestätigen ${String(Date.now())}`);
    const teacher = await signedInChat(browser, school.appUrl, 'schmidt', token);
    const student = await signedInChat(browser, school.appUrl, 's7a1', token);
    const text = 'Elternabend am Donnerstag um 19 Uhr';
    await teacher.chat.sendAnnouncement(text);

    const status = teacher.chat.article(text).getByTestId('announcement-status');
    await expect(status).toContainText('Noch nicht bestätigt:');
    await expect(status).toContainText('Lena Becker');
    const confirm = student.chat.article(text).getByRole('button', { name: 'Gelesen ✅' });
    await expect(confirm).toBeVisible();

    await confirm.click();
    // The student's own ✅ comes from Talk's answer (the stream brings it only with the next message), the teacher's by the refresh.
    await expect(student.chat.article(text).getByRole('button', { name: 'Reaktion ✅, 1 Mal' })).toBeVisible({ timeout: 5_000 });
    await expect(confirm).toHaveCount(0);
    await expect(teacher.chat.article(text).getByRole('button', { name: 'Reaktion ✅, 1 Mal' })).toBeVisible({ timeout: 5_000 });
    await expect(status).not.toContainText('Lena Becker');
    await expect(status).toContainText('Noch nicht bestätigt:');
    await teacher.context.close();
    await student.context.close();
  });

  test('a student\'s vote updates the teacher\'s poll card within 5 s', async ({ browser, school }) => {
    const token = await createClassConversation(school.devserver.url, `Umfrage ${String(Date.now())}`);
    const teacher = await signedInChat(browser, school.appUrl, 'schmidt', token);
    const student = await signedInChat(browser, school.appUrl, 's7a1', token);
    const question = 'Wie fandet ihr den Ausflug?';
    await createPoll(school.devserver.url, 'schmidt', token, question, ['gut', 'schlecht']);

    const teacherCard = teacher.chat.pollCard(question);
    await teacherCard.getByRole('radio', { name: 'gut' }).check();
    await teacherCard.getByRole('button', { name: 'Abstimmen' }).click();
    await expect(teacher.chat.pollResult(question, 'gut')).toContainText('1 von 1');

    const studentCard = student.chat.pollCard(question);
    await studentCard.getByRole('radio', { name: 'schlecht' }).check();
    await studentCard.getByRole('button', { name: 'Abstimmen' }).click();
    await expect(student.chat.pollResult(question, 'schlecht')).toContainText('1 von 2');
    await expect(teacher.chat.pollResult(question, 'schlecht')).toContainText('1 von 2', { timeout: 5_000 });
    await expect(teacher.chat.pollResult(question, 'gut')).toContainText('1 von 2');
    await teacher.context.close();
    await student.context.close();
  });
});
