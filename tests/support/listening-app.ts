import { afterEach, beforeEach } from 'vitest';
import { useTestApp, type createTestApp, type TestApp } from './test-app';
import { connectRecording, type RecordingSocket } from './sockets';

/** The current test's app, listening, with a way to open recorded sockets on it. */
export interface ListeningApp extends Omit<TestApp, 'close'> {
  readonly url: string;
  /** Connects a recorded socket to `namespace` (closed after the test); `cookie` signs in a staff socket. */
  connect: (namespace: string, auth: object, cookie?: string) => Promise<RecordingSocket>;
}

/**
 * `useTestApp` for a test file whose tests use real sockets: each test's app also listens on a free port, and
 * the sockets the test `connect`s are closed after it (before its app). Use it inside tests only.
 */
export function useListeningApp(options?: () => Parameters<typeof createTestApp>[0]): ListeningApp {
  const t = useTestApp(options);
  let url = '';
  const sockets: RecordingSocket[] = [];
  beforeEach(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  const connect = async (namespace: string, auth: object, cookie?: string) => {
    const s = await connectRecording(url, namespace, auth, cookie ? { cookie } : {});
    sockets.push(s);
    return s;
  };
  return Object.defineProperty(Object.assign(t, { connect }), 'url', { get: () => url }) as ListeningApp;
}
