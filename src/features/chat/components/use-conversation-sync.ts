import { useEffect, useLayoutEffect, useRef, type RefObject, type UIEvent } from 'react';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import { useMarkRead } from '../api/message-actions';
import type { ChatHub } from '../lib/chat-hub';

/**
 * Tells the hub we show this conversation once the history is in: the leader streams newer messages.
 * Returns the newest message id seen so far (what a message sent now follows).
 */
export function useWatchConversation(hub: ChatHub | null, token: string, historyLoaded: boolean, newestId: number) {
  const newestIdRef = useRef(newestId);
  useEffect(() => {
    newestIdRef.current = newestId;
  }, [newestId]);

  useEffect(() => {
    if (!hub || !historyLoaded) return;
    return hub.watch(token, newestIdRef.current);
  }, [hub, token, historyLoaded]);
  return newestIdRef;
}

/** Read marker: set once the newest message is on screen in a visible tab. */
export function useReadMarker(hub: ChatHub | null, token: string, messages: readonly ChatMessage[], lastReadMessage: number | undefined) {
  const markRead = useMarkRead(token);
  const lastMarked = useRef(0);
  useEffect(() => {
    const newest = messages.at(-1)?.id ?? 0;
    if (newest <= lastMarked.current || newest <= (lastReadMessage ?? 0)) return;
    if (document.visibilityState === 'hidden') return;
    const timer = setTimeout(() => {
      lastMarked.current = newest;
      // Through the hub: with several tabs visible, Talk still gets one read marker.
      if (hub) hub.markRead(token, newest);
      else markRead.mutate(newest);
    }, 800);
    return () => clearTimeout(timer);
  }, [messages, lastReadMessage, markRead, hub, token]);
}

/**
 * Keeps the message log scrolled to the bottom while the reader is there (new rows or pending messages
 * scroll it down); scrolling up, or loading older messages, lets go of the bottom.
 */
export function useStickToBottom(listRef: RefObject<HTMLElement | null>, rowCount: number, pendingCount: number) {
  const stickToBottom = useRef(true);
  useLayoutEffect(() => {
    const el = listRef.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [listRef, rowCount, pendingCount]);
  return {
    onScroll: (e: UIEvent<HTMLElement>) => {
      const el = e.currentTarget;
      stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    },
    setStick: (stick: boolean) => {
      stickToBottom.current = stick;
    },
  };
}
