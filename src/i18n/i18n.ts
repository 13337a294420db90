import { useCallback, useSyncExternalStore } from 'react';
import de from './locales/de.json';
import { defaultLanguage, useLanguageStore, type Language } from './language-store';
import { PSEUDO_LANGUAGE, pseudoMessages, pseudoRequested } from './pseudo';

/*
 * The app's translations: nested JSON per language (src/i18n/locales), `{{name}}` interpolation and
 * plurals by Intl.PluralRules (`key_one` / `key_other`, chosen by `count`), German as the fallback. Small
 * on purpose (a few hundred bytes, where i18next and react-i18next were about 16 KiB gzip of the initial
 * JavaScript): the app needs nothing more. The keys are typed from de.json.
 */

export type Messages = typeof de;
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
type PluralBase<K> = K extends `${infer B}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? B : K;
type MessageKey = Leaves<Messages>;
/** Every key of de.json, a plural one also without its suffix. */
export type TranslationKey = MessageKey | PluralBase<MessageKey>;

export interface TranslateOptions {
  /** Picks the plural form and fills `{{count}}`. */
  count?: number;
  /** Another language than the current one (tests). */
  lng?: string;
  [value: string]: unknown;
}

type Tree = { [key: string]: Tree | string | undefined };

/** German is the default and the fallback, so it is part of the app; other languages load when chosen. */
const otherLanguages: Record<Exclude<Language, 'de'>, () => Promise<{ default: Messages }>> = {
  en: () => import('./locales/en.json'),
};

// Layout checks: `?lng=pseudo` shows every German string accented and longer (src/i18n/pseudo.ts).
const pseudo = typeof window !== 'undefined' && pseudoRequested(window.location.search);

const bundles = new Map<string, Tree>([[defaultLanguage, de]]);
if (pseudo) bundles.set(PSEUDO_LANGUAGE, pseudoMessages(de));
let current: string = pseudo ? PSEUDO_LANGUAGE : defaultLanguage;
const listeners = new Set<() => void>();

function lookup(language: string, key: string): string | undefined {
  let node: Tree | string | undefined = bundles.get(language);
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

function find(languages: string[], key: string, count: number | undefined): string | undefined {
  for (const language of languages) {
    if (count !== undefined) {
      const form = new Intl.PluralRules(language).select(count);
      const plural = lookup(language, `${key}_${form}`) ?? lookup(language, `${key}_other`);
      if (plural !== undefined) return plural;
    }
    const text = lookup(language, key);
    if (text !== undefined) return text;
  }
  return undefined;
}

function translate(language: string, key: TranslationKey, options: TranslateOptions = {}): string {
  const lng = options.lng ?? language;
  const text = find(lng === defaultLanguage ? [lng] : [lng, defaultLanguage], key, options.count);
  if (text === undefined) return key;
  return text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, name: string) => {
    const value = options[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : whole;
  });
}

function applyDocumentLanguage(language: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

function setCurrent(language: string): void {
  if (language === current) return;
  current = language;
  applyDocumentLanguage(language);
  for (const listener of listeners) listener();
}

/** The app's translator, also outside React. */
export const i18n = {
  get language(): string {
    return current;
  },
  t: (key: TranslationKey, options?: TranslateOptions): string => translate(current, key, options),
  /** Whether the key has a text (in `lng`, else the current language), without the German fallback. */
  exists: (key: string, options: { lng?: string } = {}): boolean => find([options.lng ?? current], key, undefined) !== undefined,
};

applyDocumentLanguage(current);

/** Loads a language's messages (once) and switches to it, and so <html lang>, unless another language
 * was chosen meanwhile. */
export async function switchLanguage(language: Language): Promise<void> {
  if (language !== 'de' && !bundles.has(language)) {
    const messages = await otherLanguages[language]();
    bundles.set(language, messages.default);
  }
  if (useLanguageStore.getState().language === language) setCurrent(language);
}

/** Resolves once the language chosen in this browser is ready (at once for German). */
export const languageReady: Promise<void> = pseudo ? Promise.resolve() : switchLanguage(useLanguageStore.getState().language);

// The store is the source of truth for the choice; the texts (and <html lang>) follow it.
useLanguageStore.subscribe((state) => {
  if (state.language !== current) void switchLanguage(state.language);
});

/** Translate outside React (e.g. document titles set from effects). */
export const t = i18n.t;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

const currentLanguage = () => current;

/** Translate inside React; re-renders when the language changes (once its messages are there). */
export function useT(): (key: TranslationKey, options?: TranslateOptions) => string {
  const language = useSyncExternalStore(subscribe, currentLanguage, currentLanguage);
  return useCallback((key: TranslationKey, options?: TranslateOptions) => translate(language, key, options), [language]);
}

export function useLanguage(): Language {
  return useLanguageStore((state) => state.language);
}
