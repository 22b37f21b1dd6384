import { useEffect, useReducer, useRef, useState } from 'react';
import { displayStateEveryMs, reportDevice, type DeviceDescription, type DisplayState, type TicketCalledEvent } from '@navbat/shared';
import { applyCall, applyState, emptyBoard, expireHighlight, hasGap, type BoardModel } from '../board/board-model';
import { GapWatcher } from '../board/gap-watcher';
import { Liveness } from '../board/liveness';
import { connectDisplaySocket } from '../socket';

export type Connection = 'connecting' | 'online' | 'reconnecting' | 'unknown-center' | 'unknown-zone';

type Action =
  | { type: 'state'; state: DisplayState; force?: boolean }
  | { type: 'call'; event: TicketCalledEvent; now: number; highlightFor: number }
  | { type: 'reconnected' }
  | { type: 'tick'; now: number };

function reducer(model: BoardModel, action: Action): BoardModel {
  switch (action.type) {
    case 'state':
      return applyState(model, action.state, action.force);
    case 'call':
      return applyCall(model, action.event, action.now, action.highlightFor);
    case 'reconnected':
      // The server may have restarted with any seq: the next state wins whatever its number.
      return { ...model, lastSeq: -1 };
    case 'tick':
      return expireHighlight(model, action.now);
  }
}

/**
 * How long a `ticket:called` with a missed seq waits for a `display:updated` before asking for a sync: longer than
 * the server's spacing of states in a busy hall, so a display asks only when a state was really lost (a shorter
 * wait had every display of a busy hall ask after nearly every call).
 */
const gapGraceMs = displayStateEveryMs * 1.5;

/**
 * The live board of one centre and zone: a snapshot on every (re)connect, full states on top, calls
 * shown and passed to `onCall` (the announcer) as they come, a `display:sync` when a seq was missed.
 */
export function useDisplayBoard(
  centerId: string,
  zone: string | null,
  highlightFor: number,
  onCall: (event: TicketCalledEvent) => void,
  /** What this screen reports of itself on the devices page (docs/supervisor.md "Devices"). */
  describe: () => DeviceDescription = () => ({ kind: 'display', label: zone }),
) {
  const [model, dispatch] = useReducer(reducer, emptyBoard);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [connects, setConnects] = useState(0);
  const onCallRef = useRef(onCall);
  const highlightRef = useRef(highlightFor);
  const describeRef = useRef(describe);
  useEffect(() => {
    onCallRef.current = onCall;
    highlightRef.current = highlightFor;
    describeRef.current = describe;
  }, [onCall, highlightFor, describe]);

  useEffect(() => {
    const socket = connectDisplaySocket(centerId, zone);
    const stopReporting = reportDevice(socket, () => describeRef.current());
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let everConnected = false;
    // The newest seq seen on this connection, kept here (not in React state) so that events arriving in
    // one tick see each other.
    let lastSeq = -1;

    const sync = () => {
      socket.timeout(8_000).emit('display:sync', (err, answer) => {
        if (err || !answer.ok) return;
        lastSeq = Math.max(lastSeq, answer.data.seq);
        gaps.stateSeen(answer.data.seq);
        dispatch({ type: 'state', state: answer.data });
      });
    };
    const gaps = new GapWatcher({ graceMs: gapGraceMs, sync });
    const liveness = new Liveness({
      silentMs: 14_000,
      now: () => Date.now(),
      onChange: (silent) => {
        if (!socket.connected) return;
        setConnection(silent ? 'reconnecting' : 'online');
        if (!silent) sync(); // we may have missed anything while the line was silent
      },
    });
    const livenessTimer = setInterval(() => liveness.check(), 2_000);
    const heard = () => liveness.heard();
    socket.io.on('ping', heard);
    socket.onAny(heard);

    socket.on('connect', () => {
      everConnected = true;
      liveness.heard();
      gaps.reset();
      lastSeq = -1;
      dispatch({ type: 'reconnected' });
      setConnects((n) => n + 1);
      // The server sends a snapshot on connect; ask too, so a lost snapshot cannot leave a stale board.
      sync();
    });
    socket.on('display:snapshot', (state) => {
      lastSeq = state.seq;
      gaps.stateSeen(state.seq);
      dispatch({ type: 'state', state, force: true });
      setConnection('online');
    });
    socket.on('display:updated', (state) => {
      lastSeq = Math.max(lastSeq, state.seq);
      gaps.stateSeen(state.seq);
      dispatch({ type: 'state', state });
      setConnection('online');
    });
    socket.on('ticket:called', (event) => {
      const gap = hasGap(lastSeq, event.seq);
      lastSeq = Math.max(lastSeq, event.seq);
      dispatch({ type: 'call', event, now: Date.now(), highlightFor: highlightRef.current });
      onCallRef.current(event);
      gaps.callSeen(event.seq, gap);
    });
    socket.on('disconnect', () => setConnection('reconnecting'));
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      if (error.data?.code === 'CENTER_NOT_FOUND') setConnection('unknown-center');
      else if (error.data?.code === 'ZONE_NOT_FOUND') setConnection('unknown-zone');
      else setConnection(everConnected ? 'reconnecting' : 'connecting');
      // A refused handshake is not retried by socket.io; keep trying (the centre may be created later).
      if (!socket.active) {
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => socket.connect(), 10_000);
      }
    });

    return () => {
      stopReporting();
      gaps.dispose();
      clearTimeout(retryTimer);
      clearInterval(livenessTimer);
      socket.io.off('ping', heard);
      socket.offAny(heard);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [centerId, zone]);

  // Ends the highlight on time without a timer per call.
  useEffect(() => {
    if (!model.highlight) return;
    const id = setTimeout(() => dispatch({ type: 'tick', now: Date.now() }), Math.max(0, model.highlight.until - Date.now()) + 20);
    return () => clearTimeout(id);
  }, [model.highlight]);

  return { model, connection, connects };
}
