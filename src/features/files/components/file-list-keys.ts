import type { KeyboardEvent } from 'react';
import type { FileEntry } from '../../../api/dav/multistatus';
import type { EntryAction } from './entry-menu';
import type { FocusTarget } from './use-grid-focus';

/** Where the active entry sits in the grid when a key is pressed. */
export interface GridPosition {
  index: number;
  count: number;
  columns: number;
  grid: boolean;
  pageSize: number;
  /** The focus is on the active entry's actions button (list mode moves between its two buttons). */
  inMenuButton: boolean;
}

interface Move {
  index: number;
  focus: FocusTarget;
}

/** The entry (and which of its buttons) a navigation key moves to, or null for other keys. */
export function keyMove(key: string, at: GridPosition): Move | null {
  const to = (index: number, focus: FocusTarget = 'open') => ({ index, focus });
  switch (key) {
    case 'ArrowDown':
      return to(at.index + at.columns);
    case 'ArrowUp':
      return to(at.index - at.columns);
    case 'ArrowRight':
      if (at.grid) return to(at.index + 1);
      return at.inMenuButton ? null : to(at.index, 'menu');
    case 'ArrowLeft':
      if (at.grid) return to(at.index - 1);
      return at.inMenuButton ? to(at.index, 'open') : null;
    case 'Home':
      return to(0);
    case 'End':
      return to(at.count - 1);
    case 'PageDown':
      return to(at.index + at.pageSize);
    case 'PageUp':
      return to(at.index - at.pageSize);
    default:
      return null;
  }
}

/** What the command keys do to the active entry. */
export interface KeyCommands {
  entry: FileEntry;
  actions: () => EntryAction[];
  onAction: (entry: FileEntry, action: EntryAction) => void;
  openMenu: () => void;
  onParent: (() => void) | null;
}

/** The command a key runs (actions menu, rename, delete, parent folder), or null when it runs none. */
export function keyCommand(event: KeyboardEvent, commands: KeyCommands): (() => void) | null {
  const { entry, actions, onAction, onParent } = commands;
  switch (event.key) {
    case 'ContextMenu':
      return commands.openMenu;
    case 'F10':
      return event.shiftKey ? commands.openMenu : null;
    case 'F2':
      return actions().includes('rename') ? () => onAction(entry, 'rename') : null;
    case 'Delete':
      return actions().includes('delete') ? () => onAction(entry, 'delete') : null;
    case 'Backspace':
      return onParent;
    default:
      return null;
  }
}
