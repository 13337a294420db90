import { expectNoAxeViolations } from '../fixtures/accessibility.js';
import { expect, test } from '../fixtures/school.js';
import { NotificationBell } from '../teams/class-pages.js';
import { signedInChat } from './chat-page.js';
import { createClassConversation, newestComment, postMessage } from './talk-api.js';

// Issue 18: names instead of ids in the mention box, one line for the system messages that open a class chat,
// a message's actions only on hover, focus or the "Aktionen" button.
test.describe('reading and writing messages in a class chat', () => {
  // Two signed-in browser contexts through the real OAuth flow on a shared 2-core machine.
  test.describe.configure({ timeout: 150_000 });

  test('the teacher mentions Jonas by name; Talk gets his id, and Jonas sees his name and a notification', async ({ browser, school }) => {
    const token = await createClassConversation(school.devserver.url, `Erwähnen ${String(Date.now())}`);
    const teacher = await signedInChat(browser, school.appUrl, 'schmidt', token);
    const { chat } = teacher;

    await chat.composer().fill('Bitte @Jo');
    const suggestions = chat.page.getByRole('listbox', { name: 'Personen zum Erwähnen' });
    await expect(suggestions.getByRole('option', { name: 'Jonas Weber' })).toBeVisible();
    await expect(suggestions).not.toContainText('s7a2');
    await chat.composer().press('Enter');
    await expect(chat.composer()).toHaveValue('Bitte @Jonas Weber ');

    await chat.composer().pressSequentially('denk an dein Heft');
    const posted = chat.page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/v1/chat/${token}`));
    await chat.composer().press('Enter');
    const response = await posted;
    expect(response.request().postDataJSON()).toMatchObject({ message: 'Bitte @s7a2 denk an dein Heft' });
    expect(response.status()).toBe(201);
    // Talk read it as a mention of Jonas...
    const stored = await newestComment(school.devserver.url, 'schmidt', token);
    expect(stored.message).toBe('Bitte {mention-user1} denk an dein Heft');
    expect(stored.messageParameters['mention-user1']).toMatchObject({ type: 'user', id: 's7a2', name: 'Jonas Weber' });
    // ...and both screens show his name.
    await expect(chat.message('Bitte @Jonas Weber denk an dein Heft')).toBeVisible();

    const jonas = await signedInChat(browser, school.appUrl, 's7a2', token);
    await expect(jonas.chat.article('denk an dein Heft').getByText('@Jonas Weber', { exact: true })).toBeVisible();
    await expect(jonas.chat.log()).not.toContainText('s7a2');
    await expect(new NotificationBell(jonas.chat.page).trigger(1)).toBeVisible({ timeout: 30_000 });
    await teacher.context.close();
    await jonas.context.close();
  });

  test('a new class chat opens with one line for the people added, which expands on click; the screen is accessible', async ({ browser, school }) => {
    const token = await createClassConversation(school.devserver.url, `Systemzeilen ${String(Date.now())}`);
    await postMessage(school.devserver.url, 'schmidt', token, 'Willkommen in der 7a!');
    const student = await signedInChat(browser, school.appUrl, 's7a1', token);
    const { chat } = student;

    const folded = chat.log().getByRole('button', { name: /^\d+ Änderungen: .* … anzeigen$/ });
    await expect(folded).toHaveCount(1);
    await expect(folded).toHaveAttribute('aria-expanded', 'false');
    await expect(chat.log().getByText(/hat Lena Becker hinzugefügt/)).toHaveCount(0);
    await expect(chat.message('Willkommen in der 7a!')).toBeVisible();

    await folded.click();
    const unfold = chat.log().getByRole('button', { name: /^\d+ Änderungen ausblenden$/ });
    await expect(unfold).toHaveAttribute('aria-expanded', 'true');
    await expect(chat.log().getByText(/Frau Schmidt hat Lena Becker hinzugefügt/)).toBeVisible();
    await expect(chat.log().getByText(/Frau Schmidt hat Jonas Weber hinzugefügt/)).toBeVisible();
    await expectNoAxeViolations(chat.page);

    await unfold.click();
    await expect(chat.log().getByText(/hat Lena Becker hinzugefügt/)).toHaveCount(0);
    await student.context.close();
  });

  test('a message\'s actions show on hover and on keyboard focus, not before; the screen is accessible', async ({ browser, school }) => {
    const token = await createClassConversation(school.devserver.url, `Aktionen ${String(Date.now())}`);
    await postMessage(school.devserver.url, 's7a1', token, 'Kann ich die Aufgabe morgen abgeben?');
    const teacher = await signedInChat(browser, school.appUrl, 'schmidt', token);
    const { chat, context } = teacher;
    const text = 'Kann ich die Aufgabe morgen abgeben?';
    const article = chat.article(text);
    const reply = article.getByRole('button', { name: 'Antworten', exact: true });

    await chat.page.mouse.move(0, 0);
    await expect(chat.message(text)).toBeVisible();
    await expect(reply).toBeHidden();
    await expect(article.getByRole('button', { name: 'Mit 👍 reagieren' })).toBeHidden();
    await expect(article.getByRole('button', { name: 'Löschen', exact: true })).toBeHidden();
    await expectNoAxeViolations(chat.page);

    await article.hover();
    await expect(reply).toBeVisible();
    await expect(article.getByRole('button', { name: 'Löschen', exact: true })).toBeVisible();
    await chat.page.mouse.move(0, 0);
    await expect(reply).toBeHidden();

    // Keyboard: the "Aktionen" button is in the tab order; with the focus in the message its actions show.
    await chat.actionsButton(text).focus();
    await expect(chat.actionsButton(text)).toHaveCSS('opacity', '1');
    await expect(reply).toBeVisible();
    await chat.page.keyboard.press('Tab');
    await expect(reply).toBeFocused();
    await chat.page.keyboard.press('Enter');
    await expect(chat.page.getByText(/Antwort an Lena Becker/)).toBeVisible();
    await expectNoAxeViolations(chat.page);

    // Focus elsewhere and the pointer away: hidden again.
    await chat.composer().focus();
    await expect(reply).toBeHidden();
    await context.close();
  });

  test('on a touch screen the "Aktionen" button shows and opens a message\'s actions, a tap elsewhere closes them', async ({ browser, school }) => {
    const token = await createClassConversation(school.devserver.url, `Tippen ${String(Date.now())}`);
    await postMessage(school.devserver.url, 'schmidt', token, 'Morgen bitte den Zirkel mitbringen.');
    const tablet = { viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true };
    const student = await signedInChat(browser, school.appUrl, 's7a1', token, tablet);
    const { chat } = student;
    const text = 'Morgen bitte den Zirkel mitbringen.';
    const thumbsUp = chat.article(text).getByRole('button', { name: 'Mit 👍 reagieren' });

    await expect(chat.message(text)).toBeVisible();
    await expect(chat.actionsButton(text)).toHaveCSS('opacity', '1');
    await expect(chat.actionsButton(text)).toHaveAttribute('aria-expanded', 'false');
    await expect(thumbsUp).toBeHidden();

    await chat.actionsButton(text).tap();
    await expect(chat.actionsButton(text)).toHaveAttribute('aria-expanded', 'true');
    await expect(thumbsUp).toBeVisible();
    await expectNoAxeViolations(chat.page);

    await chat.page.getByRole('heading', { level: 1 }).tap();
    await expect(chat.actionsButton(text)).toHaveAttribute('aria-expanded', 'false');
    await expect(thumbsUp).toBeHidden();

    await chat.actionsButton(text).tap();
    await thumbsUp.tap();
    await expect(chat.article(text).getByRole('button', { name: 'Reaktion 👍, 1 Mal' })).toBeVisible({ timeout: 5_000 });
    await student.context.close();
  });
});
