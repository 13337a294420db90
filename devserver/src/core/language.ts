/**
 * Which language Nextcloud answers a user in (L10N factory): the user's own `language` setting wins; without one,
 * the request's `Accept-Language` picks among the languages the server has; else English. The dev server has German
 * and English texts for what it generates (notifications, the in-call status), so those two are the choice.
 */
import type { App, Ctx } from '../context.js';

export type Language = 'de' | 'en';

/** The user's own setting (`PUT cloud/users/{id}` key `language`), null when never set. */
export function languageSetting(app: App, uid: string): string | null {
  return app.store.data.userPreferences[uid]?.language ?? null;
}

export function setLanguageSetting(app: App, uid: string, language: string): void {
  const prefs = app.store.data.userPreferences;
  prefs[uid] = { ...prefs[uid], language };
  app.store.changed();
}

function supported(tag: string): Language | null {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'de' ? 'de' : primary === 'en' ? 'en' : null;
}

/** The best supported language of an `Accept-Language` header (q-values honoured), null when none fits. */
export function fromAcceptLanguage(header: string | undefined): Language | null {
  if (header === undefined || header.trim() === '') return null;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((x) => /^\s*q=([\d.]+)\s*$/.exec(x)?.[1]).find((x) => x !== undefined);
      return { tag, q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranked) {
    const lang = supported(r.tag);
    if (lang !== null) return lang;
  }
  return null;
}

/** The language this request's answers are in for `uid`. */
export function languageOf(ctx: Ctx, uid: string): Language {
  const setting = languageSetting(ctx.app, uid);
  if (setting !== null) return supported(setting) ?? 'en';
  return fromAcceptLanguage(ctx.header('accept-language')) ?? 'en';
}

/** What `cloud/users/{id}` reports as `language`: the setting, else "en" (recorded: a user without one reports "en"). */
export function reportedLanguage(app: App, uid: string): string {
  return languageSetting(app, uid) ?? 'en';
}
