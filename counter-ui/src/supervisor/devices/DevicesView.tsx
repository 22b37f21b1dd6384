import { useCallback, useEffect, useState } from 'react';
import type { Device, DeviceState, DevicesResponse } from '@navbat/shared';
import { errorCode, errorText, formatDuration, t, useLanguage } from '../../lib';
import { devicesApi } from './devices-api';
import './messages';
import './devices.css';

/** How often the page asks again; a display dark for a minute turns red here within this much more. */
export const devicesRefreshSeconds = 5;

const slaClass: Record<DeviceState, string> = { green: 'sla-ok', amber: 'sla-near', red: 'sla-over' };
const rank: Record<DeviceState, number> = { red: 0, amber: 1, green: 2 };

const nameOf = (d: Device) => d.label || t('dev.unnamed');
const silentFor = (d: Device, at: string) => Math.max(0, (Date.parse(at) - Date.parse(d.lastSeenAt)) / 1000);

/** A name or time set apart (FSI … PDI), so a Latin name in an Urdu sentence keeps its place and its brackets. */
const isolate = (s: string) => `\u2068${s}\u2069`;

function problemText(d: Device, at: string): string {
  return t(`dev.problem.${d.problem}`, { kind: t(`dev.kind.${d.kind}`), name: isolate(nameOf(d)), time: isolate(formatDuration(silentFor(d, at))) });
}

function useDevices(centerId: string) {
  const [data, setData] = useState<DevicesResponse | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setData(await devicesApi.list(centerId));
      setFailed(null);
    } catch (e) {
      setFailed(errorCode(e));
    }
  }, [centerId]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), devicesRefreshSeconds * 1000);
    return () => clearInterval(timer);
  }, [load]);
  return { data, failed, reload: load };
}

/** Every kiosk, display and counter PC of the centre: green, amber or red, with what is wrong. */
export function DevicesView({ centerId }: { centerId: string }) {
  useLanguage();
  const { data, failed, reload } = useDevices(centerId);
  const [message, setMessage] = useState<string | null>(null);
  const devices = data ? [...data.devices].sort((a, b) => rank[a.state] - rank[b.state] || a.kind.localeCompare(b.kind) || nameOf(a).localeCompare(nameOf(b))) : [];
  const troubled = devices.filter((d) => d.problem !== null);

  async function forget(d: Device) {
    if (!window.confirm(t('dev.forgetConfirm', { name: nameOf(d) }))) return;
    try {
      await devicesApi.forget(centerId, d.deviceId);
      setMessage(null);
      await reload();
    } catch (e) {
      setMessage(errorText(errorCode(e)));
    }
  }

  return (
    <div className="dev">
      <section className="card" aria-labelledby="dev-alerts-title">
        <h2 id="dev-alerts-title">{t('dev.alerts')}</h2>
        <div aria-live="polite" data-testid="dev-alerts">
          {!data ? (
            failed ? <p role="alert">{errorText(failed)}</p> : <p role="status">{t('loading')}</p>
          ) : troubled.length === 0 ? (
            <p className="badge badge-ok">{t('dev.noAlerts')}</p>
          ) : (
            <ul className="sup-alert-list">
              {troubled.map((d) => (
                <li key={d.deviceId} className={`sup-alert dev-alert-${d.state}`} data-device-id={d.deviceId}>
                  {problemText(d, data.at)}
                </li>
              ))}
            </ul>
          )}
        </div>
      </section>

      <section className="card" aria-labelledby="dev-title">
        <h2 id="dev-title">{t('dev.title')}</h2>
        <p className="dev-intro">{t('dev.intro', { n: data?.heartbeatSeconds ?? 15 })}</p>
        {message && <p role="alert">{message}</p>}
        {data && devices.length === 0 && <p className="sup-empty">{t('dev.none')}</p>}
        {devices.length > 0 && data && (
          <div className="sup-table-wrap">
            <table className="sup-table" data-testid="dev-table">
              <thead>
                <tr>
                  <th scope="col">{t('dev.name')}</th>
                  <th scope="col">{t('dev.state')}</th>
                  <th scope="col">{t('dev.kind')}</th>
                  <th scope="col">{t('dev.lastSeen')}</th>
                  <th scope="col">{t('dev.screen')}</th>
                  <th scope="col">{t('dev.sound')}</th>
                  <th scope="col">{t('dev.printer')}</th>
                  <th scope="col">{t('dev.version')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('dev.forget')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {devices.map((d) => (
                  <tr key={d.deviceId} data-device-id={d.deviceId} data-state={d.state}>
                    <th scope="row" className="dev-name">
                      {nameOf(d)}
                      <span className="dev-id">{d.deviceId}</span>
                    </th>
                    <td>
                      <span className={`sla ${slaClass[d.state]}`}>{t(`dev.state.${d.state}`)}</span>
                    </td>
                    <td>{t(`dev.kind.${d.kind}`)}</td>
                    <td>{t('dev.ago', { time: isolate(formatDuration(silentFor(d, data.at))) })}</td>
                    <td className="num">{`\u2066${d.screen.width}×${d.screen.height}\u2069`}</td>
                    <td>{d.sound === null ? '–' : d.sound ? t('dev.on') : t('dev.off')}</td>
                    <td>{d.printer === null ? '–' : t(`dev.printer.${d.printer}`)}</td>
                    <td className="num">{d.appVersion}</td>
                    <td>
                      <button type="button" className="btn btn-quiet" aria-label={t('dev.forgetLabel', { name: nameOf(d) })} onClick={() => void forget(d)}>
                        {t('dev.forget')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
