/** The notifications app: list, get, delete, delete all, exists. Other modules add notifications. */
import type { App } from '../context.js';
import { languageOf, type Language } from './language.js';
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

function render(n: NotificationRow, lang: Language): Record<string, unknown> {
  const t = n.texts?.[lang];
  const actions = (n.actions ?? []).map((a, i) => ({ label: t?.actionLabels?.[i] ?? '', link: a.link, type: a.type, primary: a.primary }));
  return {
    notification_id: n.id,
    app: n.app,
    user: n.user,
    datetime: n.datetime,
    object_type: n.objectType,
    object_id: n.objectId,
    subject: t?.subject ?? n.subject,
    message: n.message,
    link: n.link,
    subjectRich: t?.subjectRich ?? n.subjectRich,
    subjectRichParameters: Object.keys(n.subjectRichParameters).length === 0 ? [] : n.subjectRichParameters,
    messageRich: n.messageRich,
    messageRichParameters: Object.keys(n.messageRichParameters).length === 0 ? [] : n.messageRichParameters,
    icon: n.icon,
    shouldNotify: true,
    actions,
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
      const lang = languageOf(ctx, auth.uid);
      return { data: mine.map((n) => render(n, lang)), etag: true };
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
      return { data: render(n, languageOf(ctx, auth.uid)) };
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
