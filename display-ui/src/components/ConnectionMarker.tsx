import { text } from '../i18n';
import type { Connection } from '../hooks/useDisplayBoard';
import { Bilingual } from './Bilingual';

/** A small, always-visible sign that the board may be out of date; nothing when online. */
export function ConnectionMarker({ connection }: { connection: Connection }) {
  if (connection === 'online' || connection === 'unknown-center' || connection === 'unknown-zone') return null;
  return (
    <div className="connection-marker" role="status" data-testid="reconnecting" data-state={connection}>
      <span className="connection-dot" aria-hidden="true" />
      <Bilingual text={connection === 'connecting' ? text.connecting : text.reconnecting} />
    </div>
  );
}
