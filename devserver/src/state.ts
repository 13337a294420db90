import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { emptyAuthState, type AuthState } from './auth/model.js';
import { emptyCoreState, type CoreState } from './core/model.js';
import { emptyFilesState, type FilesState } from './dav/model.js';
import { emptyDeckData, type DeckData } from './deck/model.js';
import { emptyTeamsState, type TeamsState } from './teams/model.js';
import { emptyTalkData, type TalkData } from './talk/types.js';

/** The state file: each room of the dev server owns its part (its model.ts), this composes them. */
export interface StateData extends AuthState, CoreState, FilesState, TeamsState {
  version: 1;
  nextId: number;
  /** Talk (spreed): rooms, chat, sessions, polls. */
  talk: TalkData;
  /** Deck: boards, ACL, stacks, cards, labels, assignments, attachments, comments. */
  deck: DeckData;
}

export function emptyState(): StateData {
  return {
    version: 1,
    nextId: 1,
    ...emptyAuthState(),
    ...emptyCoreState(),
    ...emptyFilesState(),
    ...emptyTeamsState(),
    talk: emptyTalkData(),
    deck: emptyDeckData(),
  };
}

function isStateData(v: unknown): v is StateData {
  return typeof v === 'object' && v !== null && (v as { version?: unknown }).version === 1;
}

/** The server's mutable state, optionally persisted to a JSON file (debounced). */
export class Store {
  data: StateData;
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;
  private waiting: { resolve: () => void; reject: (err: unknown) => void }[] = [];

  constructor(private readonly file: string | undefined) {
    this.data = emptyState();
    if (file !== undefined) this.data = Store.load(file);
  }

  private static load(file: string): StateData {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
      throw err;
    }
    const parsed: unknown = JSON.parse(text);
    if (!isStateData(parsed)) throw new Error(`${file} is not a devserver state file (version 1)`);
    return { ...emptyState(), ...parsed };
  }

  nextId(): number {
    const id = this.data.nextId;
    this.data.nextId += 1;
    return id;
  }

  private readonly listeners = new Set<() => void>();

  /** Runs `fn` after every change (synchronously); returns the unsubscribe function. */
  onChanged(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  }

  /**
   * Call after every change. The server writes the file before it answers the request that made the change
   * (flush); changes outside a request (timers, jobs) are written within 200 ms.
   */
  changed(): void {
    for (const fn of this.listeners) fn();
    if (this.file === undefined) return;
    this.dirty = true;
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, 200);
    this.timer.unref();
  }

  save(): void {
    if (this.file === undefined) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data, null, 1));
    renameSync(tmp, this.file);
  }

  /**
   * Resolves once every change made so far is in the file, rejects when it cannot be written. Requests
   * answered in the same turn of the event loop share one write.
   */
  persisted(): Promise<void> {
    if (!this.dirty) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (this.waiting.length > 1) return;
      setImmediate(() => {
        const waiting = this.waiting.splice(0);
        try {
          this.flush();
        } catch (err) {
          this.dirty = true;
          for (const w of waiting) w.reject(err);
          return;
        }
        for (const w of waiting) w.resolve();
      });
    });
  }

  /** Writes the file now if anything changed since the last write (write-then-rename: never half a file). */
  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.dirty) return;
    this.dirty = false;
    this.save();
  }
}
