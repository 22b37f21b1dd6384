import { useEffect, useState } from 'react';
import type { Language, PublicBroadcast } from '@navbat/shared';
import { messages } from '../i18n';

const dismissedKey = 'navbat.phone.dismissedBroadcasts';

function dismissedIds(): number[] {
  try {
    const ids: unknown = JSON.parse(sessionStorage.getItem(dismissedKey) ?? '[]');
    return Array.isArray(ids) ? ids.filter((x): x is number => typeof x === 'number') : [];
  } catch {
    return [];
  }
}

/**
 * A supervisor's message to everyone waiting (a delay, a closed line), above the ticket until it is cleared,
 * expires, or the citizen hides it (hidden stays hidden for this message only; a new one shows again).
 */
export function BroadcastBanner({ broadcast, language }: { broadcast: PublicBroadcast; language: Language }) {
  const t = messages[language];
  const [dismissed, setDismissed] = useState<number[]>(dismissedIds);
  const [expired, setExpired] = useState(() => Date.parse(broadcast.expiresAt) <= Date.now());
  useEffect(() => {
    const left = Date.parse(broadcast.expiresAt) - Date.now();
    setExpired(left <= 0);
    if (left <= 0) return;
    // Longer than a timer can wait: the server's next update decides.
    const timer = setTimeout(() => setExpired(true), Math.min(left, 2_147_000_000));
    return () => clearTimeout(timer);
  }, [broadcast.expiresAt]);
  if (expired || dismissed.includes(broadcast.id)) return null;
  const hide = () => {
    const next = [...dismissed, broadcast.id].slice(-20);
    setDismissed(next);
    try {
      sessionStorage.setItem(dismissedKey, JSON.stringify(next));
    } catch {
      // Private mode: hidden until the page is reloaded.
    }
  };
  return (
    <section className="phone-broadcast" role="status" aria-labelledby={`broadcast-${broadcast.id}`} data-broadcast-id={broadcast.id}>
      <div className="phone-broadcast-text">
        <h2 id={`broadcast-${broadcast.id}`}>{t.broadcastTitle}</h2>
        <p dir="auto">{broadcast.message}</p>
      </div>
      <button type="button" className="phone-broadcast-dismiss" onClick={hide} aria-label={t.broadcastDismiss} title={t.broadcastDismiss}>
        <span aria-hidden="true">×</span>
      </button>
    </section>
  );
}
