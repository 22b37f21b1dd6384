import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { CenterSummary, Language, PrintJob, PublicService } from '@navbat/shared';
import { ApiRequestError, newIdempotencyKey } from '@navbat/shared/client';
import { api, phoneLink } from '../api';
import { applyLanguage, issueErrorKey, localize, messages, type Messages } from '../i18n';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { OfflineBanner } from '../components/OfflineBanner';
import { ScrollCue } from '../components/ScrollCue';
import { useServerStatus } from '../hooks/use-server-status';
import { useIdleTimeout } from '../hooks/use-idle-timeout';
import { useServices } from '../hooks/use-services';
import { usePublicBase } from '../hooks/use-public-base';
import { flowReducer, loadFlow, saveFlow } from './flow';
import type { KioskConfig } from './config';
import { StartScreen } from './screens/StartScreen';
import { ServicesScreen } from './screens/ServicesScreen';
import { TicketScreen } from './screens/TicketScreen';
import { CheckInScreen } from './screens/CheckInScreen';
import { printerStatus } from './printer-status';
import { printStaffSlip } from './staff-slip';


/**
 * The kiosk: start (priority line, agencies) → services → ticket, then back to the start. The service tap
 * issues the ticket, so a citizen without priority needs two taps (one with a single agency), plus one
 * to switch language; a priority citizen taps the category first.
 */
