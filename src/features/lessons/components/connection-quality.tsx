import { useT } from '../../../i18n/i18n';
import type { ConnectionQuality } from '../transport/call-transport';

const BARS: Record<ConnectionQuality, number> = { good: 3, poor: 1, lost: 0 };

/** Signal bars and a word ("Verbindung gut/schwach/unterbrochen"): the state is never told by colour alone. */
export function ConnectionQualityBadge({ quality }: { quality: ConnectionQuality }) {
  const t = useT();
  const filled = BARS[quality];
  return (
    <span className="inline-flex items-center gap-1 text-xs" data-quality={quality}>
      <svg aria-hidden="true" viewBox="0 0 12 12" className="h-3 w-3">
        {[0, 1, 2].map((i) => (
          <rect key={i} x={i * 4} y={8 - i * 4} width="3" height={4 + i * 4} fill="currentColor" opacity={i < filled ? 1 : 0.3} />
        ))}
        {quality === 'lost' ? <line x1="0" y1="0" x2="12" y2="12" stroke="currentColor" strokeWidth="1.5" /> : null}
      </svg>
      {t(`lessons.quality.${quality}`)}
    </span>
  );
}
