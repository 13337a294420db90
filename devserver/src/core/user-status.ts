/** The user_status app: own status, custom/predefined messages, other users' statuses, heartbeat. */
import type { App } from '../context.js';
import { str } from '../http.js';
import { ocsBadRequest, OcsError, ocsNotFound, type OcsResult } from '../ocs.js';
import type { OcsRoute } from '../router.js';
import { findSeedUser, SEED_USERS } from '../seed.js';
import { languageOf, type Language } from './language.js';
import type { UserStatus } from './model.js';

const TYPES = ['online', 'away', 'dnd', 'busy', 'invisible', 'offline'] as const;
const BASE = '/apps/user_status/api/v1';

interface Predefined {
  id: string;
  icon: string;
  message: string;
  clearAt: { type: 'period'; time: number } | { type: 'end-of'; time: 'day' | 'week' } | null;
}

const PREDEFINED: Predefined[] = [
  { id: 'meeting', icon: '📅', message: 'In a meeting', clearAt: { type: 'period', time: 3600 } },
  { id: 'commuting', icon: '🚌', message: 'Commuting', clearAt: { type: 'period', time: 1800 } },
  { id: 'be-right-back', icon: '⏳', message: 'Be right back', clearAt: { type: 'period', time: 900 } },
  { id: 'remote-work', icon: '🏡', message: 'Working remotely', clearAt: { type: 'end-of', time: 'day' } },
  { id: 'sick-leave', icon: '🤒', message: 'Out sick', clearAt: { type: 'end-of', time: 'day' } },
  { id: 'vacationing', icon: '🌴', message: 'Vacationing', clearAt: null },
];

/**
 * Talk's in-call status (predefined, not listed): set while the user is in a call, the previous status kept as a
 * backup and restored when she leaves (recorded in talk-live.json: away, 💬, "In einem Anruf" for a German reader).
 */
const CALL = { id: 'call', icon: '💬', message: { de: 'In einem Anruf', en: 'In a call' } } as const;

/** user_status's StatusService: an automatic status (or a user-defined "online") older than 15 minutes is offline. */
export const INVALIDATE_STATUS_THRESHOLD_S = 15 * 60;
/** Statuses a user chose that heartbeats and calls leave alone. */
const PERSISTENT = ['away', 'dnd', 'invisible'];
/** user_status's priority order (lower wins when a heartbeat arrives). */
const PRIORITY = ['online', 'away', 'dnd', 'invisible', 'offline'];

/** Users who have a status row at start (the recordings show s7a1 with a status she set). */
const SEEDED: Record<string, string> = { s7a1: 'online', schmidt: 'online', mueller: 'away' };

function nowSeconds(app: App): number {
  return Math.floor(app.now() / 1000);
}

export function statusRow(app: App, uid: string): UserStatus | null {
  const rows = app.store.data.userStatus;
  let row = rows[uid];
  if (row === undefined) {
    const seeded = SEEDED[uid];
    if (seeded === undefined) return null;
    row = {
      status: seeded,
      statusIsUserDefined: true,
      message: null,
      messageId: null,
      messageIsPredefined: false,
      icon: null,
      clearAt: null,
      statusTimestamp: nowSeconds(app),
    };
    rows[uid] = row;
  }
  if (row.statusTimestamp < nowSeconds(app) - INVALIDATE_STATUS_THRESHOLD_S && (!row.statusIsUserDefined || row.status === 'online')) {
    row.status = 'offline';
    row.statusTimestamp = nowSeconds(app);
    row.statusIsUserDefined = false;
    app.store.changed();
  }
  if (row.clearAt !== null && row.clearAt <= nowSeconds(app)) {
    row.message = null;
    row.messageId = null;
    row.messageIsPredefined = false;
    row.icon = null;
    row.clearAt = null;
    app.store.changed();
  }
  return row;
}

function ensureRow(app: App, uid: string): UserStatus {
  const existing = statusRow(app, uid);
  if (existing !== null) return existing;
  const row: UserStatus = {
    status: 'offline',
    statusIsUserDefined: false,
    message: null,
    messageId: null,
    messageIsPredefined: false,
    icon: null,
    clearAt: null,
    statusTimestamp: nowSeconds(app),
  };
  app.store.data.userStatus[uid] = row;
  return row;
}

/** The message and icon as a reader sees them: a predefined message in her language (StatusService::addDefaultMessage). */
function messageOf(row: UserStatus, lang: Language): { message: string | null; icon: string | null } {
  if (row.messageId === CALL.id) return { message: CALL.message[lang], icon: CALL.icon };
  const pre = PREDEFINED.find((x) => x.id === row.messageId);
  if (pre !== undefined) return { message: pre.message, icon: pre.icon };
  return { message: row.message, icon: row.icon };
}

