import { useEffect, useState } from 'react';
import type { CounterDisplay } from '@navbat/shared';
import { ApiRequestError } from '@navbat/shared/client';
import { fetchCounterDisplay } from '../api';
import type { DisplayConfig } from '../config';
import { text } from '../i18n';
import { Bilingual } from '../components/Bilingual';
import { CounterScreen } from './CounterScreen';

/** How often a running screen asks again where its counter is. */
const recheckMs = 10 * 60_000;

/**
 * The small screen above a counter: `/display/counter/:counterId?sound=on|off`. It asks the server which
 * centre and zone the counter is in (retrying while the server is away), then follows that zone's display.
 */
export function CounterApp({ counterId, config }: { counterId: number; config: DisplayConfig }) {
  const [found, setFound] = useState<CounterDisplay | null>(null);
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    const abort = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const find = () =>
      fetchCounterDisplay(counterId, abort.signal).then(
        (counter) => {
          setMissing(false);
          // Only a move to another centre or zone starts the screen again; its name is followed live.
          setFound((had) => (had && had.centerId === counter.centerId && had.zone === counter.zone ? had : counter));
          // An admin may move the counter to another zone while the screen runs for weeks.
          retry = setTimeout(find, recheckMs);
        },
        (error: unknown) => {
          if (abort.signal.aborted) return;
          // A counter may be created later, and a server restarting answers nothing: keep asking.
          if (error instanceof ApiRequestError && error.code === 'COUNTER_NOT_FOUND') setMissing(true);
          retry = setTimeout(find, 10_000);
        },
      );
    void find();
    return () => {
      abort.abort();
      clearTimeout(retry);
    };
  }, [counterId]);

  if (!found) {
    return (
      <main className="message-screen">
        <h1 className="visually-hidden">Navbat counter screen</h1>
        <p role={missing ? 'alert' : 'status'}>
          <Bilingual text={missing ? text.unknownCounter : text.connecting} />
        </p>
        {missing && <p className="muted">{counterId}</p>}
      </main>
    );
  }
  return <CounterScreen key={`${found.centerId}:${found.zone ?? ''}`} counter={found} config={config} />;
}
