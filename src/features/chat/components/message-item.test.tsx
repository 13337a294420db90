import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import { useLanguageStore } from '../../../i18n/language-store';
import { chatComment } from '../../../testing/chat-message';
import { createFakeGateway, jsonResponse } from '../../../testing/fake-gateway';
import { useAnnouncers } from '../api/get-participants';
import type { ChatHub } from '../lib/chat-hub';
import type { LiveTarget } from '../lib/chat-wire';
import { setChatHub } from '../lib/use-chat-hub';
import { MessageItem } from './message-item';

// Talk attendees of the class conversation (recording "participants": type 1 owner, 3 user, 6 guest moderator).
const participants = [
  { attendeeId: 1, actorType: 'users', actorId: 'schmidt', displayName: 'Frau Schmidt', participantType: 1, inCall: 0 },
  { attendeeId: 2, actorType: 'users', actorId: 's7a1', displayName: 'Mia', participantType: 3, inCall: 0 },
  { attendeeId: 3, actorType: 'users', actorId: 's7a2', displayName: 'Ben', participantType: 3, inCall: 0 },
  { attendeeId: 4, actorType: 'guests', actorId: 'a1b2c3', displayName: 'Referentin', participantType: 6, inCall: 0 },
  { attendeeId: 5, actorType: 'guests', actorId: 'd4e5f6', displayName: 'Gast', participantType: 4, inCall: 0 },
];

let nextId = 100;
function message(actorType: string, actorId: string, actorDisplayName: string, text: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  return chatComment({ id: ++nextId, token: 'k7a', actorType, actorId, actorDisplayName, timestamp: 1795345821, message: text, ...extra });
}

function Timeline({ messages, me, canModerate, canChat = true }: { messages: ChatMessage[]; me: string; canModerate: boolean; canChat?: boolean }) {
  const announcers = useAnnouncers('k7a', messages);
  return (
    <>
      {messages.map((m) => (
        <MessageItem key={m.id} message={m} me={me} canModerate={canModerate} canChat={canChat} continued={false} lastCommonRead={null} announcers={announcers} onReply={() => undefined} />
      ))}
    </>
  );
}

function show(messages: ChatMessage[], me: string, canModerate = false, canChat = true) {
  const ocs = (data: unknown) => jsonResponse(200, { ocs: { meta: { status: 'ok', statuscode: 200, message: 'OK' }, data } });
  const gateway = createFakeGateway({
    'GET /ocs/v2.php/apps/spreed/api/v4/room/k7a/participants': ocs(participants),
    ...Object.fromEntries(messages.map((m) => [`GET /ocs/v2.php/apps/spreed/api/v1/reaction/k7a/${String(m.id)}`, ocs([])])),
  });
  vi.stubGlobal('fetch', vi.fn(gateway.fetch));
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <Timeline messages={messages} me={me} canModerate={canModerate} canChat={canChat} />
    </QueryClientProvider>,
  );
  return gateway;
}

const article = (from: string, text: string) =>
  screen.getAllByRole('article', { name: `Nachricht von ${from}` }).find((a) => a.textContent.includes(text)) ?? null;

beforeEach(() => {
  useLanguageStore.getState().setLanguage('de');
});

afterEach(() => {
  cleanup();
  setChatHub(null);
  vi.unstubAllGlobals();
});

/** A hub that only records what the tab reports as on screen for the leader's live refresh. */
function recordingHub(): LiveTarget[] {
  const shown: LiveTarget[] = [];
  setChatHub({
    showLive: (target: LiveTarget) => {
      shown.push(target);
      return () => shown.splice(shown.indexOf(target), 1);
    },
  } as unknown as ChatHub);
  return shown;
}

