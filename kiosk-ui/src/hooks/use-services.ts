import { useCallback, useEffect, useRef, useState } from 'react';
import { reportDevice, type DeviceDescription, type PrintJob, type PrintJobAck, type ServicesResponse } from '@navbat/shared';
import { ApiRequestError } from '@navbat/shared/client';
import { api } from '../api';
import { connectDisplaySocket } from '../socket';

/** The center's groups and services with their live waiting counts (pushed over /display, polled every `everyMs`). */
export function useServices(
  centerId: string | null,
  options: { everyMs: number; onNetworkError: () => void; onSuccess: () => void; device?: () => DeviceDescription; onPrintJob?: (job: PrintJob) => Promise<PrintJobAck> },
) {
  const { everyMs, onNetworkError, onSuccess, device } = options;
  // The latest handler, without reconnecting when it changes.
  const onPrintJob = useRef(options.onPrintJob);
  onPrintJob.current = options.onPrintJob;
  const [data, setData] = useState<ServicesResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    if (!centerId) return;
    try {
      const next = await api.services(centerId);
      setData(withUngroupedServices(next));
      setError(null);
      onSuccess();
    } catch (e) {
      if (e instanceof ApiRequestError && e.code === 'NETWORK_ERROR') onNetworkError();
      else setError(e instanceof ApiRequestError ? e.code : 'OTHER');
    }
  }, [centerId, onNetworkError, onSuccess]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), everyMs);
    return () => clearInterval(timer);
  }, [refresh, everyMs]);

  // Live counts: every change the hall displays see (a ticket taken, called, cancelled…) triggers one
  // refresh, at most once a second; a (re)connect refreshes too. The poll above is the fallback.
  useEffect(() => {
    if (!centerId) return;
    const socket = connectDisplaySocket(centerId);
    // A kiosk reports itself on the devices page over this socket (phones and the booking page do not).
    const stopReporting = device ? reportDevice(socket, device) : () => {};
    let pending: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      if (pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        void refresh();
      }, 1000);
    };
    socket.on('connect', soon);
    socket.on('display:updated', soon);
    // A staff-issued ticket to print here (a kiosk only): answered once printed, or why not.
    socket.on('print:ticket', (job, ack) => {
      const print = onPrintJob.current;
      if (!print) return ack({ ok: false, reason: 'busy' });
      print(job).then(ack, () => ack({ ok: false, reason: 'printer_failed' }));
    });
    return () => {
      stopReporting();
      clearTimeout(pending);
      socket.disconnect();
    };
  }, [centerId, refresh, device]);

  return { data, error, refresh };
}

/** Group id under which services without a group are listed ("Other services"). */
export const otherServicesGroupId = 0;

/** Services outside any group would be unreachable on the kiosk; list them under "Other services". */
function withUngroupedServices(data: ServicesResponse): ServicesResponse {
  if (!data.services.some((s) => s.groupId === null)) return data;
  return {
    ...data,
    groups: [...data.groups, { id: otherServicesGroupId, name: { en: 'Other services', ur: 'دیگر خدمات' } }],
    services: data.services.map((s) => (s.groupId === null ? { ...s, groupId: otherServicesGroupId } : s)),
  };
}
