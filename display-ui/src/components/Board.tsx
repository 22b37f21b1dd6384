import { useCallback, useEffect, useRef } from 'react';
import type { PublicService, TicketCalledEvent } from '@navbat/shared';
import type { DisplayConfig } from '../config';
import { useAnnouncer } from '../hooks/useAnnouncer';
import { useCenterInfo } from '../hooks/useCenterInfo';
import { useDisplayBoard } from '../hooks/useDisplayBoard';
import { text, zoneLabel } from '../i18n';
import { Bilingual } from './Bilingual';
import { Clock } from './Clock';
import { ConnectionMarker } from './ConnectionMarker';
import { NowServing } from './NowServing';
import { RecentCalls } from './RecentCalls';
import { EnableSoundOverlay, SoundToggle } from './SoundControls';
import { Ticker } from './Ticker';
import { WaitingList } from './WaitingList';

/** The whole board of one centre (and zone): header, now serving, recent calls, waiting, ticker. */
export function Board({ centerId, config }: { centerId: string; config: DisplayConfig }) {
  const announcer = useAnnouncer(config.sound);
  // The service of a call (a journey's stop) is said after the counter; names load after the socket connects.
  const servicesRef = useRef<Map<number, PublicService>>(new Map());
  const { announce } = announcer;
  const onCall = useCallback((event: TicketCalledEvent) => announce(event, servicesRef.current.get(event.serviceId)?.name), [announce]);
  // Reported on the devices page: a display whose announcements are off (or blocked by the browser) is amber.
  const { soundOn, blocked } = announcer;
  const describe = useCallback(() => ({ kind: 'display' as const, label: config.zone, sound: soundOn && !blocked }), [config.zone, soundOn, blocked]);
  const { model, connection, connects } = useDisplayBoard(centerId, config.zone, config.highlightMs, onCall, describe);
  const { center, services } = useCenterInfo(centerId, connects);
  useEffect(() => {
    servicesRef.current = services;
  }, [services]);
  const serving = model.state?.serving;
  const servingSeq = model.state?.seq;
  const { retainServing } = announcer;
  // A call waiting to be spoken whose ticket has left its counter (finished, no-show, next call) is dropped.
  // This effect runs after the render, and a newer call may have been queued since: only calls the rendered
  // state already knew of (seq at most its own) are judged by it.
  useEffect(() => {
    if (serving && servingSeq !== undefined) retainServing(serving, servingSeq);
  }, [serving, servingSeq, retainServing]);

  useEffect(() => {
    document.title = center ? `${center.name.en} — Navbat display` : 'Navbat display';
  }, [center]);

  if (connection === 'unknown-center' || connection === 'unknown-zone') {
    return (
      <main className="message-screen">
        <h1 className="visually-hidden">Navbat display</h1>
        <p role="alert">
          <Bilingual text={connection === 'unknown-center' ? text.unknownCenter : text.unknownZone} />
        </p>
        <p className="muted">{connection === 'unknown-center' ? centerId : `${centerId} · ${config.zone}`}</p>
      </main>
    );
  }

  const state = model.state;
  return (
    <div className="board" data-testid="board" data-connection={connection} data-seq={model.lastSeq}>
      <header className="topbar">
        <h1 className="hall-name">
          {center ? <Bilingual text={{ en: center.name.en, ur: center.name.ur ?? center.name.en }} /> : <span className="en">Navbat</span>}
          {config.zone && (
            <span className="zone-name" data-testid="zone-name">
              {zoneLabel(config.zone)}
            </span>
          )}
        </h1>
        <ConnectionMarker connection={state ? connection : 'connecting'} />
        <SoundToggle soundOn={announcer.soundOn} onToggle={announcer.toggleSound} />
        <Clock timeZone={center?.timezone ?? 'Asia/Karachi'} />
      </header>
      <main className={state ? 'main' : 'main loading'} aria-busy={!state}>
        <NowServing model={model} services={services} pageMs={config.pageMs} />
        <aside className="side">
          <RecentCalls calls={state?.recentCalls ?? []} services={services} max={10} />
          {config.showWaiting && state && <WaitingList waiting={state.waiting} services={services} />}
        </aside>
      </main>
      <Ticker message={state?.message ?? null} />
      {announcer.soundOn && announcer.blocked && <EnableSoundOverlay onEnable={() => void announcer.unlock()} />}
    </div>
  );
}