describe('announcements in the class chat', () => {
  it('a student\'s "📢 …" is an ordinary message for another student: no label, no confirm button, marker shown as typed', async () => {
    const teacher = message('users', 'schmidt', 'Frau Schmidt', '📢 Morgen Wandertag');
    const forged = message('users', 's7a1', 'Mia', '📢 Morgen frei');
    show([teacher, forged], 's7a2');

    // The teacher's announcement renders once the attendees are known...
    const real = await screen.findByText('Morgen Wandertag');
    const realArticle = real.closest('article');
    if (realArticle === null) throw new Error('no article');
    expect(within(realArticle).getByText('Ankündigung')).toBeTruthy();
    expect(within(realArticle).getByRole('button', { name: 'Gelesen ✅' })).toBeTruthy();
    // ...and with the same attendees the student's copy of the marker stays plain text.
    const fake = article('Mia', 'Morgen frei');
    if (fake === null) throw new Error('no forged message');
    expect(within(fake).queryByText('Ankündigung')).toBeNull();
    expect(within(fake).queryByRole('button', { name: 'Gelesen ✅' })).toBeNull();
    expect(within(fake).getByText('📢 Morgen frei')).toBeTruthy();
  });

  it('the teacher sees no read tracking on a student\'s "📢 …", but does on their own announcement', async () => {
    const teacher = message('users', 'schmidt', 'Frau Schmidt', '📢 Morgen Wandertag');
    const forged = message('users', 's7a1', 'Mia', '📢 Morgen frei');
    const gateway = show([teacher, forged], 'schmidt', true);

    expect(await screen.findByText('Noch nicht bestätigt: Mia, Ben')).toBeTruthy();
    expect(screen.getAllByTestId('announcement-status')).toHaveLength(1);
    const fake = article('Mia', 'Morgen frei');
    if (fake === null) throw new Error('no forged message');
    expect(within(fake).queryByTestId('announcement-status')).toBeNull();
    expect(gateway.requestsTo('GET', `/ocs/v2.php/apps/spreed/api/v1/reaction/k7a/${String(forged.id)}`)).toHaveLength(0);
  });

  it('a reply quoting an announcement, a student message a teacher edited, bots, federated and plain guests stay ordinary', async () => {
    const teacher = message('users', 'schmidt', 'Frau Schmidt', '📢 Morgen Wandertag');
    const { parent: _none, ...quoted } = teacher;
    const messages = [
      teacher,
      message('users', 's7a1', 'Mia', '📢 Ich auch', { parent: quoted }),
      message('users', 's7a1', 'Mia', '📢 Geändert', { lastEditTimestamp: 1795345900, lastEditActorDisplayName: 'Frau Schmidt' }),
      message('bots', 'schmidt', 'Bot', '📢 Vom Bot'),
      message('federated_users', 'schmidt@andere-schule.example', 'Schmidt (andere Schule)', '📢 Föderiert'),
      message('guests', 'd4e5f6', 'Gast', '📢 Vom Gast'),
      message('guests', 'a1b2c3', 'Referentin', '📢 Von der Gastmoderatorin'),
    ];
    show(messages, 's7a2');

    await screen.findByText('Von der Gastmoderatorin');
    expect(screen.getAllByText('Ankündigung')).toHaveLength(2);
    for (const [from, text] of [
      ['Mia', '📢 Ich auch'],
      ['Mia', '📢 Geändert'],
      ['Bot', '📢 Vom Bot'],
      ['Schmidt (andere Schule)', '📢 Föderiert'],
      ['Gast', '📢 Vom Gast'],
    ] as const) {
      const item = article(from, text);
      if (item === null) throw new Error(`no message ${text}`);
      expect(within(item).queryByText('Ankündigung')).toBeNull();
      expect(within(item).getByText(text)).toBeTruthy();
    }
  });

  it('without the attendees (participants request failed) nothing renders as an announcement', async () => {
    const gateway = createFakeGateway({ 'GET /ocs/v2.php/apps/spreed/api/v4/room/k7a/participants': jsonResponse(500, {}) });
    vi.stubGlobal('fetch', vi.fn(gateway.fetch));
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={queryClient}>
        <Timeline messages={[message('users', 'schmidt', 'Frau Schmidt', '📢 Morgen Wandertag')]} me="s7a2" canModerate={false} />
      </QueryClientProvider>,
    );
    await vi.waitFor(() => expect(gateway.requestsTo('GET', '/ocs/v2.php/apps/spreed/api/v4/room/k7a/participants')).toHaveLength(1));
    expect(await screen.findByText('📢 Morgen Wandertag')).toBeTruthy();
    expect(screen.queryByText('Ankündigung')).toBeNull();
  });
});

describe('what the teacher\'s confirmation list asks the leader to refresh', () => {
  it('an incomplete list on the teacher\'s screen: who confirmed (an added ✅ wakes no long-poll) and how far everyone read', async () => {
    const shown = recordingHub();
    const teacher = message('users', 'schmidt', 'Frau Schmidt', '📢 Morgen Wandertag');
    show([teacher], 'schmidt', true);
    expect(await screen.findByText('Noch nicht bestätigt: Mia, Ben')).toBeTruthy();
    expect(shown).toEqual([
      { kind: 'reactions', token: 'k7a', messageId: teacher.id },
      { kind: 'read', token: 'k7a' },
    ]);
  });

  it('a student looking at the same announcement asks for nothing', async () => {
    const shown = recordingHub();
    show([message('users', 'schmidt', 'Frau Schmidt', '📢 Morgen Wandertag')], 's7a2');
    expect(await screen.findByRole('button', { name: 'Gelesen ✅' })).toBeTruthy();
    expect(shown).toEqual([]);
  });
});

