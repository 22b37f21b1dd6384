import { useCallback, useEffect, useRef, useState } from 'react';
import type { TicketCalledEvent } from '@navbat/shared';
import { AnnouncementPlayer } from '../announcer/player';
import { AnnouncementQueue, type QueueSnapshot, type ServingCall } from '../announcer/queue';

/** What tests (and a technician in DevTools) can read: the queue, not the speakers. */
export interface AnnouncerProbe {
  snapshot(): QueueSnapshot;
  engines(): AnnouncementPlayer['lastEngines'];
  soundOn(): boolean;
  blocked(): boolean;
}

declare global {
  interface Window {
    __navbatAnnouncer?: AnnouncerProbe;
  }
}

const storageKey = 'navbat.display.sound';

function initialSound(fromUrl: boolean | null): boolean {
  if (fromUrl !== null) return fromUrl;
  try {
    return localStorage.getItem(storageKey) !== 'off';
  } catch {
    return true;
  }
}

/**
 * Spoken announcements for calls: one queue and one player for the page's lifetime. While the browser
 * blocks autoplay the queue holds its calls and `blocked` asks for one tap (`unlock`).
 */
export function useAnnouncer(soundFromUrl: boolean | null) {
  const [soundOn, setSoundOn] = useState(() => initialSound(soundFromUrl));
  const [blocked, setBlocked] = useState(false);
  const parts = useRef<{ queue: AnnouncementQueue; player: AnnouncementPlayer } | null>(null);
  const state = useRef({ soundOn, blocked });
  useEffect(() => {
    state.current = { soundOn, blocked };
  }, [soundOn, blocked]);

  useEffect(() => {
    const player = new AnnouncementPlayer();
    const queue = new AnnouncementQueue({ play: (a, signal) => player.play(a, signal) });
    parts.current = { queue, player };
    window.__navbatAnnouncer = {
      snapshot: () => queue.snapshot(),
      engines: () => ({ ...player.lastEngines }),
      soundOn: () => state.current.soundOn,
      blocked: () => state.current.blocked,
    };
    return () => {
      queue.dispose();
      player.dispose();
      parts.current = null;
      delete window.__navbatAnnouncer;
    };
  }, []);

  useEffect(() => {
    const p = parts.current;
    if (!p) return;
    if (!soundOn) {
      p.queue.clear('sound off');
      setBlocked(false);
      return;
    }
    let cancelled = false;
    p.queue.pause();
    void p.player.canPlay().then((ok) => {
      if (cancelled) return;
      setBlocked(!ok);
      if (ok) {
        p.queue.resume();
        p.player.preload().catch(() => {});
      }
    });
    return () => {
      cancelled = true;
    };
  }, [soundOn]);

  const announce = useCallback((event: TicketCalledEvent, serviceName?: { en: string; ur?: string }) => {
    if (!state.current.soundOn) return;
    parts.current?.queue.enqueue({
      ticketCode: event.ticketCode,
      counterId: event.counterId,
      counterName: event.counterName,
      recall: event.recall,
      seq: event.seq,
      ...(serviceName ? { serviceName } : {}),
    });
  }, []);

  /** What the board now shows as served: calls waiting for a ticket that has left its counter are dropped. */
  const retainServing = useCallback((serving: readonly ServingCall[], asOfSeq?: number) => parts.current?.queue.retainServing(serving, asOfSeq), []);

  /** From a tap on the "enable sound" overlay: browsers allow audio after a gesture. */
  const unlock = useCallback(async () => {
    const p = parts.current;
    if (!p) return;
    if (await p.player.unlock()) {
      setBlocked(false);
      p.queue.resume();
      p.player.preload().catch(() => {});
    }
  }, []);

  const toggleSound = useCallback(() => {
    setSoundOn((on) => {
      try {
        localStorage.setItem(storageKey, on ? 'off' : 'on');
      } catch {
        /* private mode: the setting lasts this page */
      }
      return !on;
    });
  }, []);

  return { soundOn, blocked, announce, retainServing, unlock, toggleSound };
}
