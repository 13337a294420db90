import { useSyncExternalStore } from 'react';
import type { ChatHub } from './chat-hub';

/** The tab's chat hub (created by <ChatRuntime> in the signed-in layout) and a change counter for its state. */

let hub: ChatHub | null = null;
let version = 0;
const listeners = new Set<() => void>();

let waiting: ((hub: ChatHub) => void)[] = [];

export function setChatHub(next: ChatHub | null): void {
  hub = next;
  if (next !== null) {
    for (const resolve of waiting) resolve(next);
    waiting = [];
  }
  notifyChatHub();
}

/**
 * The hub, once there is one. The hub's code loads beside the first screen (lazily), so a message written in
 * the first moment after the page loaded waits for it instead of being dropped.
 */
export function whenChatHub(): Promise<ChatHub> {
  if (hub !== null) return Promise.resolve(hub);
  return new Promise((resolve) => waiting.push(resolve));
}

export function notifyChatHub(): void {
  version++;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The tab's hub outside React (query functions and options); null before sign-in or without BroadcastChannel. */
export function getChatHub(): ChatHub | null {
  return hub;
}

export function useChatHub(): ChatHub | null {
  return useSyncExternalStore(subscribe, () => hub);
}

/** Re-renders when the hub's status or the outbox changes. */
export function useChatHubVersion(): number {
  return useSyncExternalStore(subscribe, () => version);
}