export function KioskApp({ config }: { config: KioskConfig }) {
  const [flow, dispatch] = useReducer(flowReducer, config.language, loadFlow);
  const [center, setCenter] = useState<CenterSummary | null>(null);
  const [centerError, setCenterError] = useState<keyof Pick<Messages, 'notSetUp' | 'unknownCenter'> | null>(null);
  const [busy, setBusy] = useState(false);
  const [issueError, setIssueError] = useState<keyof Messages['errors'] | null>(null);
  const inFlight = useRef(false);
  const { online, reportUnreachable, reportReachable } = useServerStatus();
  const { language } = flow;
  const t = messages[language];

  useEffect(() => saveFlow(flow), [flow]);
  useEffect(() => applyLanguage(language), [language]);

  // The center: from ?center=, or the only one the server knows. A server without one is polled, so the
  // kiosk comes up by itself once the administrator has created the centre.
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const centers = await api.centers();
        if (stopped) return;
        const found = config.centerId ? centers.find((c) => c.id === config.centerId) : centers[0];
        setCenter(found ?? null);
        setCenterError(found ? null : centers.length === 0 ? 'notSetUp' : 'unknownCenter');
        if (!found) timer = setTimeout(load, 10_000);
      } catch {
        if (!stopped) timer = setTimeout(load, 3000);
      }
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [config.centerId]);

  // This kiosk on the devices page: its name and zone from its URL, its printer as the last print left it.
  const describeKiosk = useCallback(() => ({ kind: 'kiosk' as const, printer: printerStatus(), label: config.label, zone: config.zone }), [config.label, config.zone]);
  const base = usePublicBase();
  // A staff-issued ticket printed here: in the background, with a short note on screen for the citizen it is for.
  const [staffSlip, setStaffSlip] = useState<string | null>(null);
  const known = useRef({ center, services: [] as PublicService[], base });
  const onPrintJob = useCallback(async (job: PrintJob) => {
    const { center: c, services, base: b } = known.current;
    if (!config.print) return { ok: false as const, reason: 'printer_failed' as const };
    const lang: Language = job.ticket.language === 'ur' ? 'ur' : 'en';
    const service = services.find((s) => s.id === job.ticket.serviceId);
    const answer = await printStaffSlip(job, { centerName: c ? localize(c.name, lang) : '', serviceName: service ? localize(service.name, lang) : '', phoneUrl: phoneLink(b ?? '', job.ticket.publicId), language: lang });
    if (answer.ok) setStaffSlip(job.ticket.code);
    return answer;
  }, [config.print]);
  useEffect(() => {
    if (!staffSlip) return;
    const timer = setTimeout(() => setStaffSlip(null), 10_000);
    return () => clearTimeout(timer);
  }, [staffSlip]);
  const { data, refresh } = useServices(center?.id ?? null, { everyMs: 60_000, onNetworkError: reportUnreachable, onSuccess: reportReachable, device: describeKiosk, onPrintJob });
  known.current = { center, services: data?.services ?? [], base };
  // Fresh waiting counts whenever the citizen moves on, and as soon as the server is back.
  useEffect(() => {
    if (flow.step !== 'ticket') void refresh();
  }, [flow.step, online, refresh]);

  // Each step starts at the top, and screen readers hear its heading first (not on the very first screen).
  const mainRef = useRef<HTMLElement>(null);
  const ready = Boolean(data && center && base);
  const firstScreen = useRef(true);
  useEffect(() => {
    window.scrollTo(0, 0);
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    if (!heading || !ready) return;
    if (firstScreen.current) {
      firstScreen.current = false;
      return;
    }
    // Check-in keeps the focus in its code field, where the barcode scanner types.
    if (flow.step === 'checkin') return;
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }, [flow.step, ready]);

  const reset = useCallback(() => {
    setIssueError(null);
    dispatch({ type: 'reset', language: config.language });
  }, [config.language]);
  const untouched = flow.step === 'start' && flow.priority === 'none' && language === config.language && !flow.cancelledCode && !issueError;
  useIdleTimeout(config.idleSeconds * 1000, reset, !untouched && flow.step !== 'ticket' && !busy);

  /** The service tap: issues the ticket at once. A second tap while it is in flight sends nothing. */
  const issue = async (service: PublicService) => {
    if (inFlight.current || !center || !data) return;
    const priority = flow.priority !== 'none' && service.allowsPriority && data.priorityCategories.some((c) => c.code === flow.priority) ? flow.priority : 'none';
    // One key per choice, kept (sessionStorage) across retries and reloads: the same choice re-sends it.
    const same = flow.pending && flow.pending.serviceId === service.id && flow.pending.priority === priority;
    const idempotencyKey = same ? flow.pending!.idempotencyKey : newIdempotencyKey();
    dispatch({ type: 'issue', pending: { serviceId: service.id, priority, idempotencyKey } });
    inFlight.current = true;
    setBusy(true);
    setIssueError(null);
    try {
      const { ticket } = await api.issueTicket(center.id, { serviceId: service.id, language, channel: 'kiosk', ...(priority !== 'none' ? { priority } : {}) }, idempotencyKey);
      reportReachable();
      dispatch({ type: 'issued', ticket });
    } catch (e) {
      const code = e instanceof ApiRequestError ? e.code : 'OTHER';
      if (code === 'NETWORK_ERROR') reportUnreachable();
      setIssueError(issueErrorKey(code));
      if (code === 'SERVICE_CLOSED' || code === 'DAILY_CAP_REACHED') void refresh();
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };
  const setLanguage = (l: Language) => dispatch({ type: 'language', language: l });
  const disabled = !online;
  const loading = <p className="loading" role="status">{t.loading}</p>;
  const choice = {
    language,
    priority: flow.priority,
    disabled,
    issuingServiceId: busy ? (flow.pending?.serviceId ?? null) : null,
    error: issueError,
    cancelledCode: flow.cancelledCode,
    onPriority: (priority: string) => {
      setIssueError(null);
      dispatch({ type: 'priority', priority });
    },
    onService: (s: PublicService) => void issue(s),
  };

  let screen: React.ReactNode;
  if (centerError)
    screen = (
      <p className="message message-error" role="alert" data-testid="center-error">
        {centerError === 'notSetUp' ? t.notSetUp : t.unknownCenter(config.centerId ?? '')}
      </p>
    );
  else if (!data || !center || !base) screen = loading;
  else if (flow.step === 'start')
    screen = (
      <StartScreen
        {...choice}
        data={data}
        onLanguage={setLanguage}
        onCheckIn={() => {
          setIssueError(null);
          dispatch({ type: 'checkin' });
        }}
        onGroup={(groupId) => {
          setIssueError(null);
          dispatch({ type: 'group', groupId });
        }}
      />
    );
  else if (flow.step === 'services') screen = <ServicesScreen {...choice} data={data} groupId={flow.groupId} />;
  else if (flow.step === 'checkin')
    screen = (
      <CheckInScreen
        centerId={center.id}
        timeZone={center.timezone}
        services={data.services}
        language={language}
        disabled={disabled}
        issuing={busy}
        issueError={issueError}
        onCheckedIn={(ticket, kind) => dispatch({ type: 'checkedIn', ticket, kind })}
        onWalkIn={(s) => void issue(s)}
        onReachable={(reachable) => (reachable ? reportReachable() : reportUnreachable())}
      />
    );
  else if (flow.step === 'ticket' && flow.ticket)
    screen = (
      <TicketScreen
        ticket={flow.ticket}
        service={data.services.find((s) => s.id === flow.ticket?.serviceId)}
        priority={data.priorityCategories.find((c) => c.code === flow.ticket?.priority)}
        centerName={localize(center.name, language)}
        timeZone={center.timezone}
        phoneUrl={phoneLink(base, flow.ticket.publicId)}
        checkIn={flow.checkIn}
        language={language}
        seconds={config.ticketSeconds}
        print={config.print}
        printed={flow.printed}
        onPrinted={() => dispatch({ type: 'printed' })}
        onDone={reset}
        onCancelled={() => dispatch({ type: 'cancelled', code: flow.ticket!.code })}
      />
    );
  else screen = loading;

  const showNav = flow.step === 'services' || flow.step === 'checkin';
  return (
    <div className={`kiosk step-${flow.step}`} data-step={flow.step} data-ready={ready}>
      <header className="kiosk-header">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true">
            ن
          </span>
          <span className="brand-name">{center ? localize(center.name, language) : t.appName}</span>
        </p>
        <LanguageSwitch language={language} onChange={setLanguage} />
      </header>
      <main ref={mainRef} className="kiosk-main" aria-busy={busy}>
        {!online ? <OfflineBanner text={t.offline} /> : null}
        {staffSlip ? (
          <p className="staff-slip-note" role="status" data-testid="staff-slip">
            {t.staffSlipPrinted(staffSlip)}
          </p>
        ) : null}
        {screen}
      </main>
      {flow.step !== 'ticket' ? <ScrollCue label={t.moreBelow} watch={`${flow.step}-${language}-${ready}-${flow.priority}`} /> : null}
      {showNav ? (
        <nav className="kiosk-nav" aria-label={t.back}>
          <button type="button" className="nav-button" disabled={busy} onClick={() => (setIssueError(null), dispatch({ type: 'back' }))}>
            <span aria-hidden="true">{language === 'ur' ? '→' : '←'}</span> {t.back}
          </button>
          <button type="button" className="nav-button" disabled={busy} onClick={reset}>
            {t.startOver}
          </button>
        </nav>
      ) : null}
    </div>
  );
}
