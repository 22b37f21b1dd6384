import { SessionAwareAdapter } from 'socket.io-adapter';

/**
 * Connection state recovery (one instance, no Redis): a socket that drops and returns within
 * `maxDisconnectionDuration` gets the broadcasts it missed. Socket.IO's in-memory adapter keeps every broadcast
 * for that long whatever the rate; this one keeps at most `recoveryPacketsKept` a namespace as well, as the
 * Redis Streams adapter of the scale-out path keeps its stream to a length (`maxLen`, 10,000 messages).
 *
 * A display that comes back after more than that many broadcasts is not recovered: it gets a fresh
 * `display:snapshot`, as after any longer drop (a phone or staff console its fresh state). 2,000 is far more
 * than two minutes of the busiest hall (one call and one state a second); what it bounds is a burst, such as a
 * day replayed in seconds (`npm run bench` figure 3 held ~10 MB of calls before).
 */
export const recoveryPacketsKept = 2_000;

/** What Socket.IO's adapter keeps (fields it does not declare public). */
interface Kept {
  packets: unknown[];
  sessions: Map<string, { rooms: string[]; disconnectedAt: number }>;
  maxDisconnectionDuration: number;
}

/** An adapter that knows of sockets away for a moment (`keepsRoom`): the broadcaster sends to their rooms too. */
export interface KeepsSessions {
  /** Whether a socket that dropped, and may still come back, was in a room for which `inRoom` answers true. */
  keepsRoom(inRoom: (room: string) => boolean): boolean;
}

export const keepsSessions = (adapter: object): adapter is KeepsSessions => typeof (adapter as Partial<KeepsSessions>).keepsRoom === 'function';

/** Socket.IO's in-memory session-aware adapter, keeping at most `kept` broadcasts for recovery. */
export function keepingAtMost(kept: number): typeof SessionAwareAdapter {
  return class KeptSessionAdapter extends SessionAwareAdapter implements KeepsSessions {
    override broadcast(...args: Parameters<SessionAwareAdapter['broadcast']>): void {
      super.broadcast(...args);
      const { packets } = this as unknown as Partial<Kept>;
      if (!Array.isArray(packets)) return;
      // Dropped a quarter at a time, not one by one: a broadcast moves no more than its share of the array.
      if (packets.length > kept + Math.ceil(kept / 4)) packets.splice(0, packets.length - kept);
    }

    keepsRoom(inRoom: (room: string) => boolean): boolean {
      const { sessions, maxDisconnectionDuration } = this as unknown as Partial<Kept>;
      // Fields of socket.io-adapter 2.5 (tests/integration/recovery.test.ts fails if a new version moves them).
      if (!(sessions instanceof Map) || maxDisconnectionDuration === undefined) return false;
      const since = Date.now() - maxDisconnectionDuration;
      for (const session of sessions.values()) if (session.disconnectedAt >= since && session.rooms.some(inRoom)) return true;
      return false;
    }
  };
}
