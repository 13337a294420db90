import { useEffect, useRef, useState } from 'react';

/**
 * `value`, but changing at most once per `minGapMs`: a change within the gap is shown when the gap ends (the
 * latest value wins). For live regions that must not chatter (e.g. "Es spricht: …" while people take turns).
 */
export function useRateLimited<T>(value: T, minGapMs: number): T {
  const [shown, setShown] = useState(value);
  const lastChange = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return undefined;
    const wait = lastChange.current + minGapMs - Date.now();
    if (wait <= 0) {
      lastChange.current = Date.now();
      setShown(value);
      return undefined;
    }
    const timer = setTimeout(() => {
      lastChange.current = Date.now();
      setShown(value);
    }, wait);
    return () => {
      clearTimeout(timer);
    };
  }, [value, shown, minGapMs]);
  return shown;
}
