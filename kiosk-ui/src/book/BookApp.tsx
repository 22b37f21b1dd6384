import { useEffect, useMemo, useState } from 'react';
import { ApiRequestError } from '@navbat/shared/client';
import type { Appointment, CenterSummary, Language, PublicService, Slot } from '@navbat/shared';
import { LanguageToggle } from '../components/LanguageToggle';
import { QrImage, useQrDataUrl } from '../components/QrCode';
import { bookApi } from './book-api';
import { appointmentIcs } from './ics';
import { bookMessages, formatWhen, type BookMessages } from './messages';

type Step = { kind: 'service' } | { kind: 'day'; service: PublicService } | { kind: 'phone'; service: PublicService; slot: Slot } | { kind: 'done'; appointment: Appointment; checkInUrl: string };

/** How many days ahead the page offers (the server refuses days past the centre's `daysAhead` anyway). */
const daysShown = 14;

function localDays(timeZone: string, count: number): string[] {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const today = format.format(new Date());
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(`${today}T12:00:00.000Z`);
    d.setUTCDate(d.getUTCDate() + i);
    return d.toISOString().slice(0, 10);
  });
}

const errorText = (t: BookMessages, error: unknown) => {
  const code = error instanceof ApiRequestError ? error.code : 'OTHER';
  return (t.errors as Record<string, string>)[code] ?? t.errors.OTHER;
};

/** The citizen's booking page: service → day → time → phone → confirmation with code, QR, calendar and cancel. */
export function BookApp({ centerId, appointmentId }: { centerId: string | null; appointmentId: string | null }) {
  const [language, setLanguage] = useState<Language>(() => (new URLSearchParams(location.search).get('lang') === 'ur' ? 'ur' : 'en'));
  const t = bookMessages[language];
  const [center, setCenter] = useState<CenterSummary | null>(null);
  const [services, setServices] = useState<PublicService[] | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'service' });
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dir = language === 'ur' ? 'rtl' : 'ltr';
    document.title = `${t.title} — Navbat`;
  }, [language, t.title]);

  useEffect(() => {
    void (async () => {
      try {
        const centers = await bookApi.centers();
        const found = centerId ? centers.find((c) => c.id === centerId) : centers.length === 1 ? centers[0] : undefined;
        if (!found) return setMissing(true);
        setCenter(found);
        setServices((await bookApi.services(found.id)).services);
        if (appointmentId) {
          const { appointment, checkInUrl } = await bookApi.appointment(appointmentId);
          setStep({ kind: 'done', appointment, checkInUrl: checkInUrl ?? location.href });
        }
      } catch (e) {
        setError(errorText(bookMessages.en, e));
      }
    })();
  }, [centerId, appointmentId]);

  const serviceName = (id: number) => services?.find((s) => s.id === id)?.name[language] ?? '';

  return (
    <div className="book">
      <header className="book-header">
        <h1>{t.title}</h1>
        <LanguageToggle language={language} onChange={setLanguage} />
        {center && <p className="book-center">{center.name[language]}</p>}
      </header>
      <main>
        {missing && <p className="book-note">{t.centerMissing}</p>}
        {error && (
          <p className="book-error" role="alert">
            {error}
          </p>
        )}
        {center && services && step.kind === 'service' && (
          <ServiceStep t={t} language={language} services={services.filter((s) => s.bookable)} onPick={(service) => (setError(null), setStep({ kind: 'day', service }))} />
        )}
        {center && step.kind === 'day' && (
          <SlotStep t={t} language={language} center={center} service={step.service} onBack={() => setStep({ kind: 'service' })} onPick={(slot) => (setError(null), setStep({ kind: 'phone', service: step.service, slot }))} />
        )}
        {center && step.kind === 'phone' && (
          <PhoneStep
            t={t}
            language={language}
            center={center}
            service={step.service}
            slot={step.slot}
            onBack={() => setStep({ kind: 'day', service: step.service })}
            onBooked={(appointment, checkInUrl) => {
              setError(null);
              history.replaceState(null, '', `?center=${encodeURIComponent(center.id)}&appointment=${encodeURIComponent(appointment.publicId)}`);
              setStep({ kind: 'done', appointment, checkInUrl });
            }}
            onError={(e) => {
              setError(errorText(t, e));
              if (e instanceof ApiRequestError && (e.code === 'SLOT_FULL' || e.code === 'SLOT_NOT_AVAILABLE')) setStep({ kind: 'day', service: step.service });
            }}
          />
        )}
        {center && step.kind === 'done' && (
          <Confirmation
            t={t}
            language={language}
            center={center}
            appointment={step.appointment}
            checkInUrl={step.checkInUrl}
            serviceName={serviceName(step.appointment.serviceId)}
            onChange={(appointment) => setStep({ ...step, appointment })}
            onError={(e) => setError(errorText(t, e))}
            onAnother={() => {
              history.replaceState(null, '', `?center=${encodeURIComponent(center.id)}`);
              setStep({ kind: 'service' });
            }}
          />
        )}
      </main>
    </div>
  );
}

