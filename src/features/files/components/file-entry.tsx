import type { FileEntry } from '../../../api/dav/multistatus';
import { formatDate } from '../../../i18n/format';
import { useLanguage, useT } from '../../../i18n/i18n';
import type { ViewMode } from '../stores/view-store';
import { formatBytes } from '../../../i18n/format-bytes';
import { displayName } from '../lib/display-name';
import { EntryIcon } from './entry-icon';
import { EntryMenu, type EntryAction } from './entry-menu';
import type { GridFocus } from './use-grid-focus';

export const TILE_HEIGHT = 168;

export interface FileEntryCellsProps {
  entry: FileEntry;
  index: number;
  mode: ViewMode;
  columns: number;
  actions: EntryAction[];
  focus: GridFocus;
  /** The id of the keyboard help the open buttons are described by. */
  helpId: string;
  menuFor: string | null;
  setMenuFor: (path: string | null) => void;
  onAction: (entry: FileEntry, action: EntryAction) => void;
}

/** One entry of the file grid: a tile (grid mode) or the cells of a table row (list mode). */
export function FileEntryCells(props: FileEntryCellsProps) {
  const { entry, mode, columns } = props;
  const isActive = props.index === props.focus.activeIndex;
  const menu = <EntryActionsMenu {...props} />;
  if (mode === 'grid') {
    return (
      <div
        role="gridcell"
        aria-selected={isActive}
        className={`relative flex flex-col items-stretch rounded-xl border p-1 ${isActive ? 'border-blue-700 dark:border-blue-300' : 'border-transparent'} hover:bg-slate-100 dark:hover:bg-slate-800`}
        style={{ width: `${100 / columns}%`, height: TILE_HEIGHT - 8 }}
      >
        <EntryOpenButton {...props} isActive={isActive} />
        <div className="absolute top-1 right-1">{menu}</div>
        {entry.favorite && <FavoriteStar />}
      </div>
    );
  }
  return (
    <>
      <div role="gridcell" aria-selected={isActive} className="flex min-w-0 flex-1 items-center gap-1">
        <EntryOpenButton {...props} isActive={isActive} />
        {entry.favorite && <FavoriteStar />}
      </div>
      <EntryDetailCells entry={entry} />
      <div role="gridcell" className="w-12 shrink-0">
        {menu}
      </div>
    </>
  );
}

function EntryActionsMenu({ entry, index, actions, focus, menuFor, setMenuFor, onAction }: FileEntryCellsProps) {
  return (
    <EntryMenu
      entry={entry}
      actions={actions}
      open={menuFor === entry.path}
      onOpenChange={(open) => {
        setMenuFor(open ? entry.path : null);
        if (open) focus.setActive(index);
      }}
      onAction={(a) => {
        onAction(entry, a);
      }}
      triggerTabIndex={-1}
      triggerRef={(el) => {
        focus.registerMenuButton(entry.path, el);
      }}
    />
  );
}

function EntryOpenButton({ entry, index, mode, actions, focus, helpId, onAction, isActive }: FileEntryCellsProps & { isActive: boolean }) {
  const t = useT();
  return (
    <button
      type="button"
      ref={(el) => {
        focus.registerOpenButton(entry.path, el);
      }}
      tabIndex={isActive ? 0 : -1}
      aria-describedby={helpId}
      onFocus={() => {
        focus.entryFocused(entry.path, index);
      }}
      onClick={() => {
        focus.setActive(index);
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
}

/** List mode: the modified date and size columns. */
function EntryDetailCells({ entry }: { entry: FileEntry }) {
  const language = useLanguage();
  return (
    <>
      <div role="gridcell" className="hidden w-40 shrink-0 text-sm text-slate-700 sm:block dark:text-slate-300">
        {entry.lastModified === null ? '' : formatDate(entry.lastModified, language, { dateStyle: 'medium', timeStyle: 'short' })}
      </div>
      <div role="gridcell" className="hidden w-24 shrink-0 text-right text-sm text-slate-700 sm:block dark:text-slate-300">
        {formatBytes(entry.size, language)}
      </div>
    </>
  );
}

function FavoriteStar() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true" className="shrink-0 text-amber-600 dark:text-amber-300">
      <path d="M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1L3.2 9.5l6.1-.9z" />
    </svg>
  );
}
