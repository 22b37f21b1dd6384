/** One SMS as the gateway gets it (API.md "Citizen messages"): `id` lets the gateway drop a repeat. */
export interface SmsMessage {
  id: string;
  to: string;
  text: string;
  language: string;
}

/** How one SMS went: `sent` (the gateway took it), `logged` (no gateway set), or failed with a reason. */
export type SmsResult = { ok: true; channel: 'sms' | 'log' } | { ok: false; error: string };

export type SmsSender = (message: SmsMessage, signal?: AbortSignal) => Promise<SmsResult>;

/** The log lines citizen messages write: never the phone number. */
export interface MessageLog {
  info(data: object, message: string): void;
  warn(data: object, message: string): void;
}

/**
 * SMS through the configured gateway: a JSON POST `{ id, to, text, language }` with `Authorization: Bearer
 * <token>`; any 2xx means it took the message. Without a gateway the message is only logged, without the
 * number. Nothing here ever logs or returns the number.
 */
export function createSmsSender(options: { url: string | undefined; token: string | undefined; log: MessageLog; timeoutMs?: number }): SmsSender {
  const { url, token, log } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (!url) {
    return async (m) => {
      log.info({ messageId: m.id, language: m.language, text: m.text }, 'SMS not sent (SMS_GATEWAY_URL is unset)');
      return { ok: true, channel: 'log' };
    };
  }
  return async (m, signal) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ id: m.id, to: m.to, text: m.text, language: m.language }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        redirect: 'error',
      });
      await res.body?.cancel();
      if (res.ok) return { ok: true, channel: 'sms' };
      log.warn({ messageId: m.id, statusCode: res.status }, 'SMS gateway refused a message');
      return { ok: false, error: `the gateway answered ${res.status}` };
    } catch (error) {
      const reason = timeout.aborted ? `no answer within ${timeoutMs / 1000} s` : (error as Error).name;
      log.warn({ messageId: m.id, reason }, 'SMS gateway unreachable');
      return { ok: false, error: `the gateway was not reached: ${reason}` };
    }
  };
}
