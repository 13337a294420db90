import type { ReactNode } from 'react';
import { useT } from '../../i18n/i18n';
import { Alert } from './alert';
import { Button } from './button';
import { Spinner } from './spinner';

/**
 * The two states every screen that loads something shows: "loading" (a spinner with its text, announced
 * politely as a status) and "failed" (the error, announced at once, with an "Erneut versuchen" button).
 */

export function Loading({ label, className = '' }: { label: string; className?: string }) {
  return (
    <p role="status" className={`flex items-center gap-2 ${className}`}>
      <Spinner />
      {label}
    </p>
  );
}

export function RetryAlert({ message, onRetry }: { message: ReactNode; onRetry: () => unknown }) {
  const t = useT();
  return (
    <Alert>
      <p>{message}</p>
      <Button variant="secondary" className="mt-3" onClick={() => void onRetry()}>
        {t('common.retry')}
      </Button>
    </Alert>
  );
}
