import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLanguageStore } from '../../../i18n/language-store';
import { createFakeGateway, jsonResponse } from '../../../testing/fake-gateway';
import { Composer } from './composer';

const ocs = (data: unknown) => jsonResponse(200, { ocs: { meta: { status: 'ok', statuscode: 200, message: 'OK' }, data } });
// Talk's suggestions (docs/talk/chat.md "Get mention autocomplete suggestions"; the dev server's answer for "Jo").
const MENTIONS = '/ocs/v2.php/apps/spreed/api/v1/chat/k7a/mentions';

function showComposer() {
  const gateway = createFakeGateway({
    [`GET ${MENTIONS}`]: ocs([
      { id: 's7a2', label: 'Jonas Weber', source: 'users', mentionId: 's7a2' },
      { id: 'klasse-7a', label: 'Klasse 7a', source: 'groups', mentionId: 'group/klasse-7a' },
    ]),
  });
  vi.stubGlobal('fetch', vi.fn(gateway.fetch));
  const onSend = vi.fn<(text: string, shown: string) => void>();
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <Composer token="k7a" canModerate={false} maxLength={32_000} replyTo={null} onCancelReply={() => undefined} onSend={onSend} />
    </QueryClientProvider>,
  );
  const textarea = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Nachricht schreiben' });
  return { gateway, onSend, textarea };
}

function type(textarea: HTMLTextAreaElement, value: string) {
  fireEvent.change(textarea, { target: { value, selectionStart: value.length, selectionEnd: value.length } });
}

beforeEach(() => {
  useLanguageStore.getState().setLanguage('de');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('mentions in the composer', () => {
  it('"@Jo" offers Jonas by name; the pick reads "@Jonas Weber" and is sent as his id', async () => {
    const { gateway, onSend, textarea } = showComposer();
    type(textarea, 'Bitte @Jo');
    const option = await screen.findByRole('option', { name: 'Jonas Weber' });
    expect(screen.queryByText(/s7a2/)).toBeNull();
    expect(gateway.requestsTo('GET', MENTIONS).at(-1)?.url).toContain('search=Jo');
    expect(option.getAttribute('aria-selected')).toBe('true');

    fireEvent.keyDown(textarea, { key: 'Enter' });
    expect(textarea.value).toBe('Bitte @Jonas Weber ');
    expect(screen.queryByRole('option')).toBeNull();

    type(textarea, 'Bitte @Jonas Weber melden');
    fireEvent.keyDown(textarea, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('Bitte @s7a2 melden', 'Bitte @Jonas Weber melden');
    expect(textarea.value).toBe('');
  });

  it('a group picked with the mouse is sent quoted; a name typed by hand stays as typed', async () => {
    const { onSend, textarea } = showComposer();
    type(textarea, '@Kl');
    fireEvent.click(await screen.findByRole('option', { name: 'Klasse 7a' }));
    expect(textarea.value).toBe('@Klasse 7a ');
    type(textarea, '@Klasse 7a und @Lena Becker');
    fireEvent.click(screen.getByRole('button', { name: 'Senden' }));
    expect(onSend).toHaveBeenCalledWith('@"group/klasse-7a" und @Lena Becker', '@Klasse 7a und @Lena Becker');
  });

  it('after sending, an earlier pick no longer turns the same name into a mention', async () => {
    const { onSend, textarea } = showComposer();
    type(textarea, '@Jo');
    await screen.findByRole('option', { name: 'Jonas Weber' });
    fireEvent.keyDown(textarea, { key: 'Enter' });
    fireEvent.keyDown(textarea, { key: 'Enter' });
    expect(onSend).toHaveBeenLastCalledWith('@s7a2', '@Jonas Weber');
    type(textarea, '@Jonas Weber');
    fireEvent.keyDown(textarea, { key: 'Enter' });
    expect(onSend).toHaveBeenLastCalledWith('@Jonas Weber', '@Jonas Weber');
  });
});
