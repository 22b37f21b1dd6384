import { useCallback, useEffect, useId, useState } from 'react';
import type { Broadcast, BroadcastEnvelope, CreateBroadcastBody } from '@navbat/shared';
import { errorCode, errorText, registerMessages, staffRequest, t, useLanguage } from '../../lib';
import './broadcast-form.css';

registerMessages({
  en: {
    'bc.help': 'Shown on the hall displays (when it is for everyone) and on the phone of every citizen waiting, until you remove it or it expires. Keep it short, e.g. “The passport counter is delayed by 20 minutes.”',
    'bc.to': 'Who it is for',
    'bc.everyone': 'Everyone waiting',
    'bc.line': 'Waiting for {service}',
    'bc.minutes': 'Show it for',
    'bc.forMinutes': '{n} minutes',
    'bc.forHours': '{n} hours',
    'bc.sms': 'Also send it by SMS to citizens who gave a phone number (at most once every 15 minutes)',
    'bc.send': 'Send message',
    'bc.sent': 'Sent. Displays and waiting phones show it now.',
    'bc.sentSms': 'Sent. Displays and waiting phones show it; {n} citizens get an SMS.',
    'bc.shown': 'Shown now',
    'bc.none': 'No message is shown.',
    'bc.until': 'until {time}',
    'bc.withSms': 'also by SMS',
    'bc.remove': 'Remove',
    'bc.removeOf': 'Remove the message “{message}”',
    'bc.removed': 'Removed from displays and phones.',
    'err.BROADCAST_SMS_TOO_SOON': 'An SMS was sent to everyone a few minutes ago. Send this one without SMS, or wait a little.',
    'err.BROADCAST_NOT_FOUND': 'That message is gone already.',
  },
  ur: {
    'bc.help': 'یہ پیغام ہال کی اسکرینوں (جب سب کے لیے ہو) اور ہر منتظر شہری کے فون پر دکھایا جاتا ہے، جب تک آپ اسے ہٹا نہ دیں یا اس کا وقت ختم نہ ہو۔ مختصر رکھیں، مثلاً “پاسپورٹ کاؤنٹر پر 20 منٹ کی تاخیر ہے۔”',
    'bc.to': 'کس کے لیے',
    'bc.everyone': 'تمام منتظر افراد',
    'bc.line': '{service} کے منتظر',
    'bc.minutes': 'کتنی دیر دکھائیں',
    'bc.forMinutes': '{n} منٹ',
    'bc.forHours': '{n} گھنٹے',
    'bc.sms': 'فون نمبر دینے والے شہریوں کو SMS بھی بھیجیں (زیادہ سے زیادہ ہر 15 منٹ میں ایک بار)',
    'bc.send': 'پیغام بھیجیں',
    'bc.sent': 'بھیج دیا گیا۔ اسکرینیں اور منتظر افراد کے فون اب اسے دکھا رہے ہیں۔',
    'bc.sentSms': 'بھیج دیا گیا۔ اسکرینیں اور فون اسے دکھا رہے ہیں؛ {n} شہریوں کو SMS جائے گا۔',
    'bc.shown': 'اس وقت دکھائے جا رہے پیغامات',
    'bc.none': 'کوئی پیغام نہیں دکھایا جا رہا۔',
    'bc.until': '{time} تک',
    'bc.withSms': 'SMS کے ساتھ',
    'bc.remove': 'ہٹائیں',
    'bc.removeOf': 'پیغام “{message}” ہٹائیں',
    'bc.removed': 'اسکرینوں اور فونز سے ہٹا دیا گیا۔',
    'err.BROADCAST_SMS_TOO_SOON': 'چند منٹ پہلے سب کو SMS بھیجا گیا تھا۔ یہ پیغام SMS کے بغیر بھیجیں، یا تھوڑا انتظار کریں۔',
    'err.BROADCAST_NOT_FOUND': 'یہ پیغام پہلے ہی ہٹ چکا ہے۔',
  },
});

const durations = [30, 60, 120, 240];
const base = (centerId: string) => `/api/v1/centers/${encodeURIComponent(centerId)}/broadcasts`;

/**
 * The control room's message to everyone waiting (docs/control-room.md): to the whole hall or one line, on the
 * displays' ticker, every waiting phone page, and by SMS when asked; the messages shown now, each removable.
 */
