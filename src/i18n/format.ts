import { useMemo } from 'react';
import type { Language } from './language-store';
import { useLanguage } from './i18n';

/** BCP 47 locales for the app languages (a German school: English uses day-month order). */
const locales: Record<Language, string> = { de: 'de-DE', en: 'en-GB' };

export type DateInput = Date | number | string;

function toDate(value: DateInput): Date {
  return value instanceof Date ? value : new Date(value);
}

export function formatDate(
  value: DateInput,
  language: Language,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' },
): string {
  return new Intl.DateTimeFormat(locales[language], options).format(toDate(value));
}

export function formatNumber(value: number, language: Language, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locales[language], options).format(value);
}

const relativeSteps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** "vor 5 Minuten" / "5 minutes ago", "morgen" / "tomorrow". */
export function formatRelativeTime(value: DateInput, language: Language, now: number = Date.now()): string {
  let amount = (toDate(value).getTime() - now) / 1000;
  const format = new Intl.RelativeTimeFormat(locales[language], { numeric: 'auto' });
  for (const [unit, size] of relativeSteps) {
    if (Math.abs(amount) < size) return format.format(Math.round(amount), unit);
    amount /= size;
  }
  return format.format(Math.round(amount), 'year');
}

/** Formatters bound to the current language. */
export function useFormat() {
  const language = useLanguage();
  return useMemo(
    () => ({
      date: (value: DateInput, options?: Intl.DateTimeFormatOptions) => formatDate(value, language, options),
      number: (value: number, options?: Intl.NumberFormatOptions) => formatNumber(value, language, options),
      relativeTime: (value: DateInput) => formatRelativeTime(value, language),
    }),
    [language],
  );
}
