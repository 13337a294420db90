import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useT } from '../../../i18n/i18n';
import type { ClassSummary } from '../lib/discover-classes';
import { ClassTabs, classTabs, isClassTab, type ClassTab } from './class-tabs';
import { MembersList } from './members-list';
import { ProvisionButton } from './provision-button';

export const CLASS_TAB_PARAM = 'ansicht';

function Placeholder({ tab }: { tab: ClassTab }) {
  const t = useT();
  return (
    <div className="rounded-2xl border border-dashed border-slate-400 bg-white p-6 dark:border-slate-600 dark:bg-slate-900">
      <h2 className="text-lg font-semibold">{t(`teams.home.tabs.${tab}`)}</h2>
      <p className="mt-2 text-slate-700 dark:text-slate-300">{t(`teams.home.placeholder.${tab}`)}</p>
    </div>
  );
}

/**
 * A class's home: its name, the tabs (Chat, Dateien, Aufgaben, Unterricht) and who is in the class.
 * Panels other features provide come in through `panels`; the rest show what is coming.
 */
export function ClassHome({
  summary,
  userId,
  panels = {},
}: {
  summary: ClassSummary;
  userId: string;
  panels?: Partial<Record<ClassTab, ReactNode>>;
}) {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const requested = params.get(CLASS_TAB_PARAM);
  const selected: ClassTab = isClassTab(requested) ? requested : 'chat';
  const allPanels = Object.fromEntries(classTabs.map((tab) => [tab, panels[tab] ?? <Placeholder tab={tab} />])) as Record<ClassTab, ReactNode>;

  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold tracking-tight">{summary.name}</h1>
          {summary.room?.hasCall ? <p className="mt-1 font-semibold text-red-800 dark:text-red-300">{t('teams.card.live')}</p> : null}
        </div>
        <ProvisionButton summary={summary} teacher={userId} />
      </header>
      {/* The lesson shows who takes part itself, and the call with its chat needs the width: no member list there. */}
      <div className={`grid grid-cols-[minmax(0,1fr)] gap-8 ${selected === 'unterricht' ? '' : 'lg:grid-cols-[minmax(0,1fr)_18rem]'}`}>
        <ClassTabs
          selected={selected}
          onSelect={(tab) => {
            const next = new URLSearchParams(params);
            next.set(CLASS_TAB_PARAM, tab);
            setParams(next, { replace: true });
          }}
          panels={allPanels}
        />
        {selected === 'unterricht' ? null : <MembersList roomToken={summary.room?.token ?? null} />}
      </div>
    </div>
  );
}