function ServiceStep({ t, language, services, onPick }: { t: BookMessages; language: Language; services: PublicService[]; onPick: (s: PublicService) => void }) {
  if (services.length === 0) return <p className="book-note">{t.noBookable}</p>;
  return (
    <section aria-labelledby="step-title">
      <h2 id="step-title">{t.chooseService}</h2>
      <ul className="book-list">
        {services.map((s) => (
          <li key={s.id}>
            <button type="button" className="book-choice" onClick={() => onPick(s)}>
              <span className="book-prefix" aria-hidden="true">
                {s.prefix}
              </span>
              <span className="book-name">{s.name[language]}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function SlotStep({ t, language, center, service, onBack, onPick }: { t: BookMessages; language: Language; center: CenterSummary; service: PublicService; onBack: () => void; onPick: (s: Slot) => void }) {
  const days = useMemo(() => localDays(center.timezone, daysShown), [center.timezone]);
  const [day, setDay] = useState(days[0]!);
  // Until the citizen picks a day, the page moves on from a day without a free slot (today in the evening, a
  // closed day, a full day) to the next one, so it opens on the first day that can be booked.
  const [picked, setPicked] = useState(false);
  const [slots, setSlots] = useState<Slot[] | null>(null);
  useEffect(() => {
    let live = true;
    setSlots(null);
    bookApi
      .slots(center.id, service.id, day)
      .then((r) => {
        if (!live) return;
        const next = days[days.indexOf(day) + 1];
        if (!picked && next && !r.slots.some((s) => s.free > 0)) setDay(next);
        else setSlots(r.slots);
      })
      .catch(() => live && setSlots([]));
    return () => {
      live = false;
    };
  }, [center.id, service.id, day, days, picked]);
  return (
    <section aria-labelledby="step-title">
      <p className="book-picked">{service.name[language]}</p>
      <h2 id="step-title">{t.chooseDay}</h2>
      <div className="book-days" role="group" aria-label={t.chooseDay}>
        {days.map((d) => (
          <button
            key={d}
            type="button"
            className="book-day"
            aria-pressed={d === day}
            onClick={() => {
              setPicked(true);
              setDay(d);
            }}
          >
            {formatWhen(`${d}T12:00:00.000Z`, 'UTC', language, 'day')}
          </button>
        ))}
      </div>
      <h2>{t.chooseSlot}</h2>
      {slots !== null && slots.length === 0 && <p className="book-note">{t.noSlots}</p>}
      <ul className="book-slots">
        {(slots ?? []).map((s) => (
          <li key={s.start}>
            <button type="button" className="book-slot" disabled={s.free === 0} onClick={() => onPick(s)}>
              <span className="book-time">{formatWhen(s.start, center.timezone, language, 'time')}</span>
              <span className="book-seats">{s.free === 0 ? t.full : t.seatsLeft(s.free)}</span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="book-secondary" onClick={onBack}>
        {t.back}
      </button>
    </section>
  );
}

function PhoneStep(props: {
  t: BookMessages;
  language: Language;
  center: CenterSummary;
  service: PublicService;
  slot: Slot;
  onBack: () => void;
  onBooked: (a: Appointment, checkInUrl: string) => void;
  onError: (e: unknown) => void;
}) {
  const { t, language, center, service, slot } = props;
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  // One key per attempt at this slot: a retry after a lost answer cannot book twice.
  const [key] = useState(() => crypto.randomUUID());
  const valid = phone.trim() === '' || /^\+?[0-9 -]{7,20}$/.test(phone.trim());
  const submit = async () => {
    if (!valid || busy) return;
    setBusy(true);
    try {
      const body = { serviceId: service.id, start: slot.start, language, ...(phone.trim() ? { phone: phone.trim() } : {}) };
      const { appointment, checkInUrl } = await bookApi.book(center.id, body, `${key}-${phone.trim()}-${language}`);
      props.onBooked(appointment, checkInUrl ?? location.href);
    } catch (e) {
      props.onError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="step-title">
      <p className="book-picked">
        {service.name[language]} · {formatWhen(slot.start, center.timezone, language, 'both')}
      </p>
      <h2 id="step-title">{t.phoneTitle}</h2>
      <p className="book-help" id="phone-help">
        {t.phoneHelp}
      </p>
      <label className="book-label" htmlFor="phone">
        {t.phoneLabel}
      </label>
      <input id="phone" className="book-input" type="tel" inputMode="tel" autoComplete="tel" dir="ltr" value={phone} aria-describedby="phone-help" aria-invalid={!valid} onChange={(e) => setPhone(e.target.value)} />
      {!valid && <p className="book-error">{t.phoneInvalid}</p>}
      <button type="button" className="book-primary" disabled={!valid || busy} onClick={() => void submit()}>
        {busy ? t.busy : t.confirm}
      </button>
      <button type="button" className="book-secondary" onClick={props.onBack}>
        {t.back}
      </button>
    </section>
  );
}

function Confirmation(props: {
  t: BookMessages;
  language: Language;
  center: CenterSummary;
  appointment: Appointment;
  checkInUrl: string;
  serviceName: string;
  onChange: (a: Appointment) => void;
  onError: (e: unknown) => void;
  onAnother: () => void;
}) {
  const { t, language, center, appointment: a, checkInUrl } = props;
  const qr = useQrDataUrl(checkInUrl);
  const [confirming, setConfirming] = useState(false);
  const ics = useMemo(() => {
    const text = appointmentIcs(a, props.serviceName || t.title, center.name[language], checkInUrl, new Date());
    return URL.createObjectURL(new Blob([text], { type: 'text/calendar' }));
  }, [a, props.serviceName, t.title, center, language, checkInUrl]);
  useEffect(() => () => URL.revokeObjectURL(ics), [ics]);
  const cancel = async () => {
    try {
      props.onChange((await bookApi.cancel(a.publicId)).appointment);
    } catch (e) {
      props.onError(e);
    }
    setConfirming(false);
  };
  return (
    <section aria-labelledby="step-title" className="book-done">
      <h2 id="step-title">{a.status === 'cancelled' ? t.cancelled : a.status === 'booked' ? t.bookedTitle : t.status[a.status]}</h2>
      <p className="book-code-label">{t.yourCode}</p>
      <p className="book-code" dir="ltr" data-testid="booking-code">
        {a.code}
      </p>
      {a.status === 'booked' && (
        <>
          <QrImage src={qr} value={checkInUrl} alt={t.qrAlt(a.code)} className="book-qr" />
          <p className="book-help">{t.showAtKiosk}</p>
        </>
      )}
      <dl className="book-facts">
        <dt>{t.service}</dt>
        <dd>{props.serviceName}</dd>
        <dt>{t.when}</dt>
        <dd>{formatWhen(a.start, center.timezone, language, 'both')}</dd>
      </dl>
      {a.status === 'booked' && (
        <>
          <a className="book-primary" href={ics} download={`navbat-${a.code}.ics`}>
            {t.addToCalendar}
          </a>
          {confirming ? (
            <button type="button" className="book-danger" onClick={() => void cancel()}>
              {t.cancelConfirm}
            </button>
          ) : (
            <button type="button" className="book-secondary" onClick={() => setConfirming(true)}>
              {t.cancel}
            </button>
          )}
        </>
      )}
      {a.status !== 'booked' && (
        <button type="button" className="book-secondary" onClick={props.onAnother}>
          {t.bookAnother}
        </button>
      )}
    </section>
  );
}