function privateStatus(uid: string, row: UserStatus, lang: Language = 'en'): Record<string, unknown> {
  const { message, icon } = messageOf(row, lang);
  return {
    userId: uid,
    message,
    messageId: row.messageId,
    messageIsPredefined: row.messageIsPredefined,
    icon,
    clearAt: row.clearAt,
    status: row.status,
    statusIsUserDefined: row.statusIsUserDefined,
  };
}

/** What other users see: invisible looks offline. */
export function publicStatus(
  uid: string,
  row: UserStatus,
  lang: Language = 'en',
): { userId: string; message: string | null; icon: string | null; clearAt: number | null; status: string } {
  const { message, icon } = messageOf(row, lang);
  return {
    userId: uid,
    message,
    icon,
    clearAt: row.clearAt,
    status: row.status === 'invisible' ? 'offline' : row.status,
  };
}

function clearAtFrom(app: App, raw: unknown): number | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < nowSeconds(app)) throw ocsBadRequest('Invalid clearAt value');
  return n;
}

function resolveClearAt(app: App, c: Predefined['clearAt']): number | null {
  if (c === null) return null;
  if (c.type === 'period') return nowSeconds(app) + c.time;
  const d = new Date(app.now());
  if (c.time === 'week') d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7));
  d.setUTCHours(23, 59, 59, 0);
  return Math.floor(d.getTime() / 1000);
}

export const userStatusRoutes: OcsRoute[] = [
  {
    method: 'GET',
    path: `${BASE}/user_status`,
    handler: ({ ctx, auth }): OcsResult => {
      const row = statusRow(ctx.app, auth.uid);
      if (row === null) throw ocsNotFound('No status for the current user');
      return { data: privateStatus(auth.uid, row, languageOf(ctx, auth.uid)) };
    },
  },
  {
    method: 'PUT',
    path: `${BASE}/user_status/status`,
    handler: ({ ctx, auth }): OcsResult => {
      const type = str(ctx.params, 'statusType') ?? '';
      if (!(TYPES as readonly string[]).includes(type) || type === 'busy') {
        throw ocsBadRequest(`Status-type "${type}" is not supported`);
      }
      const row = ensureRow(ctx.app, auth.uid);
      row.status = type;
      row.statusIsUserDefined = true;
      row.statusTimestamp = nowSeconds(ctx.app);
      ctx.app.store.changed();
      return { data: privateStatus(auth.uid, row) };
    },
  },
  {
    method: 'PUT',
    path: `${BASE}/user_status/message/predefined`,
    handler: ({ ctx, auth }): OcsResult => {
      const id = str(ctx.params, 'messageId') ?? '';
      const pre = PREDEFINED.find((p) => p.id === id);
      if (pre === undefined) throw ocsBadRequest(`Message-Id "${id}" is not supported`);
      const row = ensureRow(ctx.app, auth.uid);
      row.messageId = pre.id;
      row.messageIsPredefined = true;
      row.message = null;
      row.icon = null;
      row.clearAt = clearAtFrom(ctx.app, ctx.params['clearAt']) ?? resolveClearAt(ctx.app, pre.clearAt);
      ctx.app.store.changed();
      return { data: { ...privateStatus(auth.uid, row), message: pre.message, icon: pre.icon } };
    },
  },
  {
    method: 'PUT',
    path: `${BASE}/user_status/message/custom`,
    handler: ({ ctx, auth }): OcsResult => {
      const message = str(ctx.params, 'message') ?? '';
      const icon = str(ctx.params, 'statusIcon') ?? null;
      if (message.length > 80) throw ocsBadRequest('Message is too long. Allowed length is 80 characters.');
      const row = ensureRow(ctx.app, auth.uid);
      row.message = message === '' ? null : message;
      row.icon = icon === '' ? null : icon;
      row.messageId = null;
      row.messageIsPredefined = false;
      row.clearAt = clearAtFrom(ctx.app, ctx.params['clearAt']);
      ctx.app.store.changed();
      return { data: privateStatus(auth.uid, row) };
    },
  },
  {
    method: 'DELETE',
    path: `${BASE}/user_status/message`,
    handler: ({ ctx, auth }): OcsResult => {
      const row = statusRow(ctx.app, auth.uid);
      if (row !== null) {
        row.message = null;
        row.messageId = null;
        row.messageIsPredefined = false;
        row.icon = null;
        row.clearAt = null;
        ctx.app.store.changed();
      }
      return { data: [] };
    },
  },
  {
    method: 'DELETE',
    path: `${BASE}/user_status/revert/{messageId}`,
    handler: ({ ctx, p, auth }): OcsResult => {
      const row = statusRow(ctx.app, auth.uid);
      if (row !== null && row.messageId === p['messageId']) {
        row.messageId = null;
        row.messageIsPredefined = false;
        row.clearAt = null;
        ctx.app.store.changed();
      }
      return { data: [] };
    },
  },
  {
    method: 'GET',
    path: `${BASE}/predefined_statuses`,
    handler: (): OcsResult => ({ data: PREDEFINED }),
  },
  {
    method: 'GET',
    path: `${BASE}/statuses`,
    handler: ({ ctx, auth }): OcsResult => {
      const limit = Number(ctx.query.get('limit') ?? '100');
      const offset = Number(ctx.query.get('offset') ?? '0');
      const list = SEED_USERS.flatMap((u) => {
        const row = statusRow(ctx.app, u.id);
        if (row === null) return [];
        if ((row.status === 'offline' || row.status === 'invisible') && row.message === null && row.messageId === null) return [];
        return [publicStatus(u.id, row, languageOf(ctx, auth.uid))];
      });
      return { data: list.slice(offset, offset + (Number.isFinite(limit) ? limit : 100)) };
    },
  },
  {
    method: 'GET',
    path: `${BASE}/statuses/{userId}`,
    handler: ({ ctx, p, auth }): OcsResult => {
      const uid = p['userId'] ?? '';
      const row = findSeedUser(uid) === undefined ? null : statusRow(ctx.app, uid);
      if (row === null) throw ocsNotFound('No status for the requested userId');
      return { data: publicStatus(uid, row, languageOf(ctx, auth.uid)) };
    },
  },
  {
    method: 'PUT',
    path: `${BASE}/heartbeat`,
    handler: ({ ctx, auth }): OcsResult => {
      const status = str(ctx.params, 'status') ?? '';
      if (status !== 'online' && status !== 'away') throw new OcsError(400, '');
      const row = heartbeat(ctx.app, auth.uid, status);
      return { data: privateStatus(auth.uid, row, languageOf(ctx, auth.uid)) };
    },
  },
];

