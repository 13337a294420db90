import { useT } from '../../i18n/i18n';
import { languages, useLanguageStore } from '../../i18n/language-store';

/** Deutsch / English toggle. The choice is kept in this browser and sets <html lang>. `compact` (the
 * header): "DE" / "EN" below the lg breakpoint, so phone and tablet headers keep to one row; the buttons'
 * names stay "Deutsch" / "English". */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const t = useT();
  const language = useLanguageStore((state) => state.language);
  const setLanguage = useLanguageStore((state) => state.setLanguage);
  return (
    <div role="group" aria-label={t('language.label')} className="flex rounded-lg border border-slate-300 p-0.5 dark:border-slate-600">
      {languages.map((option) => {
        const active = option === language;
        return (
          <button
            key={option}
            type="button"
            lang={option}
            aria-pressed={active}
            onClick={() => {
              setLanguage(option);
            }}
            className={
              `min-h-11 min-w-11 rounded-md text-sm font-medium transition-colors ${compact ? 'px-2 lg:px-3' : 'px-3'} ` +
              (active
                ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-950'
                : 'text-slate-800 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800')
            }
          >
            {compact ? (
              <>
                <span aria-hidden="true" className="uppercase lg:hidden">
                  {option}
                </span>
                <span className="sr-only lg:not-sr-only">{t(`language.${option}`)}</span>
              </>
            ) : (
              t(`language.${option}`)
            )}
          </button>
        );
      })}
    </div>
  );
}
