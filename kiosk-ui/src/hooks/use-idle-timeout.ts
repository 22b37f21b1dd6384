import { useEffect, useRef } from 'react';

const activityEvents = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

/** Calls `onIdle` after `ms` without a touch, click or key press, while `enabled`. */
export function useIdleTimeout(ms: number, onIdle: () => void, enabled: boolean): void {
  const callback = useRef(onIdle);
  callback.current = onIdle;
  useEffect(() => {
    if (!enabled) return;
    let timer = setTimeout(() => callback.current(), ms);
    const reset = () => {
      clearTimeout(timer);
      timer = setTimeout(() => callback.current(), ms);
    };
    for (const e of activityEvents) window.addEventListener(e, reset, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of activityEvents) window.removeEventListener(e, reset);
    };
  }, [ms, enabled]);
}
