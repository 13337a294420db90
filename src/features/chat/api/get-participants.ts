import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import { listParticipants } from '../../../api/talk/rooms';
import { announcers, hasAnnouncementMarker } from '../lib/announcements';
import { chatKeys } from './query-keys';

/** The conversation's attendees, loaded once per open conversation (no polling). */
export function useParticipants(token: string, enabled = true) {
  return useQuery({
    queryKey: chatKeys.participants(token),
    queryFn: ({ signal }) => listParticipants({ token }, { signal }),
    enabled,
  });
}

/**
 * Who may announce in this conversation (actor keys of its moderators), null while unknown. The
 * attendees are only fetched once a message carries the announcement marker.
 */
export function useAnnouncers(token: string, messages: readonly ChatMessage[]): ReadonlySet<string> | null {
  const candidate = messages.some((m) => hasAnnouncementMarker(m.message));
  const participants = useParticipants(token, candidate);
  return useMemo(() => (participants.data ? announcers(participants.data) : null), [participants.data]);
}
