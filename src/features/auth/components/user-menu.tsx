import { Menu, MenuItem, MenuLabel, MenuSeparator } from '../../../components/ui/menu';
import { useT } from '../../../i18n/i18n';
import { useCurrentUser } from '../api/get-current-user';
import { useSession } from '../api/get-session';
import { useLogout } from '../api/logout';

function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** Avatar button with the user's name; the menu holds "Abmelden" (`onSignedOut`: see useLogout). */
export function UserMenu({ onSignedOut }: { onSignedOut?: (userId: string | null) => void }) {
  const t = useT();
  const currentUser = useCurrentUser();
  const session = useSession();
  const logout = useLogout(onSignedOut);

  // The gateway's session already knows the name; the Nextcloud profile replaces it once loaded.
  const sessionUser = session.data?.authenticated ? session.data.user : null;
  const displayName = currentUser.data?.displayName ?? sessionUser?.displayName ?? null;
  const userId = currentUser.data?.id ?? sessionUser?.id ?? null;

  return (
    <div className="flex items-center gap-2">
      {logout.isError && (
        <p role="alert" className="max-w-48 text-sm text-red-800 dark:text-red-200">
          {t('userMenu.signOutFailed')}
        </p>
      )}
      <Menu
        label={displayName === null ? t('userMenu.triggerLoading') : t('userMenu.trigger', { name: displayName })}
        triggerClassName="inline-flex min-h-11 min-w-11 items-center gap-2 rounded-full p-1 pr-1 hover:bg-slate-100 lg:pr-3 dark:hover:bg-slate-800"
        trigger={
          <>
            <span
              aria-hidden="true"
              className="inline-flex size-9 items-center justify-center rounded-full bg-blue-700 text-sm font-semibold text-white dark:bg-blue-300 dark:text-slate-950"
            >
              {displayName === null ? '' : initialsOf(displayName)}
            </span>
            {/* On phones and tablets the initials stand for the name, so the header keeps to one row. */}
            <span className="hidden font-medium lg:inline">{displayName}</span>
          </>
        }
        contentClassName="min-w-60 rounded-xl border border-slate-200 bg-white p-1 text-slate-900 shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        {displayName !== null && (
          <MenuLabel className="px-3 py-2">
            <span className="block text-sm text-slate-700 dark:text-slate-300">{t('userMenu.signedInAs')}</span>
            <span className="block font-semibold">{displayName}</span>
            {userId !== null && userId !== displayName && <span className="block text-sm text-slate-700 dark:text-slate-300">{userId}</span>}
          </MenuLabel>
        )}
        <MenuSeparator className="my-1 h-px bg-slate-200 dark:bg-slate-700" />
        <MenuItem
          disabled={logout.isPending}
          onSelect={() => {
            logout.mutate();
          }}
          className="flex min-h-11 cursor-pointer items-center rounded-md px-3 select-none aria-disabled:cursor-not-allowed aria-disabled:opacity-60"
        >
          {t('userMenu.signOut')}
        </MenuItem>
      </Menu>
    </div>
  );
}
