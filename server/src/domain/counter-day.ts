/**
 * What a counter serves today, as pure rules (docs/control-room.md "Services for the day"). A supervisor may
 * change a counter's services for the rest of the centre's local day; the change names its day, so on the next
 * day it is simply no longer in force and the counter serves its usual services again (nothing has to run at
 * midnight). Call-next, a call by hand, the counter's waiting list, the console and the displays' wait ranges
 * all read a counter's services through `servicesOn`.
 */
import type { DayServicesBody } from '@navbat/shared';
import { allow, refuse, type Decision } from './decision';
import { decideSkills } from './hall-setup';

/** A counter's service with its weight (higher is called first; domain/call-order). */
export interface ServiceWeight {
  serviceId: number;
  weight: number;
}

/** The services a supervisor set on a counter for one local day of its centre, as stored. */
export interface DayServices {
  /** The centre's local day (YYYY-MM-DD) the change holds for. */
  day: string;
  services: ServiceWeight[];
  reason: string | null;
  /** When it was set, ISO-8601. */
  since: string;
  /** The supervisor who set it. */
  by: number;
}

/** Whether a day's change is in force on `today` (the centre's local day): it was made for that very day. */
export function dayServicesInForce(change: DayServices | null, today: string): change is DayServices {
  return change !== null && change.day === today;
}

/** What a counter serves on `today`: the day's services while a change for today is in force, else its usual ones. */
export function servicesOn(usual: readonly ServiceWeight[], change: DayServices | null, today: string): readonly ServiceWeight[] {
  return dayServicesInForce(change, today) ? change.services : usual;
}

/** The centre's services as the rule needs them. */
export interface CentreService {
  id: number;
  active: boolean;
}

/**
 * A supervisor changes what an (active) counter serves for the rest of `today`: each named service must be one
 * of the counter's centre (`SERVICE_NOT_FOUND`), named once, and switched on (`SERVICE_INACTIVE`); a weight left
 * out is the counter's usual weight for that service, else 1. Answers the change to store.
 */
export function decideDayServices(
  counter: { active: boolean },
  centreServices: readonly CentreService[],
  usual: readonly ServiceWeight[],
  body: DayServicesBody,
  at: { today: string; now: Date; by: number },
): Decision<{ change: DayServices }> {
  if (!counter.active) return refuse('COUNTER_INACTIVE', 'this counter is deactivated');
  const skills = decideSkills(new Set(centreServices.map((s) => s.id)), body.services);
  if (!skills.ok) return skills;
  const off = body.services.find((s) => centreServices.find((c) => c.id === s.serviceId)?.active === false);
  if (off) return refuse('SERVICE_INACTIVE', `service ${off.serviceId} is switched off`);
  const services = body.services.map((s) => ({ serviceId: s.serviceId, weight: s.weight ?? usual.find((u) => u.serviceId === s.serviceId)?.weight ?? 1 }));
  return allow({ change: { day: at.today, services, reason: body.reason ?? null, since: at.now.toISOString(), by: at.by } });
}

