import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { getRoom } from '../../../api/talk/rooms';
import { PARTICIPANT_TYPE } from '../../../api/talk/constants';
import { Alert } from '../../../components/ui/alert';
import { Spinner } from '../../../components/ui/spinner';
import { useT } from '../../../i18n/i18n';
import { enableLessonMode } from '../api/lesson-mode';
import { waitForLesson } from '../lib/lesson-window';
import { admitPaced, STUDENT_ADMISSION, TEACHER_ADMISSION, waitingPollDelayMs, type AdmissionPhase, type PacedAdmissionOptions } from '../lib/paced-admission';
import { CallTransportError, type CallTransport, type LocalMedia } from '../transport/call-transport';
import { createTransport as createConfiguredTransport } from '../transport/create-transport';
import { AdmissionStatus } from './admission-status';
import { BreakoutCall } from './breakout-call';
import { PreJoin } from './pre-join';

/** How admission is paced (replaceable in tests: no spread, short polls). */
export interface AdmissionTuning {
  student: PacedAdmissionOptions;
  teacher: PacedAdmissionOptions;
  /** The pause between two "has the lesson started?" questions while a student waits. */
  waitingPollMs: () => number;
}

const DEFAULT_TUNING: AdmissionTuning = { student: STUDENT_ADMISSION, teacher: TEACHER_ADMISSION, waitingPollMs: () => waitingPollDelayMs() };

/** A student is let in again this often when Talk says "no call" although the room said it runs, then told so. */
const MAX_NOT_STARTED = 3;

type Stage =
  | { kind: 'prejoin' }
  /** The lesson is not open yet (no Talk call): the student waits for the teacher. */
  | { kind: 'waiting' }
  | { kind: 'admitting'; phase: AdmissionPhase }
  | { kind: 'call' };

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
}: {
  roomToken: string;
  /** Talk HPB or LiveKit, as the server is configured (replaceable in tests). */
  createTransport?: (options: { token: string }) => Promise<CallTransport>;
  admission?: Partial<AdmissionTuning>;
  /** Shown beside the call on wide screens, as a panel to open on narrow ones (the class chat). */
  sidePanel?: ReactNode;
}) {
  const t = useT();
  const tuning = { ...DEFAULT_TUNING, ...admission };
  const [stage, setStage] = useState<Stage>({ kind: 'prejoin' });
  const queryClient = useQueryClient();
  const roomQuery = { queryKey: ['lessons', 'room', roomToken], queryFn: ({ signal }: { signal: AbortSignal }) => getRoom({ token: roomToken }, { signal }) };
  const room = useQuery(roomQuery);
  const [transport, setTransport] = useState<CallTransport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cancelRef = useRef<AbortController | null>(null);
  useEffect(
    () => () => {
      void transport?.disconnect();
    },
    [transport],
  );
  useEffect(
    () => () => {
      cancelRef.current?.abort(new DOMException('left the lesson tab', 'AbortError'));
    },
    [],
  );
  const teacher = room.data !== undefined && (room.data.participantType === PARTICIPANT_TYPE.owner || room.data.participantType === PARTICIPANT_TYPE.moderator);
  const callRuns = room.data?.hasCall === true;

  /** One paced attempt series: a fresh transport per attempt, lesson mode first when a teacher opens the lesson. */
  function admit(media: LocalMedia, signal: AbortSignal): Promise<CallTransport> {
    return admitPaced(
      async () => {
        let next: CallTransport | null = null;
        try {
          next = await createTransport({ token: roomToken });
          if (teacher) await enableLessonMode(roomToken);
          signal.throwIfAborted();
          await next.connect(media);
          return next;
        } catch (err) {
          await next?.disconnect();
          throw err;
        }
      },
      {
        ...(teacher ? tuning.teacher : tuning.student),
        signal,
        onPhase: (phase) => {
          if (!signal.aborted) setStage({ kind: 'admitting', phase });
        },
      },
    );
  }

  /** Waits for the teacher when the lesson is not open (Talk: no call), then is let in paced. */
  async function join(media: LocalMedia) {
    cancelRef.current?.abort(new DOMException('superseded', 'AbortError'));
    const controller = new AbortController();
    const { signal } = controller;
    cancelRef.current = controller;
    setError(null);
    let mustWait = !teacher && !callRuns;
    try {
      for (let refused = 0; ; ) {
        if (mustWait) {
          setStage({ kind: 'waiting' });
          await waitForLesson(
            async (s) => {
              const fresh = await queryClient.query({ ...roomQuery, queryFn: () => getRoom({ token: roomToken }, { signal: s }), staleTime: 0 });
              return fresh.hasCall;
            },
            { signal, pollMs: tuning.waitingPollMs },
          );
        }
        setStage({ kind: 'admitting', phase: { phase: 'joining', attempt: 1 } });
        try {
          const joined = await admit(media, signal);
          if (signal.aborted) {
            await joined.disconnect();
            return;
          }
          setTransport(joined);
          setStage({ kind: 'call' });
          return;
        } catch (err) {
          // The call ended (or had not begun) between Talk's answer and our join: wait for the teacher again.
          if (teacher || !(err instanceof CallTransportError) || err.code !== 'cannot-start' || ++refused >= MAX_NOT_STARTED) throw err;
          mustWait = true;
        }
      }
    } catch (err) {
      if (signal.aborted) return;
      const code = err instanceof CallTransportError ? err.code : null;
      setError(t(code === 'cannot-start' ? 'lessons.errors.notStarted' : code === 'media-denied' ? 'lessons.errors.mediaDenied' : 'lessons.errors.generic'));
      setStage({ kind: 'prejoin' });
    } finally {
      if (cancelRef.current === controller) cancelRef.current = null;
    }
  }

  function cancel() {
    cancelRef.current?.abort(new DOMException('cancelled', 'AbortError'));
    cancelRef.current = null;
    setStage({ kind: 'prejoin' });
  }

  if (room.isPending) return <Spinner />;
  if (room.data === undefined) return <Alert>{t('lessons.errors.generic')}</Alert>;

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
            void transport.disconnect();
            setTransport(null);
            setStage({ kind: 'prejoin' });
            void room.refetch();
          }}
        />
      ) : null}
    </div>
  );
}
