import { useEffect, useRef, useState, type FocusEvent } from 'react';
import type { FileEntry } from '../../../api/dav/multistatus';

/** Which of an entry's two buttons takes the focus: the one that opens it or its actions button. */
export type FocusTarget = 'open' | 'menu';

interface GridFocusOptions {
  entries: FileEntry[];
  /** Focus the first entry once shown. */
  focusOnShow: boolean;
  /** Scroll the list so the entry at this index is rendered (the virtualised list may not have it yet). */
  reveal: (index: number) => void;
}

function register(buttons: Map<string, HTMLButtonElement>, path: string, el: HTMLButtonElement | null) {
  if (el) buttons.set(path, el);
  else buttons.delete(path);
}

/**
 * The roving focus of the file grid: which entry is active (the one in the tab order), moving the focus to
 * an entry's open or actions button once it is rendered, and keeping keyboard users in the list when the
 * focused entry disappears.
 */
export function useGridFocus({ entries, focusOnShow, reveal }: GridFocusOptions) {
  const [active, setActive] = useState(0);
  const focusPending = useRef<FocusTarget | null>(focusOnShow ? 'open' : null);
  const openButtons = useRef(new Map<string, HTMLButtonElement>());
  const menuButtons = useRef(new Map<string, HTMLButtonElement>());

  const activeIndex = Math.min(active, Math.max(0, entries.length - 1));
  const activeEntry = entries[activeIndex];

  // A focused entry that disappears (renamed, deleted, list refreshed) would drop the focus to <body>:
  // keep keyboard users in the list instead.
  const hadFocus = useRef(false);
  const lastFocused = useRef<string | null>(null);
  useEffect(() => {
    const gone = lastFocused.current !== null && !entries.some((e) => e.path === lastFocused.current);
    if (gone && hadFocus.current && document.activeElement === document.body && focusPending.current === null) {
      lastFocused.current = null;
      focusPending.current = 'open';
    }
  });

  useEffect(() => {
    if (focusPending.current === null || activeEntry === undefined) return;
    const target = focusPending.current === 'menu' ? menuButtons.current.get(activeEntry.path) : openButtons.current.get(activeEntry.path);
    if (target) {
      target.focus();
      focusPending.current = null;
    }
  });

  const moveTo = (index: number, focus: FocusTarget = 'open') => {
    const next = Math.max(0, Math.min(entries.length - 1, index));
    setActive(next);
    focusPending.current = focus;
    reveal(next);
  };

  return {
    activeIndex,
    activeEntry,
    setActive,
    moveTo,
    inMenuButton: (path: string) => menuButtons.current.get(path) === document.activeElement,
    registerOpenButton: (path: string, el: HTMLButtonElement | null) => {
      register(openButtons.current, path, el);
    },
    registerMenuButton: (path: string, el: HTMLButtonElement | null) => {
      register(menuButtons.current, path, el);
    },
    entryFocused: (path: string, index: number) => {
      lastFocused.current = path;
      setActive(index);
    },
    gridFocusHandlers: {
      onFocus: () => {
        hadFocus.current = true;
      },
      onBlur: (event: FocusEvent<HTMLElement>) => {
        // Focus went elsewhere (not: the focused entry was removed from the DOM).
        const left = event.relatedTarget === null ? event.target.isConnected : !event.currentTarget.contains(event.relatedTarget);
        if (left) hadFocus.current = false;
      },
    },
  };
}

export type GridFocus = ReturnType<typeof useGridFocus>;
