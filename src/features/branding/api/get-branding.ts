import { queryOptions, useQuery } from '@tanstack/react-query';
import { getBranding, type Branding } from '../../../api/branding/branding';
import { brandingSchema } from '../../../api/gateway-contract';
import { localStorageOrMemory } from '../../../lib/browser-storage';
import { brandingKeys } from './query-keys';

/** The last branding the gateway sent, so the next start (and a start without network) shows the school at once. */
export const BRANDING_STORAGE_KEY = 'klassenraum:branding';

export function lastKnownBranding(storage: Storage = localStorageOrMemory()): Branding | undefined {
  try {
    const parsed = brandingSchema.safeParse(JSON.parse(storage.getItem(BRANDING_STORAGE_KEY) ?? 'null'));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The school's name, colour and logo. An admin's change shows within minutes; without network the last one stays. */
export function brandingQueryOptions(storage: Storage = localStorageOrMemory()) {
  const known = lastKnownBranding(storage);
  return queryOptions({
    queryKey: brandingKeys.all,
    queryFn: async ({ signal }) => {
      const branding = await getBranding({}, { signal });
      storage.setItem(BRANDING_STORAGE_KEY, JSON.stringify(branding));
      return branding;
    },
    staleTime: 5 * 60_000,
    // Shown at once, but asked again right away.
    ...(known === undefined ? {} : { initialData: known, initialDataUpdatedAt: 0 }),
    retry: false,
  });
}

export function useBranding() {
  return useQuery(brandingQueryOptions());
}
