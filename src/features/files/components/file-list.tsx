import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { FileEntry } from '../../../api/dav/multistatus';
import { formatDate } from '../../../i18n/format';
import { useLanguage, useT } from '../../../i18n/i18n';
import type { ViewMode } from '../stores/view-store';
import { formatBytes } from '../lib/format-bytes';
import { EntryIcon } from './entry-icon';
import { EntryMenu, type EntryAction } from './entry-menu';
import { displayName } from '../lib/display-name';

const ROW_HEIGHT = 56;
const TILE_HEIGHT = 168;
const TILE_MIN_WIDTH = 150;

export interface FileListProps {
  entries: FileEntry[];
  mode: ViewMode;
  label: string;
  actionsFor: (entry: FileEntry) => EntryAction[];
  onAction: (entry: FileEntry, action: EntryAction) => void;
  onParent: (() => void) | null;
  /** Focus the first entry once shown (after the user opened a folder by keyboard or pointer). */
  focusOnShow?: boolean;
}

/**
 * The folder content as an ARIA grid, virtualised (only the visible rows are in the DOM, so 1,000 entries
 * stay fast). One entry is in the tab order at a time; arrows, Home/End and Page keys move, Enter opens,
 * Arrow Right reaches the actions button, Shift+F10 or the context-menu key opens the actions, F2 renames,
 * Delete deletes, Backspace goes to the parent folder.
 */
