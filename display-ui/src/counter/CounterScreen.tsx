import { useCallback, useEffect, useRef } from 'react';
import type { CounterDisplay, TicketCalledEvent } from '@navbat/shared';
import type { DisplayConfig } from '../config';
import { useCenterInfo } from '../hooks/useCenterInfo';
import { useChime } from '../hooks/useChime';
import { useDisplayBoard } from '../hooks/useDisplayBoard';
import { useElementSize } from '../hooks/useElementSize';
import { backAt, counterLabel, text } from '../i18n';
import { textWidthEm } from '../layout/measure';
import { Bilingual } from '../components/Bilingual';
import { ConnectionMarker } from '../components/ConnectionMarker';
import { ServiceName } from '../components/NowServing';
import { EnableSoundOverlay } from '../components/SoundControls';
import { counterView } from './counter-view';

/**
 * One counter's screen: its name, and the ticket it calls or serves now as big as the screen allows, or
 * that it is paused or closed. It follows its zone's display state like the hall display (a snapshot on
 * every connect, a sync when a seq was missed) and chimes when this counter calls.
 */
export function CounterScreen({ counter, config }: { counter: CounterDisplay; config: DisplayConfig }) {
  const sound = useChime(config.sound ?? true);
  const { chime } = sound;
  const onCall = useCallback(
    (event: TicketCalledEvent) => {
      if (event.counterId === counter.counterId) chime();
    },
    [chime, counter.counterId],
  );
  // On the devices page as the screen above this counter; its chime off or blocked shows as sound off.
  const soundOn = (config.sound ?? true) && !sound.blocked;
  const describe = useCallback(() => ({ kind: 'counter-display' as const, label: counter.counterName, sound: soundOn }), [counter.counterName, soundOn]);
  const { model, connection, connects } = useDisplayBoard(counter.centerId, counter.zone, config.highlightMs, onCall, describe);
  const { center, services } = useCenterInfo(counter.centerId, connects);
  const view = counterView(model.state, counter.counterId, counter.counterName);
  const name = view.kind === 'loading' ? counter.counterName : view.counterName;

  useEffect(() => {
    document.title = `${counterLabel(name)} — Navbat`;
  }, [name]);

  const mainRef = useRef<HTMLElement>(null);
  const box = useElementSize(mainRef);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const titleBox = useElementSize(titleRef);
  const viewport = { w: window.innerWidth, h: window.innerHeight };
  const vmin = Math.min(viewport.w, viewport.h) / 100;
  const call = view.kind === 'serving' ? view.call : null;
  // The code as big as the screen allows: 92% of the width, and 44% of the height (at line height 1.3; the label
  // and the service in English and Urdu take the rest).
  const codeFont = call && box.width > 0 ? Math.floor(Math.min(box.height * 0.44, (box.width * 0.92) / (textWidthEm(call.ticketCode) + 0.1))) : 0;
  // A long name ("Business Facilitation Desk 12") is set smaller to fit the header rather than cut.
  const titleMax = Math.min(320, Math.max(24, 7 * vmin));
  const titleFont = titleBox.width > 0 ? Math.floor(Math.min(titleMax, (titleBox.width * 0.98) / textWidthEm(counterLabel(name), 800))) : titleMax;
  const highlight = model.highlight;
  const flashing = !!call && !!highlight && highlight.counterId === counter.counterId && highlight.ticketCode === call.ticketCode;

  return (
    <div className="counter-screen" data-testid="counter-screen" data-connection={connection} data-seq={model.lastSeq} data-status={view.kind}>
      <header className="topbar counter-topbar">
        <h1 ref={titleRef} className="counter-title" data-testid="counter-title" title={counterLabel(name)} style={{ fontSize: `${titleFont}px` }}>
          {counterLabel(name)}
        </h1>
        <ConnectionMarker connection={model.state ? connection : 'connecting'} />
      </header>
      <main ref={mainRef} className={`counter-main ${view.kind}${flashing ? ' flashing' : ''}`} aria-busy={view.kind === 'loading'} style={{ fontSize: `${Math.max(16, 4 * vmin)}px` }}>
        {view.kind === 'serving' && call && (
          <div className="counter-call" data-testid="counter-call" data-ticket={call.ticketCode} data-highlighted={flashing ? 'true' : 'false'} aria-live="polite">
            <p className="counter-label">
              <Bilingual text={text.nowServing} />
            </p>
            <p className="counter-code" style={codeFont ? { fontSize: `${codeFont}px` } : undefined}>
              <span className="visually-hidden">{text.token.en} </span>
              {call.ticketCode}
            </p>
            <ServiceName service={services.get(call.serviceId)} className="counter-service" stacked />
          </div>
        )}
        {view.kind === 'idle' && (
          <p className="counter-state" data-testid="counter-state">
            <Bilingual text={text.readyForNext} stacked />
          </p>
        )}
        {(view.kind === 'paused' || view.kind === 'closed') && (
          <div className="counter-state" data-testid="counter-state" role="status">
            <p className="counter-state-title">
              <Bilingual text={view.kind === 'paused' ? text.counterPaused : text.counterClosed} stacked />
            </p>
            <p className="counter-state-note">
              <Bilingual text={view.kind === 'paused' ? (view.expectedBackAt ? backAt(view.expectedBackAt, center?.timezone ?? 'Asia/Karachi') : text.backSoon) : text.useAnotherCounter} stacked />
            </p>
          </div>
        )}
        {view.kind === 'loading' && (
          <p className="counter-state muted" role="status">
            <Bilingual text={text.connecting} stacked />
          </p>
        )}
      </main>
      {config.sound !== false && sound.blocked && <EnableSoundOverlay onEnable={() => void sound.unlock()} />}
    </div>
  );
}
