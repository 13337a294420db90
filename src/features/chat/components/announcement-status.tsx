import { useQuery } from '@tanstack/react-query';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import { listReactions } from '../../../api/talk/reactions';
import { PARTICIPANT_TYPE } from '../../../api/talk/constants';
import { useT } from '../../../i18n/i18n';
import { useParticipants } from '../api/get-participants';
import { chatKeys } from '../api/query-keys';
import { ACKNOWLEDGE_REACTION } from '../lib/announcements';
import { stripBidiControls } from '../lib/bidi';
import type { LiveTarget } from '../lib/chat-wire';
import { useLiveTargets } from '../lib/use-live-targets';

/**
 * Talk's long-poll announces neither an added ✅ nor another user's read marker: while the status is on screen
 * and still incomplete, the leader refreshes who confirmed and how far everyone has read (live-refresh.ts). A
 * withdrawn ✅ comes as reaction_revoked and fetches the list again (chat-runtime).
 */
function statusTargets(token: string, messageId: number, allConfirmed: boolean, everyone: boolean): LiveTarget[] {
  const targets: LiveTarget[] = [];
  if (!allConfirmed) targets.push({ kind: 'reactions', token, messageId });
  if (!everyone) targets.push({ kind: 'read', token });
  return targets;
}

/** For moderators under an announcement: whether everyone has read it, and who has not confirmed it yet. */
export function AnnouncementStatus({ message, lastCommonRead }: { message: ChatMessage; lastCommonRead: number | null }) {
  const t = useT();
  const everyone = lastCommonRead !== null && lastCommonRead >= message.id;
  const participants = useParticipants(message.token);
  const reactions = useQuery({
    queryKey: chatKeys.reactions(message.token, message.id),
    queryFn: ({ signal }) => listReactions({ token: message.token, messageId: message.id }, { signal }),
  });
  const acknowledged = new Set((reactions.data?.[ACKNOWLEDGE_REACTION] ?? []).map((r) => r.actorId));
  const missing = (participants.data ?? []).filter((p) => p.actorType === 'users' && p.participantType === PARTICIPANT_TYPE.user && !acknowledged.has(p.actorId));
  const allConfirmed = participants.data !== undefined && reactions.data !== undefined && missing.length === 0;
  const liveRef = useLiveTargets(statusTargets(message.token, message.id, allConfirmed, everyone));
  return (
    <div ref={liveRef} className="mt-1 text-sm" data-testid="announcement-status">
      <p>{everyone ? t('chat.announcement.readByAll') : t('chat.announcement.notReadByAll')}</p>
      {participants.data && reactions.data && (
        <p>{missing.length === 0 ? t('chat.announcement.allConfirmed') : t('chat.announcement.notConfirmed', { names: missing.map((p) => stripBidiControls(p.displayName)).join(', ') })}</p>
      )}
    </div>
  );
}