export function FileList({ entries, mode, label, actionsFor, onAction, onParent, focusOnShow = false }: FileListProps) {
  const t = useT();
  const language = useLanguage();
  const helpId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [active, setActive] = useState(0);
  const [menuFor, setMenuFor] = useState<string | null>(null);
  const focusPending = useRef<'open' | 'menu' | null>(focusOnShow ? 'open' : null);
  const openButtons = useRef(new Map<string, HTMLButtonElement>());
  const menuButtons = useRef(new Map<string, HTMLButtonElement>());

  useEffect(() => {
    const el = scrollRef.current;
    if (el === null || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(entry.contentRect.width);
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
    };
  }, []);

  const columns = mode === 'grid' ? Math.max(1, Math.floor(width / TILE_MIN_WIDTH)) : 1;
  const rowCount = Math.ceil(entries.length / columns);
  // The virtualizer is mutable by design; this component re-renders on its changes, which is all it needs.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => (mode === 'grid' ? TILE_HEIGHT : ROW_HEIGHT),
    overscan: 6,
  });

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

  const moveTo = (index: number, focus: 'open' | 'menu' = 'open') => {
    const next = Math.max(0, Math.min(entries.length - 1, index));
    setActive(next);
    focusPending.current = focus;
    virtualizer.scrollToIndex(Math.floor(next / columns));
  };

  const pageSize = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / (mode === 'grid' ? TILE_HEIGHT : ROW_HEIGHT))) * columns;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (activeEntry === undefined) return;
    const inMenuButton = menuButtons.current.get(activeEntry.path) === document.activeElement;
    const step = (n: number) => {
      event.preventDefault();
      moveTo(activeIndex + n);
    };
    switch (event.key) {
      case 'ArrowDown':
        step(columns);
        break;
      case 'ArrowUp':
        step(-columns);
        break;
      case 'ArrowRight':
        if (mode === 'grid') step(1);
        else if (!inMenuButton) {
          event.preventDefault();
          moveTo(activeIndex, 'menu');
        }
        break;
      case 'ArrowLeft':
        if (mode === 'grid') step(-1);
        else if (inMenuButton) {
          event.preventDefault();
          moveTo(activeIndex, 'open');
        }
        break;
      case 'Home':
        event.preventDefault();
        moveTo(0);
        break;
      case 'End':
        event.preventDefault();
        moveTo(entries.length - 1);
        break;
      case 'PageDown':
        step(pageSize);
        break;
      case 'PageUp':
        step(-pageSize);
        break;
      case 'ContextMenu':
        event.preventDefault();
        setMenuFor(activeEntry.path);
        break;
      case 'F10':
        if (event.shiftKey) {
          event.preventDefault();
          setMenuFor(activeEntry.path);
        }
        break;
      case 'F2':
        if (actionsFor(activeEntry).includes('rename')) {
          event.preventDefault();
          onAction(activeEntry, 'rename');
        }
        break;
      case 'Delete':
        if (actionsFor(activeEntry).includes('delete')) {
          event.preventDefault();
          onAction(activeEntry, 'delete');
        }
        break;
      case 'Backspace':
        if (onParent !== null) {
          event.preventDefault();
          onParent();
        }
        break;
      default:
        break;
    }
  };

  const renderEntry = (entry: FileEntry, index: number) => {
    const isActive = index === activeIndex;
    const actions = actionsFor(entry);
    const menu = (
      <EntryMenu
        entry={entry}
        actions={actions}
        open={menuFor === entry.path}
        onOpenChange={(open) => {
          setMenuFor(open ? entry.path : null);
          if (open) setActive(index);
        }}
        onAction={(a) => {
          onAction(entry, a);
        }}
        triggerTabIndex={-1}
        triggerRef={(el) => {
          if (el) menuButtons.current.set(entry.path, el);
          else menuButtons.current.delete(entry.path);
        }}
      />
    );
    const openButton = (
      <button
        type="button"
        ref={(el) => {
          if (el) openButtons.current.set(entry.path, el);
          else openButtons.current.delete(entry.path);
        }}
        tabIndex={isActive ? 0 : -1}
        aria-describedby={helpId}
        onFocus={() => {
          lastFocused.current = entry.path;
          setActive(index);
        }}
        onClick={() => {
          setActive(index);
          if (actions.includes('open')) onAction(entry, 'open');
        }}
        className={
          mode === 'grid'
            ? 'flex min-h-11 w-full flex-col items-center gap-2 rounded-lg p-2 text-center focus-visible:outline-2 focus-visible:outline-blue-700'
            : 'flex min-h-11 min-w-0 flex-1 items-center gap-3 rounded-lg px-2 text-left focus-visible:outline-2 focus-visible:outline-blue-700'
        }
      >
        <EntryIcon entry={entry} size={mode === 'grid' ? 72 : 32} />
        <span className={mode === 'grid' ? 'line-clamp-2 w-full text-sm break-words' : 'truncate'}>{displayName(entry.name)}</span>
        {entry.favorite && <span className="sr-only">{t('files.favoriteMarker')}</span>}
      </button>
    );
    if (mode === 'grid') {
      return (
        <div
          key={entry.path}
          role="gridcell"
          aria-selected={isActive}
          className={`relative flex flex-col items-stretch rounded-xl border p-1 ${isActive ? 'border-blue-700 dark:border-blue-300' : 'border-transparent'} hover:bg-slate-100 dark:hover:bg-slate-800`}
          style={{ width: `${100 / columns}%`, height: TILE_HEIGHT - 8 }}
        >
          {openButton}
          <div className="absolute top-1 right-1">{menu}</div>
          {entry.favorite && <FavoriteStar />}
        </div>
      );
    }
    return (
      <>
        <div role="gridcell" aria-selected={isActive} className="flex min-w-0 flex-1 items-center gap-1">
          {openButton}
          {entry.favorite && <FavoriteStar />}
        </div>
        <div role="gridcell" className="hidden w-40 shrink-0 text-sm text-slate-700 sm:block dark:text-slate-300">
          {entry.lastModified === null ? '' : formatDate(entry.lastModified, language, { dateStyle: 'medium', timeStyle: 'short' })}
        </div>
        <div role="gridcell" className="hidden w-24 shrink-0 text-right text-sm text-slate-700 sm:block dark:text-slate-300">
          {formatBytes(entry.size, language)}
        </div>
        <div role="gridcell" className="w-12 shrink-0">
          {menu}
        </div>
      </>
    );
  };

  return (
    <div className="flex flex-col">
      <p id={helpId} className="sr-only">
        {t('files.list.keyboardHelp')}
      </p>
      <div
        role="grid"
        aria-label={label}
        aria-rowcount={mode === 'grid' ? rowCount : entries.length + 1}
        aria-colcount={mode === 'grid' ? columns : 4}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        onFocus={() => {
          hadFocus.current = true;
        }}
        onBlur={(event) => {
          // Focus went elsewhere (not: the focused entry was removed from the DOM).
          const left = event.relatedTarget === null ? event.target.isConnected : !event.currentTarget.contains(event.relatedTarget);
          if (left) hadFocus.current = false;
        }}
        className="rounded-xl border border-slate-200 dark:border-slate-700"
      >
        {mode === 'list' && (
          <div role="row" aria-rowindex={1} className="flex items-center gap-2 border-b border-slate-200 px-2 py-2 text-sm font-semibold dark:border-slate-700">
            <div role="columnheader" className="flex-1 pl-2">
              {t('files.columns.name')}
            </div>
            <div role="columnheader" className="hidden w-40 sm:block">
              {t('files.columns.modified')}
            </div>
            <div role="columnheader" className="hidden w-24 text-right sm:block">
              {t('files.columns.size')}
            </div>
            <div role="columnheader" className="w-12">
              <span className="sr-only">{t('files.columns.actions')}</span>
            </div>
          </div>
        )}
        <div ref={scrollRef} data-testid="files-scroll" className="h-[60vh] min-h-64 overflow-auto">
          <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((row) => {
              const first = row.index * columns;
              const rowEntries = entries.slice(first, first + columns);
              return (
                <div
                  key={row.key}
                  role="row"
                  aria-rowindex={mode === 'grid' ? row.index + 1 : row.index + 2}
                  className={`absolute top-0 left-0 flex w-full items-center gap-2 px-2 ${mode === 'list' ? 'border-b border-slate-100 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/60' : ''}`}
                  style={{ height: row.size, transform: `translateY(${row.start}px)` }}
                >
                  {rowEntries.map((entry, i) => renderEntry(entry, first + i))}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}

function FavoriteStar() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true" className="shrink-0 text-amber-600 dark:text-amber-300">
      <path d="M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1L3.2 9.5l6.1-.9z" />
    </svg>
  );
}
