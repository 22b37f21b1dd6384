import { useCallback, useEffect, useRef, useState } from 'react';
import { AnnouncementPlayer } from '../announcer/player';

/** What tests (and a technician in DevTools) can read of the counter screen's sound. */
export interface ChimeProbe {
  /** Chimes played to their end since the page loaded. */
  played(): number;
  blocked(): boolean;
}

declare global {
  interface Window {
    __navbatChime?: ChimeProbe;
  }
}

/**
 * A chime for the screen above a counter (the hall display speaks the call). While the browser blocks
 * autoplay, `blocked` asks for one tap (`unlock`); a chime asked for meanwhile is not kept (a late chime
 * would mislead).
 */
export function useChime(soundOn: boolean) {
  const player = useRef<AnnouncementPlayer | null>(null);
  const [blocked, setBlocked] = useState(false);
  const state = useRef({ soundOn, blocked, played: 0 });
  useEffect(() => {
    state.current.soundOn = soundOn;
    state.current.blocked = blocked;
  }, [soundOn, blocked]);

  useEffect(() => {
    const p = new AnnouncementPlayer();
    player.current = p;
    window.__navbatChime = { played: () => state.current.played, blocked: () => state.current.blocked };
    return () => {
      p.dispose();
      player.current = null;
      delete window.__navbatChime;
    };
  }, []);

  useEffect(() => {
    const p = player.current;
    if (!p || !soundOn) {
      setBlocked(false);
      return;
    }
    let cancelled = false;
    void p.canPlay().then((ok) => {
      if (cancelled) return;
      setBlocked(!ok);
      if (ok) p.preload().catch(() => {});
    });
    return () => {
      cancelled = true;
    };
  }, [soundOn]);

  const chime = useCallback(() => {
    const p = player.current;
    if (!p || !state.current.soundOn || state.current.blocked) return;
    p.chime().then(
      () => (state.current.played += 1),
      () => {},
    );
  }, []);

  const unlock = useCallback(async () => {
    const p = player.current;
    if (p && (await p.unlock())) {
      setBlocked(false);
      p.preload().catch(() => {});
    }
  }, []);

  return { blocked, chime, unlock };
}
