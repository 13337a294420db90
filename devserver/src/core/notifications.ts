/** The notifications app: list, get, delete, delete all, exists. Other modules add notifications. */
import type { App } from '../context.js';
import { ocsNotFound, type OcsResult } from '../ocs.js';
import type { OcsRoute } from '../router.js';
import type { NotificationRow } from './model.js';

const BASE = '/apps/notifications/api/{apiVersion}';

export function addNotification(app: App, n: Omit<NotificationRow, 'id' | 'datetime'>): NotificationRow {
  const row: NotificationRow = { ...n, id: app.store.nextId(), datetime: new Date(app.now()).toISOString().replace(/\.\d{3}Z$/, '+00:00') };
  app.store.data.notifications.push(row);
  app.store.changed();
  return row;
}

/** The user's own language wins; without one, the request's Accept-Language (as talk-live.json 61–65 shows). */
export function notificationLanguage(app: App, uid: string, acceptLanguage: string | undefined): string {
  const own = app.store.data.languages?.[uid];
  if (own !== undefined) return own.split('_')[0] ?? 'en';
  const first = (acceptLanguage ?? '').split(',')[0]?.split(';')[0]?.trim().toLowerCase() ?? '';
  return first.split('-')[0] || 'en';
}

function render(n: NotificationRow, language = 'en'): Record<string, unknown> {
  const translated = language === 'de' ? n.translations?.de : undefined;
  return {
    notification_id: n.id,
    app: n.app,
    user: n.user,
    datetime: n.datetime,
    object_type: n.objectType,
    object_id: n.objectId,
    subject: translated?.subject ?? n.subject,
    message: n.message,
    link: n.link,
    subjectRich: translated?.subjectRich ?? n.subjectRich,
    subjectRichParameters: Object.keys(n.subjectRichParameters).length === 0 ? [] : n.subjectRichParameters,
    messageRich: n.messageRich,
    messageRichParameters: Object.keys(n.messageRichParameters).length === 0 ? [] : n.messageRichParameters,
    icon: n.icon,
    shouldNotify: true,
    actions: [],
  };
}

function validVersion(v: string | undefined): boolean {
  return v === 'v1' || v === 'v2';
}

export const notificationRoutes: OcsRoute[] = [
  {
    method: 'GET',
    path: `${BASE}/notifications`,
    handler: ({ ctx, p, auth }): OcsResult => {
      if (!validVersion(p['apiVersion'])) throw ocsNotFound();
      const mine = ctx.app.store.data.notifications.filter((n) => n.user === auth.uid).sort((a, b) => b.id - a.id);
      const language = notificationLanguage(ctx.app, auth.uid, ctx.header('accept-language'));
      return { data: mine.map((n) => render(n, language)), etag: true };
    },
  },
  {
    method: 'DELETE',
    path: `${BASE}/notifications`,
    handler: ({ ctx, p, auth }): OcsResult => {
      if (!validVersion(p['apiVersion'])) throw ocsNotFound();
      const d = ctx.app.store.data;
      d.notifications = d.notifications.filter((n) => n.user !== auth.uid);
      ctx.app.store.changed();
      return { data: [] };
    },
  },
  {
    method: 'GET',
    path: `${BASE}/notifications/{id}`,
    handler: ({ ctx, p, auth }): OcsResult => {
      const n = ctx.app.store.data.notifications.find((x) => x.user === auth.uid && String(x.id) === p['id']);
      if (n === undefined || !validVersion(p['apiVersion'])) throw ocsNotFound();
      return { data: render(n) };
    },
  },
  {
    method: 'DELETE',
    path: `${BASE}/notifications/{id}`,
    handler: ({ ctx, p, auth }): OcsResult => {
      const d = ctx.app.store.data;
      const before = d.notifications.length;
      d.notifications = d.notifications.filter((x) => !(x.user === auth.uid && String(x.id) === p['id']));
      if (d.notifications.length === before) throw ocsNotFound();
      ctx.app.store.changed();
      return { data: [] };
    },
  },
  {
    method: 'POST',
    path: `${BASE}/notifications/exists`,
    handler: ({ ctx, auth }): OcsResult => {
      const raw = ctx.params['ids'];
      const ids = (Array.isArray(raw) ? raw : []).map(String);
      const existing = ctx.app.store.data.notifications.filter((n) => n.user === auth.uid && ids.includes(String(n.id))).map((n) => n.id);
      return { data: existing };
    },
  },
];
