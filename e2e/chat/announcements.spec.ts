import { expect, test } from '../fixtures/school.js';
import { signedInChat } from './chat-page.js';
import { commentsOf, createClassConversation, editMessage } from './talk-api.js';

// docs/adr/0005-announcements.md: only a moderator of the conversation announces. Anybody can type the
// marker "📢 "; from anybody else it must look like any other message (no label, no read tracking).
test.describe('announcements', () => {
  // Three signed-in browser contexts through the real OAuth flow on a shared 2-core machine.
  test.describe.configure({ timeout: 180_000 });

  test('a student\'s "📢 …", a reply quoting an announcement and a student message the teacher edited stay ordinary messages', async ({ browser, school }) => {
    const token = await createClassConversation(school.devserver.url, `Ankündigungen ${String(Date.now())}`);
    const teacher = await signedInChat(browser, school.appUrl, 'schmidt', token);
    const author = await signedInChat(browser, school.appUrl, 's7a1', token);
    const classmate = await signedInChat(browser, school.appUrl, 's7a2', token);

    await author.chat.send('📢 Morgen frei');
    await author.chat.send('Ich habe eine Frage');
    await teacher.chat.sendAnnouncement('Morgen Wandertag, bitte festes Schuhwerk');

    // The teacher's announcement renders as one: label for all, confirm button for students, status for the teacher.
    const real = 'Morgen Wandertag, bitte festes Schuhwerk';
    await expect(classmate.chat.article(real).getByText('Ankündigung', { exact: true })).toBeVisible();
    await expect(classmate.chat.article(real).getByRole('button', { name: 'Gelesen ✅' })).toBeVisible();
    await expect(teacher.chat.article(real).getByTestId('announcement-status')).toBeVisible();

    // The student's marker is plain text: same conversation, attendees already known from the real one.
    for (const chat of [classmate.chat, teacher.chat, author.chat]) {
      await expect(chat.message('📢 Morgen frei')).toBeVisible();
      await expect(chat.article('📢 Morgen frei').getByText('Ankündigung', { exact: true })).toHaveCount(0);
      await expect(chat.article('📢 Morgen frei').getByTestId('announcement-status')).toHaveCount(0);
    }
    await expect(classmate.chat.article('📢 Morgen frei').getByRole('button', { name: 'Gelesen ✅' })).toHaveCount(0);

    // A reply quoting the announcement is the student's own message, marker or not.
    await (await author.chat.action(real, 'Antworten')).click();
    await author.chat.send('📢 Ich komme auch');
    const reply = classmate.chat.article('📢 Ich komme auch');
    await expect(reply.locator('blockquote')).toContainText(real);
    await expect(reply.getByText('Ankündigung', { exact: true })).toHaveCount(0);
    await expect(reply.getByRole('button', { name: 'Gelesen ✅' })).toHaveCount(0);

    // The teacher edits the student's message (another Talk client): its author is still the student.
    await editMessage(school.devserver.url, 'schmidt', token, 'Ich habe eine Frage', '📢 Schulfrei für alle');
    for (const chat of [classmate.chat, teacher.chat]) {
      await expect(chat.message('📢 Schulfrei für alle')).toBeVisible();
      await expect(chat.article('📢 Schulfrei für alle').getByText('Ankündigung', { exact: true })).toHaveCount(0);
    }
    await expect(classmate.chat.article('📢 Schulfrei für alle').getByRole('button', { name: 'Gelesen ✅' })).toHaveCount(0);

    // The teacher's view lists one announcement with read tracking, and the server holds what was typed.
    await expect(teacher.chat.log().getByTestId('announcement-status')).toHaveCount(1);
    expect(await commentsOf(school.devserver.url, 'schmidt', token)).toEqual([
      '📢 Morgen frei',
      '📢 Schulfrei für alle',
      `📢 ${real}`,
      '📢 Ich komme auch',
    ]);
    await teacher.context.close();
    await author.context.close();
    await classmate.context.close();
  });
});
