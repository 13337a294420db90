import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import { switchLanguage } from '../../../i18n/i18n';
import { useLanguageStore } from '../../../i18n/language-store';
import { chatComment } from '../../../testing/chat-message';
import { SystemRun } from './system-run';

// Talk's system messages for a new conversation (recording talk.json: actor and user as rich parameters).
const teacher = { type: 'user', id: 'schmidt', name: 'Frau Schmidt' };
function added(id: number, userId: string, name: string): ChatMessage {
  return chatComment({ id, messageType: 'system', systemMessage: 'user_added', message: '{actor} added {user}', isReplyable: false, messageParameters: { actor: teacher, user: { type: 'user', id: userId, name } } });
}
const opening = [
  chatComment({ id: 1, messageType: 'system', systemMessage: 'conversation_created', message: '{actor} created the conversation', isReplyable: false, messageParameters: { actor: teacher } }),
  added(2, 's7a1', 'Lena Becker'),
  added(3, 's7a2', 'Jonas Weber'),
];

afterEach(() => {
  cleanup();
  useLanguageStore.getState().setLanguage('de');
});

describe('a run of system messages', () => {
  it('is one line until opened, then every message, and folds again', () => {
    useLanguageStore.getState().setLanguage('de');
    render(<SystemRun messages={opening} newDay={false} />);
    const toggle = screen.getByRole('button', { name: '3 Änderungen: Frau Schmidt hat den Chat erstellt … anzeigen' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByText(/hat Jonas Weber hinzugefügt/)).toBeNull();

    fireEvent.click(toggle);
    expect(screen.getByRole('button', { name: '3 Änderungen ausblenden' }).getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByText(/Frau Schmidt hat Lena Becker hinzugefügt/)).toBeTruthy();
    expect(screen.getByText(/Frau Schmidt hat Jonas Weber hinzugefügt/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: '3 Änderungen ausblenden' }));
    expect(screen.queryByText(/hat Jonas Weber hinzugefügt/)).toBeNull();
  });

  it('reads in English too', async () => {
    useLanguageStore.getState().setLanguage('en');
    await switchLanguage('en');
    render(<SystemRun messages={opening} newDay />);
    expect(screen.getByRole('separator')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /^3 changes: .* … show$/ }));
    expect(screen.getByRole('button', { name: 'Hide 3 changes' })).toBeTruthy();
  });
});
