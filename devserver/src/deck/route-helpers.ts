/** What Deck's route handlers share: parameter checks, the due-date job after reads, archiving, If-Modified-Since. */
import { Storage } from '../dav/storage.js';
import type { App, Ctx } from '../context.js';
import { str } from '../http.js';
import { badRequest, cardJson, touch } from './core.js';
import { cardFor } from './lookup.js';
import { intParam, type DeckHandler, type DeckRequest } from './http.js';
import { runDueDateJob } from './notify.js';

const TITLE_MAX = 255;

/** Deck's due-date background job, run after every reading request (a client polling stands in for cron). */
export function after(ctx: Ctx): void {
  if (ctx.method === 'GET') runDueDateJob(ctx.app);
}

export function title(params: Record<string, unknown>, what = 'title'): string {
  const t = str(params, what);
  if (t === undefined || t === '') throw badRequest(`${what} must be provided`);
  if (t.length > TITLE_MAX) throw badRequest(`The ${what} cannot exceed ${TITLE_MAX} characters`);
  return t;
}

export function order(params: Record<string, unknown>, fallback?: number): number {
  const o = intParam(params['order']);
  if (o === null) {
    if (fallback !== undefined && (params['order'] === undefined || params['order'] === null)) return fallback;
    throw badRequest('order must be a number');
  }
  return o;
}

export function color(params: Record<string, unknown>): string {
  const c = str(params, 'color');
  if (c === undefined || c === '') throw badRequest('color must be provided');
  return c.replace(/^#/, '');
}

export function archiveHandler(archived: boolean): DeckHandler {
  return ({ ctx, p, uid }: DeckRequest) => {
    const { card } = cardFor(ctx.app, uid, p['cardId'], 'edit');
    card.archived = archived;
    touch(ctx.app, { card });
    return { body: cardJson(ctx.app, card) };
  };
}

/** If-Modified-Since as unix seconds (0 when absent or unparsable). */
export function parseSince(header: string | undefined): number {
  if (header === undefined || header === '') return 0;
  const t = Date.parse(header);
  return Number.isNaN(t) ? 0 : Math.floor(t / 1000);
}

export function storage(app: App): Storage {
  return new Storage(app);
}
