import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { breakoutKeys } from '../api/get-breakout-rooms';
import { mediaToCarryOver } from '../lib/breakout-media';
import { CallTransportError, type CallTransport, type LocalMedia } from '../transport/call-transport';

/**
 * Coming back from the groups, a student may find the lesson's call ended (everyone had left it; a visiting teacher
 * too) and Talk refuses them a new one (lesson mode: only teachers start it). The teacher is sent back at the same
 * moment and restarts it; until then the student asks again.
 */
const NOT_STARTED_RETRIES = 20;
export const NOT_STARTED_RETRY_MS = 1500;

interface Current {
  token: string;
  transport: CallTransport;
}

type CreateTransport = (options: { token: string }) => Promise<CallTransport>;

/** A connection to `token` with `media`, a fresh transport per attempt; a call not running is asked for again while `wanted()`. */
async function connectTo(createTransport: CreateTransport, token: string, media: LocalMedia, retryMs: number, wanted: () => boolean): Promise<CallTransport> {
  for (let attempt = 1; ; attempt++) {
    const next = await createTransport({ token });
    try {
      await next.connect(media);
      return next;
    } catch (err) {
      await next.disconnect();
      const notStarted = err instanceof CallTransportError && err.code === 'cannot-start';
      if (!notStarted || attempt >= NOT_STARTED_RETRIES || !wanted()) throw err;
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }
}

/**
 * The conversation the lesson's call is in (the class's, or a group's) and the moves between them: `follow(token)`
 * ends the current connection and connects the same media there; a newer move or `stop()` overtakes one under way.
 * Talk's `switchTo` on the current connection is followed; the connections made here are ended here.
 */
export function useBreakoutMoves({
  parentToken,
  transport,
  createTransport,
  notStartedRetryMs,
}: {
  parentToken: string;
  /** The connection to the class's conversation the lesson panel made (and disconnects itself). */
  transport: CallTransport;
  createTransport: CreateTransport;
  notStartedRetryMs: number;
}) {
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState<Current>({ token: parentToken, transport });
  const [moving, setMoving] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  /** When the current conversation was reached (ms): what was known about the groups before is stale. */
  const [arrivedAt, setArrivedAt] = useState(0);
  const currentRef = useRef(current);
  const movingRef = useRef<string | null>(null);
  const mediaRef = useRef<LocalMedia | null>(null);
  useEffect(() => {
    currentRef.current = current;
  }, [current]);

  const follow = useCallback(
    async (token: string) => {
      const from = currentRef.current;
      if (movingRef.current === token || (movingRef.current === null && token === from.token && from.transport.state !== 'disconnected')) return;
      movingRef.current = token;
      setMoving(token);
      setFailed(null);
      // A connection already ended (a move before failed or was overtaken) has no media left to read.
      if (from.transport.state !== 'disconnected') mediaRef.current = mediaToCarryOver(from.transport.local);
      const media = mediaRef.current ?? { audio: false, video: true };
      let next: CallTransport | null = null;
      try {
        await from.transport.disconnect();
        next = await connectTo(createTransport, token, media, notStartedRetryMs, () => movingRef.current === token);
        if (movingRef.current !== token) {
          // Overtaken by another move (or the lesson was left) while connecting.
          await next.disconnect();
          return;
        }
        currentRef.current = { token, transport: next };
        setCurrent(currentRef.current);
        setArrivedAt(Date.now());
        void queryClient.invalidateQueries({ queryKey: breakoutKeys.all(parentToken) });
      } catch (err) {
        console.warn('lessons: moving to another room failed', err);
        await next?.disconnect();
        if (movingRef.current === token) setFailed(token);
      } finally {
        if (movingRef.current === token) {
          movingRef.current = null;
          setMoving(null);
        }
      }
    },
    [createTransport, notStartedRetryMs, parentToken, queryClient],
  );

  useEffect(
    () =>
      current.transport.on('switchTo', ({ token }) => {
        void follow(token);
      }),
    [current.transport, follow],
  );

  /** Ends a move under way and the connection made here (the panel ends its own). */
  const stop = useCallback(() => {
    movingRef.current = null;
    if (currentRef.current.transport !== transport) void currentRef.current.transport.disconnect();
  }, [transport]);
  // Leaving the tab: the connection made here is ours to end.
  useEffect(() => stop, [stop]);

  /** No move under way (stable: safe in effect dependencies). */
  const idle = useCallback(() => movingRef.current === null, []);

  return { current, moving, failed, arrivedAt, follow, stop, idle };
}
