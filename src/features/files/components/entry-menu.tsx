import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import type { FileEntry } from '../../../api/dav/multistatus';
import { useT } from '../../../i18n/i18n';

export type EntryAction = 'open' | 'download' | 'rename' | 'move' | 'copy' | 'favorite' | 'share-chat' | 'delete';

/** What the server allows for this entry (oc:permissions): anything else is never offered. */
export function allowedActions(entry: FileEntry, canShareToChat: boolean): EntryAction[] {
  const p = entry.permissions;
  const actions: EntryAction[] = [];
  if (entry.type === 'folder' || p.read) actions.push('open');
  if (entry.type === 'file' && p.read) actions.push('download');
  if (p.rename) actions.push('rename');
  if (p.move) actions.push('move');
  if (p.read) actions.push('copy');
  actions.push('favorite');
  if (canShareToChat && p.share) actions.push('share-chat');
  if (p.delete) actions.push('delete');
  return actions;
}

const itemClass =
  'flex min-h-11 cursor-pointer items-center rounded-lg px-3 outline-none select-none data-[highlighted]:bg-blue-100 data-[highlighted]:text-blue-950 dark:data-[highlighted]:bg-blue-900 dark:data-[highlighted]:text-blue-50';

export function EntryMenu({
  entry,
  actions,
  open,
  onOpenChange,
  onAction,
  triggerTabIndex,
  triggerRef,
}: {
  entry: FileEntry;
  actions: EntryAction[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onAction: (action: EntryAction) => void;
  triggerTabIndex: number;
  triggerRef?: (el: HTMLButtonElement | null) => void;
}) {
  const t = useT();
  const label = (a: EntryAction) => {
    if (a === 'favorite') return entry.favorite ? t('files.actions.unfavorite') : t('files.actions.favorite');
    return t(`files.actions.${a}`);
  };
  return (
    <DropdownMenu.Root modal={false} open={open} onOpenChange={onOpenChange}>
      <DropdownMenu.Trigger
        ref={triggerRef}
        tabIndex={triggerTabIndex}
        aria-label={t('files.actions.menuFor', { name: entry.name })}
        className="inline-flex size-11 items-center justify-center rounded-lg text-slate-700 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-blue-700 dark:text-slate-200 dark:hover:bg-slate-700"
      >
        <svg width="20" height="20" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
          <circle cx="5" cy="12" r="2" />
          <circle cx="12" cy="12" r="2" />
          <circle cx="19" cy="12" r="2" />
        </svg>
      </DropdownMenu.Trigger>
      <DropdownMenu.Content
        align="end"
        sideOffset={4}
        className="z-50 min-w-56 rounded-xl border border-slate-200 bg-white p-1 text-slate-900 shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        {actions.map((a) => (
          <DropdownMenu.Item
            key={a}
            className={`${itemClass} ${a === 'delete' ? 'text-red-800 dark:text-red-200' : ''}`}
            onSelect={() => {
              onAction(a);
            }}
          >
            {label(a)}
          </DropdownMenu.Item>
        ))}
      </DropdownMenu.Content>
    </DropdownMenu.Root>
  );
}
