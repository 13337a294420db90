import { useVirtualizer } from '@tanstack/react-virtual';
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { FileEntry } from '../../../api/dav/multistatus';
import { useT } from '../../../i18n/i18n';
import type { ViewMode } from '../stores/view-store';
import type { EntryAction } from './entry-menu';
import { FileEntryCells, TILE_HEIGHT } from './file-entry';
import { keyCommand, keyMove } from './file-list-keys';
import { useElementWidth } from './use-element-width';
import { useGridFocus } from './use-grid-focus';

const ROW_HEIGHT = 56;
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
  const helpId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(scrollRef);
  const [menuFor, setMenuFor] = useState<string | null>(null);

  const columns = mode === 'grid' ? Math.max(1, Math.floor(width / TILE_MIN_WIDTH)) : 1;
  const rowCount = Math.ceil(entries.length / columns);
  const rowHeight = mode === 'grid' ? TILE_HEIGHT : ROW_HEIGHT;
  // The virtualizer is mutable by design; this component re-renders on its changes, which is all it needs.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rowCount, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeight, overscan: 6 });
  const focus = useGridFocus({ entries, focusOnShow, reveal: (index) => virtualizer.scrollToIndex(Math.floor(index / columns)) });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const entry = focus.activeEntry;
    if (entry === undefined) return;
    const pageSize = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / rowHeight)) * columns;
    const at = { index: focus.activeIndex, count: entries.length, columns, grid: mode === 'grid', pageSize, inMenuButton: focus.inMenuButton(entry.path) };
    const move = keyMove(event.key, at);
    const command = move ? null : keyCommand(event, { entry, actions: () => actionsFor(entry), onAction, onParent, openMenu: () => setMenuFor(entry.path) });
    if (move === null && command === null) return;
    event.preventDefault();
    if (move) focus.moveTo(move.index, move.focus);
    else command?.();
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
        {...focus.gridFocusHandlers}
        className="rounded-xl border border-slate-200 dark:border-slate-700"
      >
        {mode === 'list' && <FileListHeader />}
        <div ref={scrollRef} data-testid="files-scroll" className="h-[60vh] min-h-64 overflow-auto">
          <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((row) => {
              const first = row.index * columns;
              return (
                <div
                  key={row.key}
                  role="row"
                  aria-rowindex={mode === 'grid' ? row.index + 1 : row.index + 2}
                  className={`absolute top-0 left-0 flex w-full items-center gap-2 px-2 ${mode === 'list' ? 'border-b border-slate-100 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/60' : ''}`}
                  style={{ height: row.size, transform: `translateY(${row.start}px)` }}
                >
                  {entries.slice(first, first + columns).map((entry, i) => (
                    // Tiles are keyed by path; a list row holds one entry, its cells are reused as the row's content changes.
                    <FileEntryCells
                      key={mode === 'grid' ? entry.path : i}
                      entry={entry}
                      index={first + i}
                      mode={mode}
                      columns={columns}
                      actions={actionsFor(entry)}
                      focus={focus}
                      helpId={helpId}
                      menuFor={menuFor}
                      setMenuFor={setMenuFor}
                      onAction={onAction}
                    />
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}

function FileListHeader() {
  const t = useT();
  return (
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
  );
}
