import { useEffect, useMemo, useState } from 'react';
import { fetchCenters } from './api';
import { readConfig, type DisplayConfig } from './config';
import { text } from './i18n';
import { Bilingual } from './components/Bilingual';
import { Board } from './components/Board';
import { CounterApp } from './counter/CounterApp';
import { counterIdFromPath } from './counter/counter-view';

/**
 * The hall display: `/display?center=ID&zone=Z&sound=on|off`; `center` may be left out where there is one.
 * `/display/counter/:counterId` is the small screen above one counter.
 */
export function App() {
  const config = useMemo<DisplayConfig>(() => readConfig(window.location.search), []);
  const counterId = useMemo(() => counterIdFromPath(window.location.pathname), []);
  if (counterId !== null) return <CounterApp counterId={counterId} config={config} />;
  return <HallApp config={config} />;
}

function HallApp({ config }: { config: DisplayConfig }) {
  const [centerId, setCenterId] = useState<string | null>(config.centerId);
  const [mustChoose, setMustChoose] = useState(false);

  useEffect(() => {
    if (centerId) return;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const abort = new AbortController();
    const find = () =>
      fetchCenters(abort.signal).then(
        (centers) => {
          if (centers.length === 1) setCenterId(centers[0]!.id);
          else setMustChoose(true);
        },
        () => {
          if (!abort.signal.aborted) retry = setTimeout(find, 5_000);
        },
      );
    void find();
    return () => {
      abort.abort();
      clearTimeout(retry);
    };
  }, [centerId]);

  if (!centerId) {
    return (
      <main className="message-screen">
        <h1 className="visually-hidden">Navbat display</h1>
        <p role="status">
          <Bilingual text={mustChoose ? text.chooseCenter : text.connecting} />
        </p>
      </main>
    );
  }
  return <Board centerId={centerId} config={config} />;
}
