import { lazy, Suspense } from 'react';
import { ConsoleApp } from './console/ConsoleApp';

// Supervisors and admins work under /counter/supervisor; the operator console is everything else.
const SupervisorApp = lazy(() => import('./supervisor/SupervisorApp').then((m) => ({ default: m.SupervisorApp })));

export function App() {
  const isSupervisor = window.location.pathname.startsWith('/counter/supervisor');
  return isSupervisor ? (
    <Suspense fallback={<p role="status">Loading…</p>}>
      <SupervisorApp />
    </Suspense>
  ) : (
    <ConsoleApp />
  );
}
