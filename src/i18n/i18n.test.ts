import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorKinds } from '../api/api-error';
import { formatDate, formatNumber, formatRelativeTime } from './format';
import { i18n, switchLanguage } from './i18n';
import { useLanguageStore } from './language-store';
import de from './locales/de.json';
import en from './locales/en.json';

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

afterEach(() => {
  useLanguageStore.getState().setLanguage('de');
});

beforeAll(async () => {
  // English is loaded when chosen; this loads it without choosing it.
  await switchLanguage('en');
});

describe('translations', () => {
  it('German and English have exactly the same keys, none empty', () => {
    expect(keysOf(en).sort()).toEqual(keysOf(de).sort());
    for (const key of keysOf(de)) {
      expect(i18n.t(key as 'app.name', { lng: 'de' }), key).not.toBe('');
      expect(i18n.t(key as 'app.name', { lng: 'en' }), key).not.toBe('');
    }
  });

  it('has a German and an English message for every error kind', () => {
    for (const kind of apiErrorKinds) {
      expect(i18n.exists(`errors.${kind}`, { lng: 'de' }), kind).toBe(true);
      expect(i18n.exists(`errors.${kind}`, { lng: 'en' }), kind).toBe(true);
    }
    expect(i18n.t('errors.unavailable', { lng: 'de' })).toMatch(/^Der Server ist gerade ausgelastet/);
  });

  it('starts in German and follows the language choice, including <html lang>', async () => {
    expect(i18n.language).toBe('de');
    expect(document.documentElement.lang).toBe('de');
    useLanguageStore.getState().setLanguage('en');
    await switchLanguage('en');
    expect(i18n.language).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(JSON.parse(localStorage.getItem('klassenraum.language') ?? '{}')).toMatchObject({ state: { language: 'en' } });
  });
});

describe('texts', () => {
  it('fills in values and picks the plural form by count, per language', () => {
    expect(i18n.t('userMenu.trigger', { name: 'Frau Schmidt' })).toBe('Frau Schmidt – Benutzermenü');
    expect(i18n.t('errors.retryIn', { count: 1 })).toBe('Neuer Versuch in 1 Sekunde möglich.');
    expect(i18n.t('errors.retryIn', { count: 5 })).toBe('Neuer Versuch in 5 Sekunden möglich.');
    expect(i18n.t('errors.retryIn', { count: 1, lng: 'en' })).toBe(en.errors.retryIn_one.replace('{{count}}', '1'));
    expect(i18n.t('errors.retryIn', { count: 0, lng: 'en' })).toBe(en.errors.retryIn_other.replace('{{count}}', '0'));
  });

  it('keeps a placeholder without a value, and shows an unknown key as it is', () => {
    expect(i18n.t('userMenu.trigger')).toBe('{{name}} – Benutzermenü');
    expect(i18n.t('no.such.key' as 'app.name')).toBe('no.such.key');
  });

  it('falls back to German for a language without the key', () => {
    expect(i18n.t('app.name', { lng: 'fr' })).toBe(de.app.name);
  });
});

describe('Intl formatting', () => {
  const date = new Date(Date.UTC(2025, 10, 23, 12, 0));

  it('formats dates and numbers per language', () => {
    expect(formatDate(date, 'de', { dateStyle: 'long', timeZone: 'UTC' })).toBe('23. November 2025');
    expect(formatDate(date, 'en', { dateStyle: 'long', timeZone: 'UTC' })).toBe('23 November 2025');
    expect(formatNumber(1234.5, 'de')).toBe('1.234,5');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
  });

  it('formats relative times', () => {
    const now = date.getTime();
    expect(formatRelativeTime(now - 5 * 60_000, 'de', now)).toBe('vor 5 Minuten');
    expect(formatRelativeTime(now + 24 * 3600_000, 'en', now)).toBe('tomorrow');
  });
});
