import { useEffect, useState } from 'react';
import type { Language } from '@navbat/shared';
import { messages } from '../i18n';
import { browserPushEnvironment, pushSupported, subscribeToPush } from '../push/subscribe';

/** `unsupported` hides the button (e.g. iOS Safari outside a home-screen app). */
export type PushState = 'unsupported' | 'idle' | 'asking' | 'subscribed' | 'denied' | 'error';

const storageKey = (publicId: string) => `navbat.push.${publicId}`;

function initialState(publicId: string): PushState {
  const env = browserPushEnvironment();
  if (!pushSupported(env)) return 'unsupported';
  if (typeof Notification !== 'undefined' && Notification.permission === 'denied') return 'denied';
  try {
    if (localStorage.getItem(storageKey(publicId)) === 'subscribed') return 'subscribed';
  } catch {
    // Private mode: the button is offered again.
  }
  return 'idle';
}

/**
 * "Tell me when my turn is near": Web Push (src/push/subscribe.ts, public/push-sw.js), a free channel
 * beside SMS. The browser asks for permission only after this tap.
 */
export function PushButton({ publicId, language }: { publicId: string; language: Language }) {
  const t = messages[language];
  const [state, setState] = useState<PushState>(() => initialState(publicId));
  useEffect(() => setState(initialState(publicId)), [publicId]);

  if (state === 'unsupported') return null;
  const ask = async () => {
    setState('asking');
    const result = await subscribeToPush(publicId);
    const next: PushState = result === 'subscribed' ? 'subscribed' : result === 'denied' ? 'denied' : result === 'unsupported' ? 'unsupported' : 'error';
    if (next === 'subscribed')
      try {
        localStorage.setItem(storageKey(publicId), 'subscribed');
      } catch {
        // Remembered for this visit only.
      }
    setState(next);
  };
  return (
    <div className="push" data-push-state={state} data-testid="push">
      {state === 'subscribed' ? (
        <p className="push-note push-ok" role="status">
          {t.pushSubscribed}
        </p>
      ) : state === 'denied' ? (
        <p className="push-note" role="status">
          {t.pushDenied}
        </p>
      ) : (
        <>
          <button type="button" className="button push-button" disabled={state === 'asking'} aria-busy={state === 'asking'} onClick={() => void ask()}>
              {state === 'asking' ? t.pushAsking : t.pushButton}
          </button>
          {state === 'error' ? (
            <p className="push-note push-error" role="alert">
              {t.pushFailed}
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
