import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import de from './locales/de.json';
import en from './locales/en.json';
import { defaultLanguage, useLanguageStore, type Language } from './language-store';
import { PSEUDO_LANGUAGE, pseudoMessages, pseudoRequested } from './pseudo';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof de };
  }
}

export const resources = { de: { translation: de }, en: { translation: en } } as const;

/** The app's one i18next instance, initialised synchronously on first import. */
export const i18n = i18next.createInstance();

// Layout checks: `?lng=pseudo` shows every German string accented and longer (src/i18n/pseudo.ts).
const pseudo = typeof window !== 'undefined' && pseudoRequested(window.location.search);

void i18n.use(initReactI18next).init({
  resources: pseudo ? { ...resources, [PSEUDO_LANGUAGE]: { translation: pseudoMessages(de) } } : resources,
  lng: pseudo ? PSEUDO_LANGUAGE : useLanguageStore.getState().language,
  fallbackLng: defaultLanguage,
  supportedLngs: pseudo ? ['de', 'en', PSEUDO_LANGUAGE] : ['de', 'en'],
  interpolation: { escapeValue: false }, // React escapes.
  returnNull: false,
  initAsync: false,
});

function applyDocumentLanguage(language: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

applyDocumentLanguage(i18n.language);
i18n.on('languageChanged', applyDocumentLanguage);

// The store is the source of truth for the choice; i18next (and <html lang>) follow it.
useLanguageStore.subscribe((state) => {
  if (state.language !== i18n.language) void i18n.changeLanguage(state.language);
});

/** Translate outside React (e.g. document titles set from effects). */
export const t = i18n.t.bind(i18n);

/** Translate inside React; re-renders when the language changes. */
export function useT() {
  return useTranslation().t;
}

export function useLanguage(): Language {
  return useLanguageStore((state) => state.language);
}