export function BroadcastForm({ centerId, services }: { centerId: string; services: { id: number; label: string }[] }) {
  const { language } = useLanguage();
  const id = useId();
  const [message, setMessage] = useState('');
  const [serviceId, setServiceId] = useState('');
  const [minutes, setMinutes] = useState(120);
  const [sms, setSms] = useState(false);
  const [shown, setShown] = useState<Broadcast[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  const reload = useCallback(() => {
    staffRequest<Broadcast[]>(base(centerId)).then(setShown, () => undefined);
  }, [centerId]);
  useEffect(reload, [reload]);

  const run = async (fn: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      setStatus(await fn());
      reload();
    } catch (e) {
      setError(errorText(errorCode(e)));
    } finally {
      setBusy(false);
    }
  };
  const send = () =>
    run(async () => {
      const body: CreateBroadcastBody = { message: message.trim(), minutes, ...(serviceId ? { serviceId: Number(serviceId) } : {}), ...(sms ? { sms: true } : {}) };
      const { broadcast } = await staffRequest<BroadcastEnvelope>(base(centerId), { method: 'POST', body });
      setMessage('');
      setSms(false);
      return broadcast.sms ? t('bc.sentSms', { n: broadcast.recipients }) : t('bc.sent');
    });
  const remove = (b: Broadcast) =>
    run(async () => {
      await staffRequest<BroadcastEnvelope>(`${base(centerId)}/${b.id}`, { method: 'DELETE' });
      return t('bc.removed');
    });
  const clock = (iso: string) => new Date(iso).toLocaleTimeString(language === 'ur' ? 'ur-PK' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
  const serviceLabel = (sid: number | null) => (sid === null ? t('bc.everyone') : t('bc.line', { service: services.find((s) => s.id === sid)?.label ?? `#${sid}` }));

  return (
    <>
      <form
        className="ctl-broadcast"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <label htmlFor="ctl-broadcast-text">{t('ctl.broadcastText')}</label>
        <p className="muted" id="ctl-broadcast-help">
          {t('bc.help')}
        </p>
        <textarea id="ctl-broadcast-text" aria-describedby="ctl-broadcast-help" maxLength={500} rows={2} value={message} onChange={(e) => setMessage(e.target.value)} dir="auto" />
        <div className="bc-options">
          <label htmlFor={`${id}-to`}>{t('bc.to')}</label>
          <select id={`${id}-to`} value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
            <option value="">{t('bc.everyone')}</option>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {t('bc.line', { service: s.label })}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-minutes`}>{t('bc.minutes')}</label>
          <select id={`${id}-minutes`} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
            {durations.map((m) => (
              <option key={m} value={m}>
                {m < 60 ? t('bc.forMinutes', { n: m }) : t('bc.forHours', { n: m / 60 })}
              </option>
            ))}
          </select>
        </div>
        <label className="bc-sms">
          <input type="checkbox" checked={sms} onChange={(e) => setSms(e.target.checked)} /> {t('bc.sms')}
        </label>
        {error && (
          <p role="alert" className="ctl-error">
            {error}
          </p>
        )}
        <p className="ctl-buttons">
          <button type="submit" className="btn btn-primary" disabled={busy || message.trim() === ''}>
            {t('bc.send')}
          </button>
        </p>
        <p role="status" className="bc-status">
          {status}
        </p>
      </form>
      <h3 id={`${id}-shown`}>{t('bc.shown')}</h3>
      {shown.length === 0 ? (
        <p className="muted">{t('bc.none')}</p>
      ) : (
        <ul className="bc-list" aria-labelledby={`${id}-shown`}>
          {shown.map((b) => (
            <li key={b.id} data-broadcast-id={b.id}>
              <p className="bc-message" dir="auto">
                {b.message}
              </p>
              <p className="muted">
                {serviceLabel(b.serviceId)} · {t('bc.until', { time: clock(b.expiresAt) })}
                {b.sms ? ` · ${t('bc.withSms')}` : ''}
              </p>
              <button type="button" className="btn btn-quiet" disabled={busy} onClick={() => void remove(b)} aria-label={t('bc.removeOf', { message: b.message.slice(0, 60) })}>
                {t('bc.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
