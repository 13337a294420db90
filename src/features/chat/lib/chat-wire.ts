import type { Conversation } from '../../../api/talk/chat-conversations';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import type { AppNotification } from '../../../api/notifications/notifications';
import type { Poll } from '../../../api/talk/polls';
import type { ReactionMap } from '../../../api/talk/reactions';
import type { OutboxItem } from './outbox';

/**
 * What the tabs of one user tell each other over their BroadcastChannel, and what the leader remembers of
 * every tab (which conversations it shows, whether it is visible, whether it shows the conversation list).
 */

export type ConnectionStatus = 'ok' | 'busy' | 'offline';

/**
 * Something a tab shows whose changes Talk's long-poll does not announce (live-refresh.ts): an
 * announcement's reactions (an added reaction wakes nobody), the read marker everyone has passed
 * (lastCommonReadMessage: another user's read marker wakes nobody either), a poll with hidden results.
 */
export type LiveTarget =
  | { kind: 'reactions'; token: string; messageId: number }
  | { kind: 'read'; token: string }
  | { kind: 'poll'; token: string; pollId: number };

export function liveKey(target: LiveTarget): string {
  switch (target.kind) {
    case 'reactions':
      return `reactions/${target.token}/${String(target.messageId)}`;
    case 'read':
      return `read/${target.token}`;
    case 'poll':
      return `poll/${target.token}/${String(target.pollId)}`;
  }
}

export type Wire =
  | { t: 'hello'; from: string }
  /**
   * `live` and `activeAt` are missing from a tab that still runs an older build (after a deployment): it shows
   * nothing live and reports no input.
   */
  | { t: 'interest'; from: string; tokens: Record<string, number>; visible: boolean; lists: boolean; live?: LiveTarget[]; activeAt?: number }
  | { t: 'bye'; from: string }
  | { t: 'messages'; token: string; messages: ChatMessage[]; lastCommonRead: number | null }
  | { t: 'status'; status: ConnectionStatus }
  | { t: 'outbox' }
  | { t: 'delivered'; item: OutboxItem; message: ChatMessage }
  | { t: 'notifications'; list: AppNotification[] }
  | { t: 'notifications-refresh' }
  | { t: 'conversations'; list: Conversation[] }
  | { t: 'read'; token: string; id: number }
  | { t: 'reactions'; token: string; messageId: number; reactions: ReactionMap }
  | { t: 'poll'; token: string; poll: Poll };

interface TabInterest {
  tokens: Record<string, number>;
  visible: boolean;
  lists: boolean;
  live: LiveTarget[];
  /** The user's last input in that tab (presence). */
  activeAt: number;
  seen: number;
}

/** A tab that has not announced itself for this long is gone (closed without a 'bye'). */
const INTEREST_EXPIRY_MS = 45_000;

export function isVisible(): boolean {
  return typeof document === 'undefined' || document.visibilityState !== 'hidden';
}

/** The leader's view of every live tab, its own included. */
export class TabInterests {
  private readonly interests = new Map<string, TabInterest>();

  constructor(private readonly selfId: string) {}

  /** Records an 'interest'; true when that tab just started (or resumed) showing the conversation list. */
  note(message: Extract<Wire, { t: 'interest' }>): boolean {
    const before = this.interests.get(message.from);
    this.interests.set(message.from, {
      tokens: message.tokens,
      visible: message.visible,
      lists: message.lists,
      live: message.live ?? [],
      activeAt: message.activeAt ?? 0,
      seen: Date.now(),
    });
    return message.lists && message.visible && !(before?.lists === true && before.visible);
  }

  forget(tab: string): void {
    this.interests.delete(tab);
  }

  /** Union of every live tab's wanted conversations, each with the lowest cursor any tab needs. */
  wanted(): Map<string, number> {
    const now = Date.now();
    const result = new Map<string, number>();
    for (const [tab, interest] of this.interests) {
      if (tab !== this.selfId && now - interest.seen > INTEREST_EXPIRY_MS) {
        this.interests.delete(tab);
        continue;
      }
      for (const [token, lastKnown] of Object.entries(interest.tokens)) {
        const current = result.get(token);
        result.set(token, current === undefined ? lastKnown : Math.min(current, lastKnown));
      }
    }
    return result;
  }

  /** A live, visible tab shows the conversation list. */
  listWanted(): boolean {
    this.wanted(); // drops tabs that stopped announcing themselves
    return [...this.interests.values()].some((i) => i.lists && i.visible);
  }

  /** What visible tabs show that only a timed refresh keeps fresh, each once. Hidden tabs count for nothing. */
  liveTargets(): LiveTarget[] {
    this.wanted(); // drops tabs that stopped announcing themselves
    const byKey = new Map<string, LiveTarget>();
    for (const interest of this.interests.values()) {
      if (!interest.visible) continue;
      for (const target of interest.live) byKey.set(liveKey(target), target);
    }
    return [...byKey.values()];
  }

  /** The user's last input in any live, visible tab (0: none). */
  lastActive(): number {
    this.wanted(); // drops tabs that stopped announcing themselves
    return Math.max(0, ...[...this.interests.values()].filter((i) => i.visible).map((i) => i.activeAt));
  }

  anyVisible(): boolean {
    return [...this.interests.values()].some((i) => i.visible) || isVisible();
  }
}
