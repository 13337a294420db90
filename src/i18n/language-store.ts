import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { localStorageOrMemory } from '../lib/browser-storage';

export const languages = ['de', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'de';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

interface LanguageState {
  language: Language;
  setLanguage: (language: Language) => void;
}

/** The user's language choice: client state, persisted in this browser. */
export const useLanguageStore = create<LanguageState>()(
  persist(
    (set) => ({
      language: defaultLanguage,
      setLanguage: (language) => {
        set({ language });
      },
    }),
    {
      name: 'klassenraum.language',
      version: 1,
      storage: createJSONStorage(() => localStorageOrMemory()),
      partialize: (state) => ({ language: state.language }),
      merge: (persisted, current) => {
        const language = (persisted as { language?: unknown } | undefined)?.language;
        return isLanguage(language) ? { ...current, language } : current;
      },
    },
  ),
);
