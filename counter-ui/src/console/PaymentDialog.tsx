import type { PublicService, Ticket } from '@navbat/shared';
import { t } from '../lib/i18n';
import { Dialog } from './Dialog';
import { serviceName } from './JourneySteps';
import { PaymentForm } from './PaymentForm';

interface Props {
  ticket: Ticket;
  services: PublicService[];
  disabled: boolean;
  onDone: (ticket: Ticket) => void;
  onClose: () => void;
}

/**
 * The fee of a ticket still waiting (pay while you wait): its PSID, and paid or waived, recorded from the
 * waiting list, so a ticket held for its fee is called in its place once settled.
 */
export function PaymentDialog({ ticket, services, disabled, onDone, onClose }: Props) {
  return (
    <Dialog id="payment" title={t('fee.dialogTitle', { code: ticket.code })} onCancel={onClose}>
      <p className="muted">{serviceName(services, ticket.serviceId)}</p>
      <PaymentForm ticket={ticket} service={services.find((s) => s.id === ticket.serviceId)} disabled={disabled} onDone={onDone} />
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('action.closeDialog')}
        </button>
      </div>
    </Dialog>
  );
}
