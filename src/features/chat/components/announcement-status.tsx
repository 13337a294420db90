import { useQuery } from '@tanstack/react-query';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import { listReactions } from '../../../api/talk/reactions';
import { PARTICIPANT_TYPE } from '../../../api/talk/constants';
import { useT } from '../../../i18n/i18n';
import { useParticipants } from '../api/get-participants';
import { ACKNOWLEDGE_REACTION } from '../lib/announcements';
import { stripBidiControls } from '../lib/bidi';

/** For moderators under an announcement: whether everyone has read it, and who has not confirmed it yet. */
export function AnnouncementStatus({ message, lastCommonRead }: { message: ChatMessage; lastCommonRead: number | null }) {
  const t = useT();
  const everyone = lastCommonRead !== null && lastCommonRead >= message.id;
  const participants = useParticipants(message.token);
  const reactions = useQuery({
    queryKey: ['chat', 'reactions', message.token, message.id, message.reactions[ACKNOWLEDGE_REACTION] ?? 0],
    queryFn: ({ signal }) => listReactions({ token: message.token, messageId: message.id }, { signal }),
  });
  const acknowledged = new Set((reactions.data?.[ACKNOWLEDGE_REACTION] ?? []).map((r) => r.actorId));
  const missing = (participants.data ?? []).filter((p) => p.actorType === 'users' && p.participantType === PARTICIPANT_TYPE.user && !acknowledged.has(p.actorId));
  return (
    <div className="mt-1 text-sm" data-testid="announcement-status">
      <p>{everyone ? t('chat.announcement.readByAll') : t('chat.announcement.notReadByAll')}</p>
      {participants.data && reactions.data && (
        <p>{missing.length === 0 ? t('chat.announcement.allConfirmed') : t('chat.announcement.notConfirmed', { names: missing.map((p) => stripBidiControls(p.displayName)).join(', ') })}</p>
      )}
    </div>
  );
}
