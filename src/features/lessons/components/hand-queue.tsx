import { useId } from 'react';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import type { CallTransport, RemoteParticipant } from '../transport/call-transport';

/** The teacher's list of raised hands, oldest first, each with "Sprechen erlauben" until they may speak. */
export function HandQueue({ transport, remotes, onError }: { transport: CallTransport; remotes: RemoteParticipant[]; onError: (e: unknown) => void }) {
  const t = useT();
  const id = useId();
  const queue = remotes.filter((r) => r.handRaisedAt !== null).sort((a, b) => (a.handRaisedAt ?? 0) - (b.handRaisedAt ?? 0));
  return (
    <section aria-labelledby={`${id}-hands`} className="rounded-xl border p-3">
      <h3 id={`${id}-hands`} className="font-semibold">
        {t('lessons.hands.title')}
      </h3>
      {queue.length === 0 ? (
        <p className="text-sm">{t('lessons.hands.empty')}</p>
      ) : (
        <ol className="flex flex-col gap-2">
          {queue.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-2">
              <span>{r.displayName}</span>
              {r.mayPublishAudio ? (
                <span className="text-sm">{t('lessons.hands.speaking')}</span>
              ) : (
                <Button
                  variant="secondary"
                  aria-label={t('lessons.hands.grantTo', { name: r.displayName })}
                  onClick={() => {
                    transport.allowSpeaking(r.id, true).catch(onError);
                  }}
                >
                  {t('lessons.hands.grant')}
                </Button>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
