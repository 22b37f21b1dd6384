import { useState, type FormEvent } from 'react';
import type { Counter, Placement, PublicService, Ticket, TransferBody } from '@navbat/shared';
import { counterLabel, localized, t } from '../lib/i18n';
import { Dialog, DialogActions } from './Dialog';

interface Props {
  ticket: Ticket;
  counter: Counter;
  counters: Counter[];
  services: PublicService[];
  onSubmit: (target: TransferBody) => void;
  onCancel: () => void;
}

/** Sends the current ticket to another service's line or to one counter, at the front or by its ticket time. */
export function TransferDialog({ ticket, counter, counters, services, onSubmit, onCancel }: Props) {
  const otherServices = services.filter((s) => s.id !== ticket.serviceId);
  const otherCounters = counters.filter((c) => c.id !== counter.id && c.active);
  const [mode, setMode] = useState<'service' | 'counter'>('service');
  const [serviceId, setServiceId] = useState<number | ''>(otherServices[0]?.id ?? '');
  const [counterId, setCounterId] = useState<number | ''>(otherCounters[0]?.id ?? '');
  const [placement, setPlacement] = useState<Placement>('front');

  const valid = mode === 'service' ? serviceId !== '' : counterId !== '';
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!valid) return;
    onSubmit(mode === 'service' ? { serviceId: Number(serviceId), placement } : { counterId: Number(counterId), placement });
  }

  return (
    <Dialog id="transfer" title={t('transfer.title', { code: ticket.code })} onCancel={onCancel}>
      <form onSubmit={submit} className="dialog-form">
        <fieldset>
          <legend>{t('transfer.to')}</legend>
          <label className="choice">
            <input type="radio" name="mode" checked={mode === 'service'} onChange={() => setMode('service')} />
            {t('transfer.toService')}
          </label>
          <label className="choice">
            <input type="radio" name="mode" checked={mode === 'counter'} onChange={() => setMode('counter')} />
            {t('transfer.toCounter')}
          </label>
        </fieldset>
        {mode === 'service' ? (
          <div className="field">
            <label htmlFor="transfer-service">{t('transfer.service')}</label>
            <select id="transfer-service" name="serviceId" value={serviceId} onChange={(e) => setServiceId(Number(e.target.value))}>
              {otherServices.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.prefix} · {localized(s.name)}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div className="field">
            <label htmlFor="transfer-counter">{t('transfer.counter')}</label>
            <select id="transfer-counter" name="counterId" value={counterId} onChange={(e) => setCounterId(Number(e.target.value))}>
              {otherCounters.map((c) => (
                <option key={c.id} value={c.id}>
                  {counterLabel(c.name)} · {t(`status.${c.status}`)}
                </option>
              ))}
            </select>
          </div>
        )}
        <fieldset>
          <legend>{t('transfer.placement')}</legend>
          <label className="choice">
            <input type="radio" name="placement" checked={placement === 'front'} onChange={() => setPlacement('front')} />
            {t('transfer.front')}
          </label>
          <label className="choice">
            <input type="radio" name="placement" checked={placement === 'sorted'} onChange={() => setPlacement('sorted')} />
            {t('transfer.sorted')}
          </label>
        </fieldset>
        <DialogActions submitLabel={t('transfer.submit')} canSubmit={valid} onCancel={onCancel} />
      </form>
    </Dialog>
  );
}
