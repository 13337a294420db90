/** Deck's background jobs on a timer (Nextcloud's cron): the due-date notifications every few seconds. */
import type { App } from '../context.js';
import { runDueDateJob } from './notify.js';

/** Starts the jobs; returns the function that stops them (call it when the server closes). */
export function startDeckJobs(app: App, intervalMs = 5000): () => void {
  const timer = setInterval(() => {
    try {
      runDueDateJob(app);
    } catch (err) {
      console.error('[devserver] Deck due-date job failed:', err);
    }
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
