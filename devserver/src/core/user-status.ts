/** The user_status app: own status, custom/predefined messages, other users' statuses, heartbeat. */
import type { App } from '../context.js';
import { str } from '../http.js';
import { ocsBadRequest, OcsError, ocsNotFound, type OcsResult } from '../ocs.js';
import type { OcsRoute } from '../router.js';
import { findSeedUser, SEED_USERS } from '../seed.js';
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

function privateStatus(uid: string, row: UserStatus): Record<string, unknown> {
  return {
    userId: uid,
    message: row.message,
    messageId: row.messageId,
    messageIsPredefined: row.messageIsPredefined,
    icon: row.icon,
    clearAt: row.clearAt,
    status: row.status,
    statusIsUserDefined: row.statusIsUserDefined,
  };
}

/** What other users see: invisible looks offline. */
export function publicStatus(uid: string, row: UserStatus): { userId: string; message: string | null; icon: string | null; clearAt: number | null; status: string } {
  return {
    userId: uid,
    message: row.message,
    icon: row.icon,
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

/**
 * Talk on joining a call (setUserStatus with backup): the current status is kept as a backup and "away · In einem
 * Anruf" set, user-defined so heartbeats do not override it. A user without any status row gets the call status
 * but no backup (Nextcloud's backup is an UPDATE of the existing row).
 */
export function setCallStatus(app: App, uid: string): void {
  const data = app.store.data;
  const current = statusRow(app, uid);
  if (current !== null) {
    if (data.userStatusBackup?.[uid] !== undefined) return; // already a status set automatically: abort
    data.userStatusBackup = { ...data.userStatusBackup, [uid]: { ...current } };
  }
  data.userStatus[uid] = {
    status: 'away',
    statusIsUserDefined: true,
    message: 'In einem Anruf',
    messageId: 'call',
    messageIsPredefined: true,
    icon: '💬',
    clearAt: null,
    statusTimestamp: nowSeconds(app),
  };
  app.store.changed();
}

/** Talk on leaving the call (revertUserStatus): the backup comes back; without one nothing changes. */
export function revertCallStatus(app: App, uid: string): void {
  const data = app.store.data;
  const backup = data.userStatusBackup?.[uid];
  if (backup === undefined || data.userStatus[uid]?.messageId !== 'call') return;
  data.userStatus[uid] = backup;
  data.userStatusBackup = Object.fromEntries(Object.entries(data.userStatusBackup ?? {}).filter(([id]) => id !== uid));
  app.store.changed();
}

export const userStatusRoutes: OcsRoute[] = [
  {
    method: 'GET',
    path: `${BASE}/user_status`,
    handler: ({ ctx, auth }): OcsResult => {
      const row = statusRow(ctx.app, auth.uid);
      if (row === null) throw ocsNotFound('No status for the current user');
      return { data: privateStatus(auth.uid, row) };
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
    handler: ({ ctx }): OcsResult => {
      const limit = Number(ctx.query.get('limit') ?? '100');
      const offset = Number(ctx.query.get('offset') ?? '0');
      const list = SEED_USERS.flatMap((u) => {
        const row = statusRow(ctx.app, u.id);
        if (row === null) return [];
        if ((row.status === 'offline' || row.status === 'invisible') && row.message === null && row.messageId === null) return [];
        return [publicStatus(u.id, row)];
      });
      return { data: list.slice(offset, offset + (Number.isFinite(limit) ? limit : 100)) };
    },
  },
  {
    method: 'GET',
    path: `${BASE}/statuses/{userId}`,
    handler: ({ ctx, p }): OcsResult => {
      const uid = p['userId'] ?? '';
      const row = findSeedUser(uid) === undefined ? null : statusRow(ctx.app, uid);
      if (row === null) throw ocsNotFound('No status for the requested userId');
      return { data: publicStatus(uid, row) };
    },
  },
  {
    method: 'PUT',
    path: `${BASE}/heartbeat`,
    handler: ({ ctx, auth }): OcsResult => {
      const status = str(ctx.params, 'status') ?? '';
      if (status !== 'online' && status !== 'away') throw new OcsError(400, '');
      const row = ensureRow(ctx.app, auth.uid);
      // A status the user chose (dnd, invisible, ...) is kept; the automatic one follows the client.
      if (!row.statusIsUserDefined) row.status = status;
      row.statusTimestamp = nowSeconds(ctx.app);
      ctx.app.store.changed();
      return { data: privateStatus(auth.uid, row) };
    },
  },
];
