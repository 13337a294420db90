import { formatNumber } from './format';
import type { Language } from './language-store';

const units = ['B', 'KB', 'MB', 'GB', 'TB'];

/** "23 B", "1,5 MB" (binary steps, as Nextcloud shows sizes). */
export function formatBytes(bytes: number, language: Language): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${formatNumber(value, language, { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit] ?? 'B'}`;
}
