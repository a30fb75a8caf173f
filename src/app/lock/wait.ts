/** The wait after wrong passphrases, counted down in whole seconds. */
import { useEffect, useState } from 'preact/hooks';

/** Seconds left until `until` (ms since epoch), re-rendered as it counts down; 0 when there is nothing to wait for. */
export function useCountdown(until: number): number {
  const [, tick] = useState(0);
  const seconds = Math.max(0, Math.ceil((until - Date.now()) / 1000));
  useEffect(() => {
    if (until <= Date.now()) return;
    const timer = setInterval(() => {
      tick((n) => n + 1);
      if (until <= Date.now()) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [until]);
  return seconds;
}
