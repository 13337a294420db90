import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { emptyDeckData, type DeckData } from './deck/model.js';
import { emptyTalkData, type TalkData } from './talk/types.js';

/** An app token ("app password"): what Login Flow v2 hands out and what an OAuth access token is. */
export interface AppToken {
  id: number;
  token: string;
  uid: string;
  loginName: string;
  name: string;
  createdAt: number;
  /** ms since epoch; null = never expires (Login Flow app passwords). */
  expiresAt: number | null;
  oauth: boolean;
}

/** Nextcloud's oauth2_access_tokens row: the code (later: the refresh token) points to one app token. */
export interface OAuthGrant {
  id: number;
  clientId: string;
  tokenId: number;
  /** The current authorization code or refresh token. */
  code: string;
  codeCreatedAt: number;
  tokenCount: number;
}

export interface LoginFlow {
  pollToken: string;
  loginToken: string;
  clientName: string;
  createdAt: number;
  /** Set once the user granted access; the poll hands it out once and deletes the flow. */
  result: { loginName: string; appPassword: string } | null;
}

export interface BrowserSession {
  id: string;
  uid: string | null;
  csrf: string;
  oauth: { clientId: string; state: string } | null;
  /** Login Flow v2 login token this browser is completing. */
  loginFlowToken: string | null;
  createdAt: number;
  /** Set by a logout: the next request is sent to `/login?clear=1` once (Nextcloud's clearingExecutionContexts). */
  clearing?: boolean;
  /** Login error to show once on the next login page (Nextcloud's session `loginMessages`). */
  loginMessage?: string | null;
}

/** A remember-me login (`nc_username` + `nc_token` cookies; Nextcloud's `login_token` user values). */
export interface RememberToken {
  uid: string;
  token: string;
  createdAt: number;
}

export interface UserStatus {
  status: string;
  statusIsUserDefined: boolean;
  message: string | null;
  messageId: string | null;
  messageIsPredefined: boolean;
  icon: string | null;
  clearAt: number | null;
  statusTimestamp: number;
}

/** A notification as the notifications app stores it (rich subject and message). */
export interface NotificationRow {
  id: number;
  user: string;
  app: string;
  datetime: string;
  objectType: string;
  objectId: string;
  subject: string;
  message: string;
  subjectRich: string;
  subjectRichParameters: Record<string, Record<string, string>>;
  messageRich: string;
  messageRichParameters: Record<string, Record<string, string>>;
  link: string;
  icon: string;
}

/** A file or folder in a user's storage; `path` is relative to the user's root ('' = root). */
export interface FileNode {
  id: number;
  owner: string;
  path: string;
  type: 'dir' | 'file';
  /** Unix seconds. */
  mtime: number;
  etag: string;
  mime: string;
  /** base64 content of files; null for folders. */
  content: string | null;
  size: number;
}

export interface TrashNode extends FileNode {
  /** `{name}.d{deletedAt}` as Nextcloud names trashed items. */
  trashName: string;
  deletedAt: number;
  originalLocation: string;
  /** The trashed folder's content (paths as they were). */
  contents: FileNode[];
}

/** A chunked upload v2 in progress (uploads/{user}/{id}). */
export interface UploadSession {
  owner: string;
  id: string;
  destination: string | null;
  mtime: number;
  chunks: Record<string, { content: string; size: number; etag: string; mtime: number }>;
}

/** A Team (circle) member: a user or a whole group. */
export interface TeamMember {
  id: string;
  kind: 'user' | 'group';
  /** user id or group id */
  ref: string;
  level: number;
  joined: number;
  invitedBy: string;
}

export interface Team {
  id: string;
  name: string;
  description: string;
  config: number;
  creation: number;
  owner: string;
  members: TeamMember[];
}

/** A files_sharing share of a file or folder. */
export interface ShareRow {
  id: number;
  owner: string;
  fileId: number;
  /** 0 user, 1 group, 7 team (circle), 10 Talk room */
  shareType: number;
  shareWith: string;
  permissions: number;
  stime: number;
  note: string;
  label: string;
  expiration: string | null;
}

export interface StateData {
  version: 1;
  nextId: number;
  appTokens: AppToken[];
  oauthGrants: OAuthGrant[];
  loginFlows: LoginFlow[];
  sessions: BrowserSession[];
  /** Remember-me tokens of browser logins (optional: older state files have none). */
  rememberTokens?: RememberToken[];
  lastLogin: Record<string, number>;
  userStatus: Record<string, UserStatus>;
  notifications: NotificationRow[];
  files: FileNode[];
  trash: TrashNode[];
  uploads: UploadSession[];
  teams: Team[];
  shares: ShareRow[];
  /** Stable ids of the "single" circles behind users, groups and the circles app (`user:x`, `group:x`, `app:circles`). */
  singleIds: Record<string, { id: string; creation: number; ownerMemberId: string }>;
  /** Owners whose demo files were created. */
  seededFiles: string[];
  /** Favourite file ids per user (Nextcloud keeps them as a per-user tag). */
  favorites: Record<string, number[]>;
  /** Quota per user set at runtime (bytes; null = unlimited); users without an entry have the seed's default (dav/quota.ts). */
  quotas: Record<string, number | null>;
  /** Talk (spreed): rooms, chat, sessions, polls. */
  talk: TalkData;
  /** Deck: boards, ACL, stacks, cards, labels, assignments, attachments, comments. */
  deck: DeckData;
}

export function emptyState(): StateData {
  return {
    version: 1,
    nextId: 1,
    appTokens: [],
    oauthGrants: [],
    loginFlows: [],
    sessions: [],
    lastLogin: {},
    userStatus: {},
    notifications: [],
    files: [],
    trash: [],
    uploads: [],
    seededFiles: [],
    favorites: {},
    quotas: {},
    teams: [],
    shares: [],
    singleIds: {},
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
