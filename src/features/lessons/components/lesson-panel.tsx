import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { getRoom, PARTICIPANT_MODERATOR, PARTICIPANT_OWNER } from '../../../api/talk/rooms';
import { Alert } from '../../../components/ui/alert';
import { Spinner } from '../../../components/ui/spinner';
import { useT } from '../../../i18n/i18n';
import { enableLessonMode } from '../api/lesson-mode';
import { CallTransportError, type CallTransport, type LocalMedia } from '../transport/call-transport';
import { createTransport as createConfiguredTransport } from '../transport/create-transport';
import { CallView } from './call-view';
import { PreJoin } from './pre-join';

/** The class's "Unterricht" tab: pre-join, then the lesson (teachers start it in lesson mode; students join muted). */
export function LessonPanel({
  roomToken,
  createTransport = createConfiguredTransport,
}: {
  roomToken: string;
  /** Talk HPB or LiveKit, as the server is configured (replaceable in tests). */
  createTransport?: (options: { token: string }) => Promise<CallTransport>;
}) {
  const t = useT();
  const room = useQuery({ queryKey: ['lessons', 'room', roomToken], queryFn: ({ signal }) => getRoom({ token: roomToken }, { signal }) });
  const [transport, setTransport] = useState<CallTransport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(
    () => () => {
      void transport?.disconnect();
    },
    [transport],
  );
  if (room.isPending) return <Spinner />;
  if (room.data === undefined) return <Alert>{t('lessons.errors.generic')}</Alert>;
  const teacher = room.data.participantType === PARTICIPANT_OWNER || room.data.participantType === PARTICIPANT_MODERATOR;

  async function join(media: LocalMedia) {
    setBusy(true);
    setError(null);
    let next: CallTransport | null = null;
    try {
      next = await createTransport({ token: roomToken });
      if (teacher) await enableLessonMode(roomToken);
      await next.connect(media);
      setTransport(next);
    } catch (err) {
      await next?.disconnect();
      const code = err instanceof CallTransportError ? err.code : null;
      setError(t(code === 'cannot-start' ? 'lessons.errors.notStarted' : code === 'media-denied' ? 'lessons.errors.mediaDenied' : 'lessons.errors.generic'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <h2 className="text-lg font-semibold">{t('lessons.title')}</h2>
      {error !== null ? <Alert>{error}</Alert> : null}
      {transport === null ? (
        <PreJoin teacher={teacher} busy={busy} onJoin={(m) => void join(m)} />
      ) : (
        <CallView
          transport={transport}
          teacher={teacher}
          onLeave={() => {
            void transport.disconnect();
            setTransport(null);
          }}
        />
      )}
    </div>
  );
}