/**
 * A heartbeat (UserLiveStatusListener): a user-defined away/dnd/invisible stays; otherwise the heartbeat's status
 * replaces a stale one (older than 15 minutes) or one of lower priority, so "away" never overrides a fresh "online".
 */
function heartbeat(app: App, uid: string, status: 'online' | 'away'): UserStatus {
  const row = ensureRow(app, uid);
  if (row.statusIsUserDefined && PERSISTENT.includes(row.status)) return row;
  const stale = row.statusTimestamp < nowSeconds(app) - INVALIDATE_STATUS_THRESHOLD_S;
  if (stale || PRIORITY.indexOf(status) < PRIORITY.indexOf(row.status)) {
    row.status = status;
    row.statusTimestamp = nowSeconds(app);
    row.statusIsUserDefined = false;
    app.store.changed();
  }
  return row;
}

/** Talk: joining a call sets "In a call" (away) unless the user chose dnd or invisible; the status before is kept. */
export function setCallStatus(app: App, uid: string): void {
  const row = ensureRow(app, uid);
  if (row.messageId === CALL.id || (row.statusIsUserDefined && (row.status === 'dnd' || row.status === 'invisible'))) return;
  row.backup = {
    status: row.status,
    statusIsUserDefined: row.statusIsUserDefined,
    message: row.message,
    messageId: row.messageId,
    messageIsPredefined: row.messageIsPredefined,
    icon: row.icon,
    clearAt: row.clearAt,
    statusTimestamp: row.statusTimestamp,
  };
  row.status = 'away';
  row.statusIsUserDefined = true;
  row.statusTimestamp = nowSeconds(app);
  row.messageId = CALL.id;
  row.messageIsPredefined = true;
  row.message = null;
  row.icon = null;
  row.clearAt = null;
  app.store.changed();
}

/** Talk: leaving the call restores the status the user had before it. */
export function revertCallStatus(app: App, uid: string): void {
  const row = app.store.data.userStatus[uid];
  if (row?.messageId !== CALL.id) return;
  const restored = row.backup ?? { ...row, status: 'online', statusIsUserDefined: false, messageId: null, messageIsPredefined: false };
  app.store.data.userStatus[uid] = { ...restored };
  app.store.changed();
}

/** The status fields Talk adds to participants, mention suggestions and one-to-one rooms (`includeStatus`). */
export function talkStatusFields(app: App, uid: string, lang: Language): Record<string, unknown> {
  const row = statusRow(app, uid);
  if (row === null) return { status: 'offline', statusIcon: null, statusMessage: null, statusClearAt: null };
  const pub = publicStatus(uid, row, lang);
  return { status: pub.status, statusIcon: pub.icon, statusMessage: pub.message, statusClearAt: pub.clearAt };
}
