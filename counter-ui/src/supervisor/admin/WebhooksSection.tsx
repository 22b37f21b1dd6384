import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { webhookEventTypes, type CreateWebhookBody, type Webhook, type WebhookDelivery, type WebhookEventType } from '@navbat/shared';
import { errorCode, errorText, t, useCenters, useLanguage, localized } from '../../lib';
import { Field, useSubmit } from './AdminFields';
import { webhooksApi } from './webhooks-api';
import './webhooks-messages';
import './webhooks.css';

/** A moment as the admin reads it, in the screen's language (digits left to right). */
const when = (iso: string | null, language: string) => (iso === null ? '–' : new Date(iso).toLocaleString(language === 'ur' ? 'ur-PK' : 'en-GB', { dateStyle: 'short', timeStyle: 'medium' }));

/** The secret of a webhook, shown once after it is made or rotated, with a copy button and the warning. */
function SecretOnce({ url, secret, note, onDismiss }: { url: string; secret: string; note?: string; onDismiss: () => void }) {
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('ok');
    } catch {
      setCopied('failed');
    }
  }
  return (
    <div className="wh-secret" role="alert" data-testid="webhook-secret">
      <h3>{t('wh.secretTitle', { url })}</h3>
      <p className="wh-warning">{t('wh.secretWarning')}</p>
      {note && <p>{note}</p>}
      <label className="field">
        <span>{t('wh.secretLabel')}</span>
        <input className="wh-secret-value" name="secret" readOnly dir="ltr" value={secret} onFocus={(e) => e.target.select()} />
      </label>
      <p className="sup-actions">
        <button type="button" className="btn btn-primary" onClick={() => void copy()}>
          {t('wh.copy')}
        </button>
        <button type="button" className="btn" onClick={onDismiss}>
          {t('wh.stored')}
        </button>
      </p>
      {copied && (
        <p className={copied === 'ok' ? 'notice' : 'error'} role="status">
          {t(copied === 'ok' ? 'wh.copied' : 'wh.copyFailed')}
        </p>
      )}
    </div>
  );
}

