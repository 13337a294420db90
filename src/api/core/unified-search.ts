import { z } from 'zod';
import type { CallOptions } from '../client';
import { ocsRequest } from '../ocs';

/** The unified search providers Klassenraum asks (ids as GET /ocs/v2.php/search/providers lists them). */
export const SEARCH_PROVIDER = {
  files: 'files',
  talkMessages: 'talk-message',
  talkConversations: 'talk-conversations',
  deckCards: 'search-deck-card-board',
} as const;
export type SearchProviderId = (typeof SEARCH_PROVIDER)[keyof typeof SEARCH_PROVIDER];

/** Nextcloud's UnifiedSearchController refuses nothing shorter, but its providers find nothing useful below this. */
export const MIN_SEARCH_TERM_LENGTH = 2;

// PHP writes an empty attribute map as [] (recorded for Deck entries).
const attributesSchema = z.union([z.record(z.string(), z.string()), z.array(z.never()).transform(() => ({}))]);

const entrySchema = z.object({
  title: z.string(),
  subline: z.string(),
  resourceUrl: z.string(),
  attributes: attributesSchema.optional().transform((a) => a ?? {}),
});

const resultSchema = z.object({
  name: z.string(),
  isPaginated: z.boolean(),
  entries: z.array(entrySchema),
  cursor: z.union([z.number(), z.string(), z.null()]),
});

export interface SearchEntry {
  title: string;
  subline: string;
  resourceUrl: string;
  attributes: Record<string, string>;
}

export interface SearchResult {
  providerId: SearchProviderId;
  entries: SearchEntry[];
}

/**
 * GET /ocs/v2.php/search/providers/{providerId}/search?term=…&limit=…: one page of one provider's results.
 * Nextcloud filters by what the user may open; the app shows only what comes back.
 */
export async function searchProvider(
  { providerId, term, limit = 10 }: { providerId: SearchProviderId; term: string; limit?: number },
  { signal }: CallOptions = {},
): Promise<SearchResult> {
  const query = new URLSearchParams({ term, limit: String(limit) });
  const data = await ocsRequest(`/ocs/v2.php/search/providers/${encodeURIComponent(providerId)}/search?${query.toString()}`, resultSchema, { signal });
  return { providerId, entries: data.entries };
}
