import type { Center, Counter, Service, TicketEvent } from '@navbat/shared';
import { counterLabel, localized, t } from '../lib';

/** What the timeline needs to name things: the centre's services, counters and priority categories. */
export interface TimelineNames {
  services: Pick<Service, 'id' | 'prefix' | 'name'>[];
  counters: Pick<Counter, 'id' | 'name'>[];
  center: Pick<Center, 'priorityCategories'> | null;
}

/**
 * The details of one ticket event in words ("National ID card (CNIC) · priority: Senior citizen · at the
 * kiosk"), never raw fields: ids become names, codes become labels. Unknown fields are left out.
 */
export function describeEventData(event: Pick<TicketEvent, 'type' | 'data'>, names: TimelineNames): string {
  const data = event.data ?? {};
  const service = (id: unknown) => {
    const s = names.services.find((x) => x.id === id);
    return s ? `${s.prefix} · ${localized(s.name)}` : t('timeline.unknownService');
  };
  const counter = (id: unknown) => {
    const c = names.counters.find((x) => x.id === id);
    return c ? counterLabel(c.name) : t('timeline.unknownCounter');
  };
  const parts: string[] = [];
  switch (event.type) {
    case 'issued': {
      if (typeof data.serviceId === 'number') parts.push(service(data.serviceId));
      if (typeof data.priority === 'string' && data.priority !== 'none') {
        const category = names.center?.priorityCategories.find((c) => c.code === data.priority);
        parts.push(t('timeline.priority', { name: category ? localized(category.name) : data.priority }));
      }
      if (typeof data.channel === 'string') parts.push(t(`timeline.channel.${data.channel}`));
      break;
    }
    case 'transferred': {
      if (typeof data.toCounterId === 'number') parts.push(t('timeline.toCounter', { counter: counter(data.toCounterId) }));
      else if (typeof data.toServiceId === 'number') {
        const moved = data.fromServiceId !== data.toServiceId;
        parts.push(moved ? t('timeline.fromTo', { from: service(data.fromServiceId), to: service(data.toServiceId) }) : t('timeline.sameService', { service: service(data.toServiceId) }));
      }
      if (data.placement === 'front' || data.placement === 'sorted') parts.push(t(`timeline.placement.${data.placement}`));
      break;
    }
    case 'completed':
      if (typeof data.outcome === 'string' && data.outcome) parts.push(t('timeline.outcome', { outcome: data.outcome }));
      break;
    case 'rated':
      if (typeof data.rating === 'number') parts.push(t('timeline.rating', { stars: '★'.repeat(data.rating) + '☆'.repeat(Math.max(0, 5 - data.rating)), n: data.rating }));
      if (typeof data.comment === 'string' && data.comment) parts.push(`“${data.comment}”`);
      break;
  }
  return parts.join(' · ');
}