/** New webhook: the URL, which events ("all" or chosen ones) and, optionally, one centre. */
function WebhookForm({ onCreated }: { onCreated: (url: string, secret: string) => void }) {
  const { centers } = useCenters();
  const [url, setUrl] = useState('');
  const [all, setAll] = useState(true);
  const [chosen, setChosen] = useState<Set<WebhookEventType>>(new Set());
  const [centerId, setCenterId] = useState('');
  const submit = useSubmit({ VALIDATION_ERROR: t('wh.refused') });
  function create(e: FormEvent) {
    e.preventDefault();
    void submit.run(async () => {
      if (!all && chosen.size === 0) throw new Error(t('wh.pickEvents'));
      const body: CreateWebhookBody = { url: url.trim(), events: all ? ['*'] : webhookEventTypes.filter((type) => chosen.has(type)), ...(centerId ? { centerId } : {}) };
      const created = await webhooksApi.create(body);
      setUrl('');
      onCreated(created.webhook.url, created.secret);
      return t('admin.saved');
    });
  }
  const toggle = (type: WebhookEventType, on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(type);
      else next.delete(type);
      return next;
    });
  return (
    <form className="sup-form" onSubmit={create} aria-label={t('wh.new')}>
      <Field label={t('wh.url')} hint={t('wh.urlHint')}>
        <input name="url" type="url" dir="ltr" required maxLength={2048} value={url} placeholder="https://" onChange={(e) => setUrl(e.target.value)} />
      </Field>
      <fieldset className="wh-events">
        <legend>{t('wh.events')}</legend>
        <label className="sup-check">
          <input type="checkbox" name="allEvents" checked={all} onChange={(e) => setAll(e.target.checked)} /> {t('wh.allEvents')}
        </label>
        {!all && (
          <div className="wh-event-grid">
            {webhookEventTypes.map((type) => (
              <label key={type} className="sup-check" dir="ltr">
                <input type="checkbox" name="event" value={type} checked={chosen.has(type)} onChange={(e) => toggle(type, e.target.checked)} /> {type}
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <Field label={t('wh.center')}>
        <select name="centerId" value={centerId} onChange={(e) => setCenterId(e.target.value)}>
          <option value="">{t('wh.everyCenter')}</option>
          {(centers ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {localized(c.name)} ({c.id})
            </option>
          ))}
        </select>
      </Field>
      <p className="sup-actions">
        <button type="submit" className="btn btn-primary" disabled={submit.busy} aria-busy={submit.busy}>
          {t('wh.create')}
        </button>
      </p>
      {submit.view}
    </form>
  );
}

/** The delivery log of one webhook: status, attempts, last status code, next attempt, last error; each can be sent again. */
function DeliveryLog({ webhook }: { webhook: Webhook }) {
  const { language } = useLanguage();
  const [deliveries, setDeliveries] = useState<WebhookDelivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const retry = useSubmit();
  const load = useCallback(async () => {
    setError(null);
    try {
      setDeliveries(await webhooksApi.deliveries(webhook.id));
    } catch (e) {
      setError(errorText(errorCode(e)));
    }
  }, [webhook.id]);
  useEffect(() => {
    void load();
  }, [load]);
  const caption = t('wh.logCaption', { url: webhook.url });
  return (
    <div className="wh-log" data-testid="webhook-log">
      <p className="sup-actions">
        <button type="button" className="btn btn-quiet" onClick={() => void load()}>
          {t('wh.refresh')}
        </button>
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {deliveries === null && !error && <p role="status">{t('loading')}</p>}
      {deliveries?.length === 0 && <p className="muted">{t('wh.noDeliveries')}</p>}
      {deliveries && deliveries.length > 0 && (
        <div className="sup-table-wrap">
          <table className="sup-table">
            <caption className="wh-caption">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('wh.event')}</th>
                <th scope="col">{t('wh.status')}</th>
                <th scope="col">{t('wh.attempts')}</th>
                <th scope="col">{t('wh.code')}</th>
                <th scope="col">{t('wh.next')}</th>
                <th scope="col">{t('wh.error')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('wh.retry')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id} data-delivery={d.id} data-status={d.status}>
                  <th scope="row" dir="ltr" title={d.id}>
                    {d.type}
                  </th>
                  <td>
                    <span className={`badge wh-status-${d.status}`}>{t(`wh.status.${d.status}`)}</span>
                  </td>
                  <td className="num">{d.attempts}</td>
                  <td className="num">{d.lastStatusCode ?? '–'}</td>
                  <td className="num">{when(d.nextAttemptAt, language)}</td>
                  <td className="wh-error" title={d.lastError ?? undefined} dir="ltr">
                    {d.lastError ?? '–'}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-quiet"
                      disabled={retry.busy}
                      aria-label={`${t('wh.retry')} ${d.type} ${d.id}`}
                      onClick={() =>
                        void retry.run(async () => {
                          await webhooksApi.retry(webhook.id, d.id);
                          await load();
                          return t('wh.retried');
                        })
                      }
                    >
                      {t('wh.retry')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {retry.view}
    </div>
  );
}

function disabledText(w: Webhook): string {
  if (w.enabled) return t('wh.enabled');
  if (w.disabledReason === 'gone') return t('wh.disabledGone');
  if (w.disabledReason === 'manual') return t('wh.disabledManual');
  return w.disabledReason ? t('wh.disabledOther', { reason: w.disabledReason }) : t('wh.disabled');
}

/** One webhook in the list: where, what, whether it is on; its log, secret rotation and deletion (two steps). */
function WebhookItem({ webhook, onSecret, onChanged }: { webhook: Webhook; onSecret: (url: string, secret: string, note: string) => void; onChanged: () => void }) {
  const { language } = useLanguage();
  const [showLog, setShowLog] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const action = useSubmit();
  const events = webhook.events.includes('*') ? t('wh.allEvents') : webhook.events.join(', ');
  return (
    <li data-id={webhook.id} data-testid="webhook-item">
      <div className="wh-item-head">
        <span className="sup-list-text">
          <span className="wh-url" dir="ltr" title={webhook.url}>
            {webhook.url}
          </span>
          <span className={`badge ${webhook.enabled ? 'wh-on' : 'wh-off'}`}>{disabledText(webhook)}</span>
          <span className="muted wh-meta">
            {events} · {webhook.centerId ?? t('wh.allCentres')}
          </span>
        </span>
        <span className="wh-item-actions">
          <button type="button" className="btn btn-quiet" aria-expanded={showLog} onClick={() => setShowLog(!showLog)} aria-label={`${showLog ? t('wh.hideLog') : t('wh.log')} ${webhook.url}`}>
            {showLog ? t('wh.hideLog') : t('wh.log')}
          </button>
          <button
            type="button"
            className={webhook.enabled ? 'btn btn-quiet' : 'btn btn-primary'}
            disabled={action.busy}
            data-testid={webhook.enabled ? 'webhook-disable' : 'webhook-enable'}
            aria-label={`${t(webhook.enabled ? 'wh.disable' : 'wh.enable')} ${webhook.url}`}
            onClick={() =>
              void action.run(async () => {
                await webhooksApi.setEnabled(webhook.id, !webhook.enabled);
                onChanged();
                return t(webhook.enabled ? 'wh.disabledDone' : 'wh.enabledDone');
              })
            }
          >
            {t(webhook.enabled ? 'wh.disable' : 'wh.enable')}
          </button>
          <button
            type="button"
            className="btn btn-quiet"
            disabled={action.busy}
            aria-label={`${t('wh.rotate')} ${webhook.url}`}
            onClick={() =>
              void action.run(async () => {
                const rotated = await webhooksApi.rotateSecret(webhook.id);
                onSecret(webhook.url, rotated.secret, t('wh.rotatedUntil', { time: when(rotated.previousSecretValidUntil, language) }));
              })
            }
          >
            {t('wh.rotate')}
          </button>
          <button type="button" className="btn btn-danger" aria-expanded={confirming} aria-label={`${t('wh.delete')} ${webhook.url}`} onClick={() => setConfirming(true)}>
            {t('wh.delete')}
          </button>
        </span>
      </div>
      {confirming && (
        <div className="wh-confirm" role="group" aria-label={t('wh.delete')}>
          <p>{t('wh.confirmDelete', { url: webhook.url })}</p>
          <p className="sup-actions">
            <button
              type="button"
              className="btn btn-danger"
              disabled={action.busy}
              onClick={() =>
                void action.run(async () => {
                  await webhooksApi.remove(webhook.id);
                  onChanged();
                  return t('wh.deleted');
                })
              }
            >
              {t('wh.yesDelete')}
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              {t('wh.keep')}
            </button>
          </p>
        </div>
      )}
      {!webhook.enabled && <p className="wh-off-note">{t('wh.offNote')}</p>}
      {action.view}
      {showLog && <DeliveryLog webhook={webhook} />}
    </li>
  );
}

/** Administration → Webhooks (admin role): create, secret once, list, delivery log, retry, rotate, delete. */
export function WebhooksSection() {
  useLanguage();
  const [webhooks, setWebhooks] = useState<Webhook[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ url: string; secret: string; note?: string } | null>(null);
  const [creating, setCreating] = useState(false);
  const reload = useCallback(async () => {
    try {
      setWebhooks(await webhooksApi.list());
      setError(null);
    } catch (e) {
      setError(errorText(errorCode(e)));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return (
    <section className="card" aria-labelledby="admin-webhooks-title" data-testid="admin-webhooks-section">
      <h2 id="admin-webhooks-title">{t('wh.title')}</h2>
      <p className="muted">{t('wh.intro')}</p>
      {secret && <SecretOnce {...secret} onDismiss={() => setSecret(null)} />}
      <button type="button" className="btn btn-primary" aria-expanded={creating} onClick={() => setCreating(!creating)}>
        {t('wh.new')}
      </button>
      {creating && (
        <WebhookForm
          onCreated={(url, s) => {
            setSecret({ url, secret: s });
            setCreating(false);
            void reload();
          }}
        />
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {webhooks === null && !error && <p role="status">{t('loading')}</p>}
      {webhooks?.length === 0 && <p className="muted">{t('wh.empty')}</p>}
      {webhooks && webhooks.length > 0 && (
        <ul className="sup-list wh-list" data-testid="admin-webhooks">
          {webhooks.map((w) => (
            <WebhookItem key={w.id} webhook={w} onSecret={(url, s, note) => setSecret({ url, secret: s, note })} onChanged={() => void reload()} />
          ))}
        </ul>
      )}
    </section>
  );
}
