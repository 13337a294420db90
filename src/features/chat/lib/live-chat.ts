import type { LiveChat, SignalingWake } from './signaling-wake';

/**
 * The leader's signaling wake-up (signaling-wake.ts), loaded when a tab becomes leader: the signaling client
 * stays out of the app shell. Until it is loaded it covers nothing, so the long-poll runs as before.
 */
export class LazyLiveChat implements LiveChat {
  private wake: SignalingWake | null = null;
  private tokens: string[] = [];
  private stopped = false;

  constructor(onRoomList: () => void) {
    import('./signaling-wake').then(
      ({ SignalingWake }) => {
        if (this.stopped) return;
        this.wake = new SignalingWake({ onRoomList });
        this.wake.follow(this.tokens);
      },
      (error: unknown) => {
        console.debug('chat: signaling wake-up not loaded, long-polling', error);
      },
    );
  }

  covers(token: string): boolean {
    return this.wake?.covers(token) ?? false;
  }

  next(token: string, signal: AbortSignal, ms: number): Promise<'event' | 'down' | 'timeout'> {
    return this.wake?.next(token, signal, ms) ?? Promise.resolve('down');
  }

  follow(tokens: string[]): void {
    this.tokens = tokens;
    this.wake?.follow(tokens);
  }

  stop(): void {
    this.stopped = true;
    this.wake?.stop();
  }
}