describe('a message\'s actions', () => {
  /** The element the "Aktionen" button opens (its aria-controls). */
  const panelOf = (toggle: HTMLElement) => {
    const panel = document.getElementById(toggle.getAttribute('aria-controls') ?? '');
    if (panel === null) throw new Error('no actions panel');
    return panel;
  };

  it('sit behind an "Aktionen" button that says whether they are open; Escape closes them and returns the focus', async () => {
    show([message('users', 's7a1', 'Mia', 'Wann ist die Arbeit?')], 'schmidt', true);
    const item = article('Mia', 'Wann ist die Arbeit?');
    if (item === null) throw new Error('no message');
    const toggle = within(item).getByRole('button', { name: 'Aktionen' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    const panel = panelOf(toggle);
    expect(within(panel).getByRole('button', { name: 'Antworten' })).toBeTruthy();
    expect(within(panel).getByRole('button', { name: 'Löschen' })).toBeTruthy();
    expect(within(panel).getByRole('button', { name: 'Mit 👍 reagieren' })).toBeTruthy();
    expect(within(panel).queryByRole('button', { name: 'Bearbeiten' })).toBeNull();

    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const reply = within(panel).getByRole('button', { name: 'Antworten' });
    reply.focus();
    fireEvent.keyDown(reply, { key: 'Escape' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(toggle);

    fireEvent.click(toggle);
    fireEvent.pointerDown(document.body);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await screen.findByText('Wann ist die Arbeit?');
  });

  it('the reactions given and an announcement\'s confirm button stay outside them, always in view', async () => {
    const teacher = message('users', 'schmidt', 'Frau Schmidt', '📢 Morgen Wandertag', { reactions: { '👍': 2 } });
    show([teacher], 's7a2');
    const confirm = await screen.findByRole('button', { name: 'Gelesen ✅' });
    const toggle = screen.getByRole('button', { name: 'Aktionen' });
    expect(panelOf(toggle).contains(confirm)).toBe(false);
    expect(panelOf(toggle).contains(screen.getByRole('button', { name: 'Reaktion 👍, 2 Mal' }))).toBe(false);
    expect(within(panelOf(toggle)).queryByRole('button', { name: 'Mit 👍 reagieren' })).toBeNull();
  });

  it('someone who may only read gets no actions button on another\'s message, but sees its reactions', async () => {
    show([message('users', 's7a1', 'Mia', 'Schon gelesen?', { reactions: { '❤️': 1 } })], 's7a2', false, false);
    expect(await screen.findByText('Schon gelesen?')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Aktionen' })).toBeNull();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Reaktion ❤️, 1 Mal' }).disabled).toBe(true);
  });
});

describe('editing a message that mentions someone', () => {
  it('the draft reads "@Jonas Weber" and Talk receives his id mention again', async () => {
    const own = message('users', 'schmidt', 'Frau Schmidt', 'Hallo {mention-user1}, bitte melden', {
      messageParameters: { 'mention-user1': { type: 'user', id: 's7a2', name: 'Jonas Weber', 'mention-id': 's7a2' } },
    });
    const gateway = show([own], 'schmidt', true);
    const sent: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => {
        if (init.method === 'PUT' && typeof init.body === 'string') sent.push(JSON.parse(init.body));
        return gateway.fetch(input, init);
      }),
    );
    expect((await screen.findByText('Jonas Weber')).parentElement?.textContent).toBe('@Jonas Weber');
    fireEvent.click(screen.getByRole('button', { name: 'Bearbeiten' }));
    const draft = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Nachricht bearbeiten' });
    expect(draft.value).toBe('Hallo @Jonas Weber, bitte melden');
    // The actions give way to the form (they would cover it), and the focus goes into the draft.
    expect(document.activeElement).toBe(draft);
    expect(screen.queryByRole('button', { name: 'Aktionen' })).toBeNull();
    fireEvent.change(draft, { target: { value: 'Hallo @Jonas Weber, bitte heute melden' } });
    fireEvent.click(screen.getByRole('button', { name: 'Speichern' }));
    await vi.waitFor(() => expect(sent).toEqual([{ message: 'Hallo @s7a2, bitte heute melden' }]));
  });
});
