import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { CenterSummary, Language, PublicService } from '@navbat/shared';
import { ApiRequestError } from '@navbat/shared/client';
import { api } from '../api';
import { applyLanguage, issueErrorKey, localize, messages, type Messages } from '../i18n';
import { LanguageToggle } from '../components/LanguageToggle';
import { OfflineBanner } from '../components/OfflineBanner';
import { useServerStatus } from '../hooks/use-server-status';
import { useIdleTimeout } from '../hooks/use-idle-timeout';
import { useServices } from '../hooks/use-services';
import { flowReducer, loadFlow, saveFlow } from './flow';
import type { KioskConfig } from './config';
import { LanguageScreen } from './screens/LanguageScreen';
import { GroupsScreen } from './screens/GroupsScreen';
import { ServicesScreen } from './screens/ServicesScreen';
import { PriorityScreen } from './screens/PriorityScreen';
import { ConfirmScreen } from './screens/ConfirmScreen';
import { TicketScreen } from './screens/TicketScreen';

/** The kiosk: language → group → service → (priority) → confirm → ticket, then back to the start. */
export function KioskApp({ config }: { config: KioskConfig }) {
  const [flow, dispatch] = useReducer(flowReducer, undefined, loadFlow);
  const [center, setCenter] = useState<CenterSummary | null>(null);
  const [centerError, setCenterError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [issueError, setIssueError] = useState<keyof Messages['errors'] | null>(null);
  const inFlight = useRef(false);
  const { online, reportUnreachable, reportReachable } = useServerStatus();
  const { language } = flow;
  const t = messages[language];

  useEffect(() => saveFlow(flow), [flow]);
  useEffect(() => applyLanguage(flow.step === 'language' ? 'en' : language), [language, flow.step]);

  // The center: from ?center=, or the only one the server knows.
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const centers = await api.centers();
        if (stopped) return;
        const found = config.centerId ? centers.find((c) => c.id === config.centerId) : centers[0];
        if (found) setCenter(found);
        else setCenterError(config.centerId ? `Unknown center “${config.centerId}”` : 'No center is set up yet');
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

  const { data, refresh } = useServices(center?.id ?? null, { everyMs: 60_000, onNetworkError: reportUnreachable, onSuccess: reportReachable });
  // Fresh waiting counts whenever the citizen moves on, and as soon as the server is back.
  useEffect(() => {
    if (flow.step !== 'ticket' && flow.step !== 'language') void refresh();
  }, [flow.step, online, refresh]);

  // Each step starts at the top, and screen readers hear its heading first.
  const mainRef = useRef<HTMLElement>(null);
  const ready = Boolean(data && center);
  useEffect(() => {
    window.scrollTo(0, 0);
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    if (!heading || flow.step === 'language') return;
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }, [flow.step, ready]);

  const reset = useCallback(() => {
    setIssueError(null);
    dispatch({ type: 'reset' });
  }, []);
  useIdleTimeout(config.idleSeconds * 1000, reset, flow.step !== 'language' && flow.step !== 'ticket' && !busy);

  const service = data?.services.find((s) => s.id === flow.serviceId);
  const priority = data?.priorityCategories.find((c) => c.code === flow.priority) ?? null;

  const chooseService = (s: PublicService) => {
    setIssueError(null);
    dispatch({ type: 'service', serviceId: s.id, askPriority: s.allowsPriority && (data?.priorityCategories.length ?? 0) > 0 });
  };

  const confirm = async () => {
    // A second tap before React disables the button must not send a second request.
    if (inFlight.current || !center || !flow.serviceId || !flow.idempotencyKey) return;
    inFlight.current = true;
    setBusy(true);
    setIssueError(null);
    try {
      const { ticket } = await api.issueTicket(
        center.id,
        { serviceId: flow.serviceId, language, channel: 'kiosk', ...(flow.priority !== 'none' ? { priority: flow.priority } : {}) },
        flow.idempotencyKey,
      );
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

  let screen: React.ReactNode;
  if (centerError) screen = <p className="message message-error" role="alert">{centerError}</p>;
  else if (flow.step === 'language') screen = <LanguageScreen disabled={false} onChoose={(l) => dispatch({ type: 'start', language: l })} />;
  else if (!data || !center) screen = loading;
  else if (flow.step === 'groups') screen = <GroupsScreen data={data} language={language} disabled={disabled} onChoose={(groupId) => dispatch({ type: 'group', groupId })} />;
  else if (flow.step === 'services') screen = <ServicesScreen data={data} groupId={flow.groupId} language={language} disabled={disabled} onChoose={chooseService} />;
  else if (flow.step === 'priority') screen = <PriorityScreen categories={data.priorityCategories} language={language} disabled={disabled} onChoose={(p) => dispatch({ type: 'priority', priority: p })} />;
  else if (flow.step === 'confirm' && service)
    screen = (
      <ConfirmScreen
        service={service}
        priority={priority}
        language={language}
        busy={busy}
        offline={disabled}
        error={issueError}
        onConfirm={() => void confirm()}
        onChooseAnother={() => {
          setIssueError(null);
          dispatch({ type: 'back' });
        }}
      />
    );
  else if (flow.step === 'ticket' && flow.ticket)
    screen = (
      <TicketScreen
        ticket={flow.ticket}
        service={data.services.find((s) => s.id === flow.ticket?.serviceId)}
        centerName={localize(center.name, language)}
        timeZone={center.timezone}
        language={language}
        seconds={config.ticketSeconds}
        print={config.print}
        printed={flow.printed}
        onPrinted={() => dispatch({ type: 'printed' })}
        onDone={reset}
      />
    );
  else screen = loading;

  const showNav = flow.step !== 'language' && flow.step !== 'ticket';
  return (
    <div className={`kiosk step-${flow.step}`} data-step={flow.step}>
      <header className="kiosk-header">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true">
            ن
          </span>
          <span>{center ? localize(center.name, flow.step === 'language' ? 'en' : language) : t.appName}</span>
        </p>
        {flow.step !== 'language' ? <LanguageToggle language={language} onChange={setLanguage} /> : null}
      </header>
      <main ref={mainRef} className="kiosk-main" aria-busy={busy}>
        {!online ? <OfflineBanner text={flow.step === 'language' ? messages.en.offline : t.offline} /> : null}
        {screen}
      </main>
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
