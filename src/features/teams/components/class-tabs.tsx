import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useT } from '../../../i18n/i18n';

export const classTabs = ['chat', 'dateien', 'aufgaben', 'unterricht'] as const;
export type ClassTab = (typeof classTabs)[number];

export function isClassTab(value: string | null): value is ClassTab {
  return classTabs.includes(value as ClassTab);
}

/**
 * The class home's tabs (WAI-ARIA tabs pattern, automatic activation): one tab stop, arrow keys,
 * Home and End move between tabs. The selected tab lives in the URL (?ansicht=dateien) so it can be linked.
 */
export function ClassTabs({
  selected,
  onSelect,
  panels,
}: {
  selected: ClassTab;
  onSelect: (tab: ClassTab) => void;
  panels: Record<ClassTab, ReactNode>;
}) {
  const t = useT();
  const refs = useRef(new Map<ClassTab, HTMLButtonElement>());

  function move(event: KeyboardEvent<HTMLButtonElement>) {
    const index = classTabs.indexOf(selected);
    const last = classTabs.length - 1;
    const next =
      event.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
      : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : null;
    if (next === null) return;
    event.preventDefault();
    const tab = classTabs[next];
    if (tab === undefined) return;
    onSelect(tab);
    refs.current.get(tab)?.focus();
  }

  return (
    <div className="flex flex-col gap-4">
      <div
        role="tablist"
        aria-label={t('teams.home.tabsLabel')}
        className="flex flex-wrap gap-1 border-b border-slate-300 dark:border-slate-700"
      >
        {classTabs.map((tab) => {
          const active = tab === selected;
          return (
            <button
              key={tab}
              ref={(node) => {
                if (node) refs.current.set(tab, node);
                else refs.current.delete(tab);
              }}
              type="button"
              role="tab"
              id={`class-tab-${tab}`}
              aria-selected={active}
              aria-controls={`class-panel-${tab}`}
              tabIndex={active ? 0 : -1}
              onClick={() => onSelect(tab)}
              onKeyDown={move}
              className={
                'min-h-11 min-w-11 rounded-t-lg px-4 font-medium hover:bg-slate-100 dark:hover:bg-slate-800 ' +
                (active ? 'border-b-4 border-blue-700 text-blue-800 dark:border-blue-300 dark:text-blue-200' : 'text-slate-700 dark:text-slate-300')
              }
            >
              {t(`teams.home.tabs.${tab}`)}
            </button>
          );
        })}
      </div>
      {classTabs.map((tab) => (
        <div
          key={tab}
          role="tabpanel"
          id={`class-panel-${tab}`}
          aria-labelledby={`class-tab-${tab}`}
          hidden={tab !== selected}
        >
          {tab === selected ? panels[tab] : null}
        </div>
      ))}
    </div>
  );
}
