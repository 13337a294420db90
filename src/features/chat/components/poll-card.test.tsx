import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLanguageStore } from '../../../i18n/language-store';
import { createFakeGateway, jsonResponse } from '../../../testing/fake-gateway';
import type { ChatHub } from '../lib/chat-hub';
import type { LiveTarget } from '../lib/chat-wire';
import { setChatHub } from '../lib/use-chat-hub';
import { PollCard } from './poll-card';

// Talk's poll as its author (a moderator) sees it before voting (PollController::renderPoll): no votes, the number of voters.
const poll = (resultMode: number) => ({
  id: 2,
  question: 'Wie geht es euch?',
  options: ['gut', 'schlecht'],
  actorType: 'users',
  actorId: 'schmidt',
  actorDisplayName: 'Frau Schmidt',
  status: 0,
  resultMode,
  maxVotes: 1,
  votes: [],
  numVoters: 3,
  votedSelf: [],
});

function show(resultMode: number, canClose: boolean) {
  const ocs = (data: unknown) => jsonResponse(200, { ocs: { meta: { status: 'ok', statuscode: 200, message: 'OK' }, data } });
  const gateway = createFakeGateway({ 'GET /ocs/v2.php/apps/spreed/api/v1/poll/k7a/2': ocs(poll(resultMode)) });
  vi.stubGlobal('fetch', vi.fn(gateway.fetch));
  const shown: LiveTarget[] = [];
  setChatHub({
    showLive: (target: LiveTarget) => {
      shown.push(target);
      return () => shown.splice(shown.indexOf(target), 1);
    },
  } as unknown as ChatHub);
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <PollCard token="k7a" pollId={2} canClose={canClose} />
    </QueryClientProvider>,
  );
  return shown;
}

beforeEach(() => {
  useLanguageStore.getState().setLanguage('de');
});

afterEach(() => {
  cleanup();
  setChatHub(null);
  vi.unstubAllGlobals();
});

describe('PollCard and the leader\'s live refresh', () => {
  it('hidden results: its author sees how many voted, and the card asks to be refreshed while on screen', async () => {
    const shown = show(1, true);
    expect(await screen.findByText('Abgestimmt haben bisher: 3')).toBeTruthy();
    expect(shown).toEqual([{ kind: 'poll', token: 'k7a', pollId: 2 }]);
  });

  it('public results: every vote posts poll_voted on the stream, so nothing is refreshed on a timer', async () => {
    const shown = show(0, true);
    expect(await screen.findByText('Abgestimmt haben bisher: 3')).toBeTruthy();
    expect(shown).toEqual([]);
  });

  it('a student (not the author, no moderator) of a hidden poll learns nothing new before it closes: no refresh', async () => {
    const shown = show(1, false);
    expect(await screen.findByRole('button', { name: 'Abstimmen' })).toBeTruthy();
    expect(screen.queryByText(/Abgestimmt haben bisher/)).toBeNull();
    expect(shown).toEqual([]);
  });
});
