import type { ReactNode } from 'react';

export type AlertTone = 'error' | 'info';

const tones: Record<AlertTone, string> = {
  error: 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100',
  info: 'border-blue-300 bg-blue-50 text-blue-950 dark:border-blue-800 dark:bg-blue-950 dark:text-blue-100',
};

/** A message box. Errors are announced immediately (role="alert"), info politely (role="status"). */
export function Alert({ tone = 'error', children }: { tone?: AlertTone; children: ReactNode }) {
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={`rounded-lg border p-4 ${tones[tone]}`}>
      {children}
    </div>
  );
}
