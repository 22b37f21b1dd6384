import { useEffect, useState } from 'react';
import type { EstimateAccuracy } from '@navbat/shared';
import { errorCode, errorText, formatDuration, t, useLanguage } from '../../lib';
import { accuracyApi } from './accuracy-api';
import './messages';
import './accuracy.css';

type Figures = Omit<EstimateAccuracy, 'from' | 'to' | 'services'>;

/** A share to one decimal: the ledger's exact 28.571…% reads as 28.6%. */
const accuracyPercent = (v: number | null) => (v === null ? '–' : `${Math.round(v * 10) / 10}%`);
const pct = accuracyPercent;
/**
 * A signed duration: "+1:20" when the estimate said more than the wait, "−0:45" when less; isolated left to
 * right (LRI … PDI) so Urdu does not move the sign behind the number.
 */
const signed = (v: number | null) => (v === null ? '–' : `\u2066${v < 0 ? '−' : v > 0 ? '+' : ''}${formatDuration(Math.abs(v))}\u2069`);

/** The centre's figures: each measure for Navbat's estimate beside the naive one. */
function CentreTable({ a }: { a: Figures }) {
  const rows: [string, string, string][] = [
    ['acc.n', String(a.n), String(a.naive.n)],
    ['acc.mae', formatDuration(a.maeSeconds), formatDuration(a.naive.maeSeconds)],
    ['acc.rmse', formatDuration(a.rmseSeconds), formatDuration(a.naive.rmseSeconds)],
    ['acc.bias', signed(a.biasSeconds), signed(a.naive.biasSeconds)],
    ['acc.within5', pct(a.within5MinPercent), pct(a.naive.within5MinPercent)],
    ['acc.under10', pct(a.under10MinPercent), '–'],
    ['acc.coverage', pct(a.rangeCoveragePercent), '–'],
  ];
  return (
    <div className="sup-table-wrap">
      <table className="sup-table acc-centre" data-testid="accuracy-centre">
        <caption>{t('acc.centre')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('acc.metric')}</th>
            <th scope="col">{t('acc.navbat')}</th>
            <th scope="col">{t('acc.naive')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([k, mine, naive]) => (
            <tr key={k}>
              <th scope="row">{t(k)}</th>
              <td className="num" data-acc={k}>
                {mine}
              </td>
              <td className="num acc-naive" data-acc-naive={k}>
                {naive}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "1:20 (2:05)": Navbat's figure, the naive one in brackets. */
const pair = (mine: string, naive: string) => (
  <>
    {mine} <span className="acc-naive">({naive})</span>
  </>
);

function ServiceTable({ a, serviceLabel }: { a: EstimateAccuracy; serviceLabel: (id: number) => string }) {
  return (
    <div className="sup-table-wrap">
      <table className="sup-table" data-testid="accuracy-services">
        <caption>{t('acc.byService')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('live.service')}</th>
            <th scope="col">{t('acc.n')}</th>
            <th scope="col">{t('acc.mae')}</th>
            <th scope="col">{t('acc.rmse')}</th>
            <th scope="col">{t('acc.bias')}</th>
            <th scope="col">{t('acc.within5')}</th>
            <th scope="col">{t('acc.under10')}</th>
            <th scope="col">{t('acc.coverage')}</th>
          </tr>
        </thead>
        <tbody>
          {a.services.map((s) => (
            <tr key={s.serviceId}>
              <th scope="row" className="acc-service" title={serviceLabel(s.serviceId)}>
                {serviceLabel(s.serviceId)}
              </th>
              <td className="num">{s.n}</td>
              <td className="num">{pair(formatDuration(s.maeSeconds), formatDuration(s.naive.maeSeconds))}</td>
              <td className="num">{pair(formatDuration(s.rmseSeconds), formatDuration(s.naive.rmseSeconds))}</td>
              <td className="num">{pair(signed(s.biasSeconds), signed(s.naive.biasSeconds))}</td>
              <td className="num">{pair(pct(s.within5MinPercent), pct(s.naive.within5MinPercent))}</td>
              <td className="num">{pct(s.under10MinPercent)}</td>
              <td className="num">{pct(s.rangeCoveragePercent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The accuracy ledger of the wait estimates for the period the statistics show: the centre's MAE, RMSE,
 * bias, share within 5 minutes, share more than 10 minutes under and range coverage, beside the naive
 * estimate's, then the same per service, with a CSV link.
 */
export function AccuracyCard({ centerId, from, to, serviceLabel }: { centerId: string; from: string; to: string; serviceLabel: (id: number) => string }) {
  useLanguage();
  const [ledger, setLedger] = useState<EstimateAccuracy | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    setError(null);
    accuracyApi
      .ledger(centerId, { from, to })
      .then((a) => current && setLedger(a))
      .catch((e: unknown) => current && setError(errorText(errorCode(e))));
    return () => {
      current = false;
    };
  }, [centerId, from, to]);

  return (
    <section className="card acc-card" aria-labelledby="accuracy-title" data-testid="accuracy-card">
      <div className="acc-head">
        <h2 id="accuracy-title">{t('acc.title')}</h2>
        <a className="btn btn-accent" href={accuracyApi.csvHref(centerId, { from, to })} download data-testid="accuracy-csv">
          {t('acc.csv')}
        </a>
      </div>
      <p className="muted acc-intro">{t('acc.intro')}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!ledger && !error && <p role="status">{t('loading')}</p>}
      {ledger && ledger.n === 0 && <p>{t('acc.empty')}</p>}
      {ledger && ledger.n > 0 && (
        <>
          <CentreTable a={ledger} />
          {ledger.services.length > 0 && <ServiceTable a={ledger} serviceLabel={serviceLabel} />}
        </>
      )}
    </section>
  );
}
