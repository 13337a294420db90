import { useEffect, useState } from 'react';
import type { LiveTarget } from './chat-wire';
import { useChatHub } from './use-chat-hub';

/**
 * Tells the tab's chat hub that `targets` are on screen while the element given to the returned ref callback
 * intersects the viewport (scrolled out of the log: not on screen). The hub announces them to the leader, which
 * refreshes them while this tab is visible (live-refresh.ts). No targets: nothing to refresh (e.g. a poll that
 * the stream keeps fresh). Without IntersectionObserver the element counts as on screen while it is mounted.
 */
export function useLiveTargets(targets: readonly LiveTarget[]): (element: Element | null) => void {
  const hub = useChatHub();
  const [element, setElement] = useState<Element | null>(null);
  // A new array with the same targets (every render) must not register them again.
  const json = JSON.stringify(targets);

  useEffect(() => {
    if (!hub || !element || json === '[]') return;
    const wanted = JSON.parse(json) as LiveTarget[];
    let hides: (() => void)[] = [];
    let shown = false;
    const show = (on: boolean) => {
      if (on === shown) return;
      shown = on;
      for (const hide of hides) hide();
      hides = on ? wanted.map((target) => hub.showLive(target)) : [];
    };
    if (typeof IntersectionObserver === 'undefined') {
      show(true);
      return () => {
        show(false);
      };
    }
    // The log scrolls: the viewport intersection is clipped by it, so a message scrolled away is off screen.
    const observer = new IntersectionObserver((entries) => {
      const last = entries.at(-1);
      if (last) show(last.isIntersecting);
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      show(false);
    };
  }, [hub, element, json]);

  return setElement;
}
