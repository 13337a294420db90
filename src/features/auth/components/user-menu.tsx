import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
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
      {/* Not modal: the modal variant injects a <style> element, which the CSP forbids. No portal: the
          menu stays inside the header landmark. */}
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger
          aria-label={displayName === null ? t('userMenu.triggerLoading') : t('userMenu.trigger', { name: displayName })}
          className="inline-flex min-h-11 min-w-11 items-center gap-2 rounded-full p-1 pr-1 hover:bg-slate-100 sm:pr-3 dark:hover:bg-slate-800"
        >
          <span
            aria-hidden="true"
            className="inline-flex size-9 items-center justify-center rounded-full bg-blue-700 text-sm font-semibold text-white dark:bg-blue-300 dark:text-slate-950"
          >
            {displayName === null ? '' : initialsOf(displayName)}
          </span>
          <span className="hidden font-medium sm:inline">{displayName}</span>
        </DropdownMenu.Trigger>
        <DropdownMenu.Content
          align="end"
          sideOffset={8}
          className="z-50 min-w-60 rounded-xl border border-slate-200 bg-white p-1 text-slate-900 shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
        >
          {displayName !== null && (
            <DropdownMenu.Label className="px-3 py-2">
              <span className="block text-sm text-slate-700 dark:text-slate-300">{t('userMenu.signedInAs')}</span>
              <span className="block font-semibold">{displayName}</span>
              {userId !== null && userId !== displayName && (
                <span className="block text-sm text-slate-700 dark:text-slate-300">{userId}</span>
              )}
            </DropdownMenu.Label>
          )}
          <DropdownMenu.Separator className="my-1 h-px bg-slate-200 dark:bg-slate-700" />
          <DropdownMenu.Item
            disabled={logout.isPending}
            onSelect={() => {
              logout.mutate();
            }}
            className="flex min-h-11 cursor-pointer items-center rounded-md px-3 outline-none select-none data-[disabled]:cursor-not-allowed data-[disabled]:opacity-60 data-[highlighted]:bg-slate-100 data-[highlighted]:ring-2 data-[highlighted]:ring-blue-700 dark:data-[highlighted]:bg-slate-800 dark:data-[highlighted]:ring-blue-300"
          >
            {t('userMenu.signOut')}
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Root>
    </div>
  );
}
