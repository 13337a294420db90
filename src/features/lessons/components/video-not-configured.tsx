import { useT } from '../../../i18n/i18n';

/** Where an admin finds the signaling server (the high-performance backend's own project). */
const SIGNALING_SERVER_URL = 'https://github.com/strukturag/nextcloud-spreed-signaling';

/**
 * This server has no video backend: no lesson can start or be joined, so there is nothing to wait or queue for.
 * Says so plainly, and what the school's admin must set up (README, "Video lessons: …").
 */
export function VideoNotConfigured({ teacher }: { teacher: boolean }) {
  const t = useT();
  return (
    <section aria-labelledby="video-not-configured" className="flex min-w-0 flex-col gap-3 rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50">
      <h3 id="video-not-configured" className="font-semibold">
        {t('lessons.notConfigured.title')}
      </h3>
      <p>{teacher ? t('lessons.notConfigured.teacher') : t('lessons.notConfigured.student')}</p>
      <p>{t('lessons.notConfigured.admin')}</p>
      <p>
        {t('lessons.notConfigured.readme')}{' '}
        <a href={SIGNALING_SERVER_URL} target="_blank" rel="noopener noreferrer" className="inline-flex min-h-11 items-center underline">
          {t('lessons.notConfigured.signalingLink')}
        </a>
      </p>
    </section>
  );
}
