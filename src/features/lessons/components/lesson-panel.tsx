import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { getRoom } from '../../../api/talk/rooms';
import { PARTICIPANT_TYPE } from '../../../api/talk/constants';
import { Alert } from '../../../components/ui/alert';
import { Spinner } from '../../../components/ui/spinner';
import { useT } from '../../../i18n/i18n';
import { STUDENT_ADMISSION, TEACHER_ADMISSION, waitingPollDelayMs } from '../lib/paced-admission';
import type { CallTransport } from '../transport/call-transport';
import { createTransport as createConfiguredTransport } from '../transport/create-transport';
import { AdmissionStatus } from './admission-status';
import { BreakoutCall } from './breakout-call';
import { PreJoin } from './pre-join';
import { useLessonJoin, type AdmissionTuning } from './use-lesson-join';
import { useVideoSetup, type VideoSetup } from '../api/get-video-setup';
import { VideoNotConfigured } from './video-not-configured';

const DEFAULT_TUNING: AdmissionTuning = { student: STUDENT_ADMISSION, teacher: TEACHER_ADMISSION, waitingPollMs: () => waitingPollDelayMs() };

/**
 * The class's "Unterricht" tab: pre-join, then the lesson. Teachers open it (Talk call in lesson mode); students who
 * come earlier wait and are let in automatically, every client paced so a class does not arrive in one burst
 * (docs/adr/0008-lesson-admission.md).
 */
export function LessonPanel({
  roomToken,
  createTransport = createConfiguredTransport,
  admission,
  sidePanel,
  checkVideoSetup,
}: {
  roomToken: string;
  /** Talk HPB or LiveKit, as the server is configured (replaceable in tests). */
  createTransport?: (options: { token: string }) => Promise<CallTransport>;
  admission?: Partial<AdmissionTuning>;
  /** Shown beside the call on wide screens, as a panel to open on narrow ones (the class chat). */
  sidePanel?: ReactNode;
  /** Whether this server has a video backend at all (replaceable in tests). */
  checkVideoSetup?: (token: string, signal: AbortSignal) => Promise<VideoSetup>;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const roomQuery = { queryKey: ['lessons', 'room', roomToken], queryFn: ({ signal }: { signal: AbortSignal }) => getRoom({ token: roomToken }, { signal }) };
  const room = useQuery(roomQuery);
  const teacher = room.data !== undefined && (room.data.participantType === PARTICIPANT_TYPE.owner || room.data.participantType === PARTICIPANT_TYPE.moderator);
  const callRuns = room.data?.hasCall === true;
  // Asked before anything else: without a video backend there is no pre-join, no waiting room and no queue. Should
  // the question fail, the join itself finds out (the transport throws not-configured).
  const videoSetup = useVideoSetup(roomToken, checkVideoSetup);
  const { stage, transport, error, notConfigured, join, cancel, leave } = useLessonJoin({
    roomToken,
    createTransport,
    teacher,
    callRuns,
    tuning: { ...DEFAULT_TUNING, ...admission },
    hasCall: async (s) => {
      const fresh = await queryClient.query({ ...roomQuery, queryFn: () => getRoom({ token: roomToken }, { signal: s }), staleTime: 0 });
      return fresh.hasCall;
    },
  });

  if (room.isPending || videoSetup.isPending) return <Spinner />;
  if (room.data === undefined) return <Alert>{t('lessons.errors.generic')}</Alert>;
  if ((videoSetup.data === 'not-configured' || notConfigured) && stage.kind === 'prejoin') {
    return (
      <div className="flex min-w-0 flex-col gap-4">
        <h2 className="text-lg font-semibold">{t('lessons.title')}</h2>
        <VideoNotConfigured teacher={teacher} />
      </div>
    );
  }

  return (
    <div className="flex min-w-0 flex-col gap-4">
      <h2 className="text-lg font-semibold">{t('lessons.title')}</h2>
      {error !== null ? <Alert>{error}</Alert> : null}
      {stage.kind === 'prejoin' ? (
        <>
          {!teacher && !callRuns ? <Alert tone="info">{t('lessons.admission.notOpenYet')}</Alert> : null}
          <PreJoin
            teacher={teacher}
            busy={false}
            onJoin={(media) => {
              void join(media);
            }}
          />
        </>
      ) : stage.kind === 'waiting' || stage.kind === 'admitting' ? (
        <AdmissionStatus wait={stage} onCancel={cancel} />
      ) : transport !== null ? (
        <BreakoutCall
          parentToken={roomToken}
          createTransport={createTransport}
          transport={transport}
          teacher={teacher}
          sidePanel={sidePanel}
          onLeave={() => {
            leave();
            void room.refetch();
          }}
        />
      ) : null}
    </div>
  );
}
