import { useEffect, useRef, useState } from 'react';
import { useT } from '../../../i18n/i18n';
import { enableLessonMode } from '../api/lesson-mode';
import { waitForLesson } from '../lib/lesson-window';
import { admitPaced, type AdmissionPhase, type PacedAdmissionOptions } from '../lib/paced-admission';
import { CallTransportError, type CallTransport, type LocalMedia } from '../transport/call-transport';

/** How admission is paced (replaceable in tests: no spread, short polls). */
export interface AdmissionTuning {
  student: PacedAdmissionOptions;
  teacher: PacedAdmissionOptions;
  /** The pause between two "has the lesson started?" questions while a student waits. */
  waitingPollMs: () => number;
}

/** A student is let in again this often when Talk says "no call" although the room said it runs, then told so. */
const MAX_NOT_STARTED = 3;

export type Stage =
  | { kind: 'prejoin' }
  /** The lesson is not open yet (no Talk call): the student waits for the teacher. */
  | { kind: 'waiting' }
  | { kind: 'admitting'; phase: AdmissionPhase }
  | { kind: 'call' };

interface JoinOptions {
  roomToken: string;
  createTransport: (options: { token: string }) => Promise<CallTransport>;
  /** A teacher opens the lesson (lesson mode first) and never waits. */
  teacher: boolean;
  /** Talk says the lesson's call runs (a student need not wait for it). */
  callRuns: boolean;
  tuning: AdmissionTuning;
  /** Asks Talk afresh whether the lesson's call runs. */
  hasCall: (signal: AbortSignal) => Promise<boolean>;
}

/** One paced attempt series: a fresh transport per attempt, lesson mode first when a teacher opens the lesson. */
function admit({ roomToken, createTransport, teacher, tuning }: JoinOptions, media: LocalMedia, signal: AbortSignal, onPhase: (phase: AdmissionPhase) => void): Promise<CallTransport> {
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
        if (!signal.aborted) onPhase(phase);
      },
    },
  );
}

/**
 * From pre-join into the lesson: waits for the teacher when the lesson is not open (Talk: no call), then is let in
 * paced; cancelled by `cancel()`, a new `join()` or leaving the tab. The connection made is ended when it is replaced.
 */
export function useLessonJoin(options: JoinOptions) {
  const t = useT();
  const [stage, setStage] = useState<Stage>({ kind: 'prejoin' });
  const [transport, setTransport] = useState<CallTransport | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The server turned out to have no video backend (never queued for: see isOverloaded). */
  const [notConfigured, setNotConfigured] = useState(false);
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

  async function join(media: LocalMedia) {
    const { teacher, callRuns, tuning, hasCall } = options;
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
          await waitForLesson(hasCall, { signal, pollMs: tuning.waitingPollMs });
        }
        setStage({ kind: 'admitting', phase: { phase: 'joining', attempt: 1 } });
        try {
          const joined = await admit(options, media, signal, (phase) => setStage({ kind: 'admitting', phase }));
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
      if (code === 'not-configured') setNotConfigured(true);
      else setError(t(code === 'cannot-start' ? 'lessons.errors.notStarted' : code === 'media-denied' ? 'lessons.errors.mediaDenied' : 'lessons.errors.generic'));
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

  /** Back to pre-join from the call: its connection ends. */
  function leave() {
    void transport?.disconnect();
    setTransport(null);
    setStage({ kind: 'prejoin' });
  }

  return { stage, transport, error, notConfigured, join, cancel, leave };
}
