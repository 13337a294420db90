import { isAbortError } from '../../../api/api-error';
import { getConversation } from '../../../api/talk/chat-conversations';
import { getPoll } from '../../../api/talk/polls';
import { listReactions } from '../../../api/talk/reactions';
import { backoffDelayMs } from '../../../lib/backoff';
import type { LiveTarget, Wire } from './chat-wire';
import { pauseUntil } from './wake-up';

/**
 * The leader's refresh of what visible tabs show and Talk's long-poll does not announce (issue 17, seen on
 * Nextcloud 32 / Talk 22): an added reaction and another user's read marker wake no long-poll and change
 * neither lastActivity nor the room list; a vote in a poll with hidden results posts no message. So while a
 * visible tab shows such a target (an announcement's confirmation list, a poll card), the leader fetches it
 * every LIVE_REFRESH_MS and hands it to every tab. Nothing on screen, or every tab hidden: no request at all.
 * Talk's reaction, poll and room endpoints know no ETag or If-Modified-Since: plain GETs.
 */

/** A change must show within 5 s: one refresh every 3 s plus the request itself. */
export const LIVE_REFRESH_MS = 3_000;

export interface LiveHost {
  readonly tabs: { liveTargets(): LiveTarget[] };
  /** The function that wakes the idle loop (set while it waits for a first target). */
  wakers: { live: (() => void) | null };
  /** Sends to every other tab and handles it in this one. */
  broadcast(message: Wire): void;
}

/** How a target is fetched: Talk's endpoints through src/api (replaced in tests). */
export interface LiveFetchers {
  reactions: typeof listReactions;
  poll: typeof getPoll;
  conversation: typeof getConversation;
}

const talk: LiveFetchers = { reactions: listReactions, poll: getPoll, conversation: getConversation };

async function fetchTarget(target: LiveTarget, fetchers: LiveFetchers, signal: AbortSignal): Promise<Wire> {
  switch (target.kind) {
    case 'reactions': {
      const reactions = await fetchers.reactions({ token: target.token, messageId: target.messageId }, { signal });
      return { t: 'reactions', token: target.token, messageId: target.messageId, reactions };
    }
    case 'poll':
      return { t: 'poll', token: target.token, poll: await fetchers.poll({ token: target.token, pollId: target.pollId }, { signal }) };
    case 'read': {
      const room = await fetchers.conversation({ token: target.token }, { signal });
      return { t: 'messages', token: target.token, messages: [], lastCommonRead: room.lastCommonReadMessage };
    }
  }
}

/** One round over every target; the error to back off for, or null. */
async function refreshAll(host: LiveHost, targets: LiveTarget[], fetchers: LiveFetchers, signal: AbortSignal): Promise<unknown> {
  let failure: unknown = null;
  for (const target of targets) {
    try {
      host.broadcast(await fetchTarget(target, fetchers, signal));
    } catch (error) {
      if (signal.aborted || isAbortError(error)) return null;
      failure = error;
    }
  }
  return failure;
}

export async function runLiveRefresh(host: LiveHost, signal: AbortSignal, fetchers: LiveFetchers = talk): Promise<void> {
  let attempt = 0;
  while (!signal.aborted) {
    const targets = host.tabs.liveTargets();
    if (targets.length === 0) {
      // Nothing on a visible screen: sleep until a tab announces a target (or shows itself again).
      await pauseUntil(signal, null, undefined, (wake) => {
        host.wakers.live = () => {
          host.wakers.live = null;
          wake(undefined);
        };
      });
      // The tab that shows it has just loaded it: the first refresh is due one interval later.
      await pauseUntil(signal, LIVE_REFRESH_MS, undefined);
      continue;
    }
    const failure = await refreshAll(host, targets, fetchers, signal);
    attempt = failure === null ? 0 : attempt + 1;
    // A busy or failing server: back off as every loop does, never faster than the refresh itself.
    await pauseUntil(signal, failure === null ? LIVE_REFRESH_MS : Math.max(LIVE_REFRESH_MS, backoffDelayMs(attempt, failure)), undefined);
  }
}
