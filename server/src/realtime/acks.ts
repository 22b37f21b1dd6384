import { AppError, type Ack, type DeviceHeartbeat } from '@navbat/shared';

/** Runs a socket command and answers its ack with the shared envelope; never throws to the socket. */
export async function answer<T>(ack: unknown, fn: () => Promise<T>): Promise<void> {
  if (typeof ack !== 'function') return;
  const reply = ack as (a: Ack<T>) => void;
  try {
    reply({ ok: true, data: await fn() });
  } catch (error) {
    const e = error instanceof AppError ? error : new AppError('INTERNAL_ERROR', 'something went wrong on our side');
    reply({ ok: false, error: { code: e.code, message: e.message } });
  }
}

/**
 * Listens for a client command whose ack is the LAST argument (API.md): anything sent before it is ignored,
 * and a command sent without an ack is ignored too.
 */
export function onCommand<T>(socket: { on(event: string, listener: (...args: unknown[]) => void): unknown }, event: string, run: () => Promise<T>): void {
  socket.on(event, (...args: unknown[]) => void answer(args.at(-1), run));
}

/** The error a refused handshake carries to the client (`connect_error`). */
export function handshakeError(code: AppError['code'], message: string): Error & { data: { code: string } } {
  const err = new Error(message) as Error & { data: { code: string } };
  err.data = { code };
  return err;
}

/** Heartbeats closer together than this from one socket are dropped (devices report every 15 s). */
const minHeartbeatGapMs = 5_000;

/**
 * Listens for `device:heartbeat` (no ack): a valid report, at most one per 5 s per socket, is handed to
 * `record`; anything else is dropped without an answer (a public socket must not make the server work).
 */
export function onHeartbeat(
  socket: { on(event: string, listener: (...args: unknown[]) => void): unknown },
  parse: (payload: unknown) => { success: true; data: DeviceHeartbeat } | { success: false },
  record: (beat: DeviceHeartbeat) => Promise<void>,
  onError: (error: unknown) => void,
): void {
  let last = -Infinity;
  socket.on('device:heartbeat', (payload: unknown) => {
    const now = performance.now();
    if (now - last < minHeartbeatGapMs) return;
    const parsed = parse(payload);
    if (!parsed.success) return;
    last = now;
    record(parsed.data).catch(onError);
  });
}
