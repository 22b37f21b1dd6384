import { allow, refuse, type Decision } from './decision';

// The rules an administrator meets when changing the hall's setup (groups, services, counters, staff).
// Each takes what the service has read and returns a Decision; the service turns a refusal into its error.

/** A group may be deleted only when empty, so no service silently drops out of its kiosk screen. */
export function decideGroupDelete(hasServices: boolean): Decision {
  return hasServices ? refuse('IN_USE', 'this group still has services; move them to another group (or none) first') : allow({});
}

/** A service's group, when it has one, must exist and belong to the same center. */
export function decideGroupOfService(group: { center_id: string } | undefined, groupId: number | null | undefined, centerId: string): Decision {
  if (groupId === null || groupId === undefined) return allow({});
  return group && group.center_id === centerId ? allow({}) : refuse('SERVICE_GROUP_NOT_FOUND', `no group ${groupId} here`);
}

/** A ticket's code starts with its service's prefix, so two services of one center never share one. */
export function decidePrefix(services: readonly { id: number; prefix: string }[], prefix: string, exceptId?: number): Decision {
  const clash = services.find((s) => s.prefix === prefix && s.id !== exceptId);
  return clash ? refuse('ALREADY_EXISTS', `prefix ${prefix} is used by another service of this center`) : allow({});
}

/**
 * Deleting a service: refused while people wait (deactivate it, serve the line, then delete); a service with
 * past tickets only is deactivated instead, because statistics and receipts still name it.
 */
export function decideServiceDelete(tickets: { waiting: boolean; any: boolean }): Decision<{ action: 'delete' | 'deactivate' }> {
  if (tickets.waiting) return refuse('IN_USE', 'people are waiting for this service; deactivate it (PATCH active: false) and serve the line first');
  return allow({ action: tickets.any ? 'deactivate' : 'delete' });
}

/** A counter's skills name services of its own center, each once. */
export function decideSkills(centerServiceIds: ReadonlySet<number>, skills: readonly { serviceId: number }[]): Decision {
  const unknown = skills.find((s) => !centerServiceIds.has(s.serviceId));
  if (unknown) return refuse('SERVICE_NOT_FOUND', `no service ${unknown.serviceId} in this center`);
  if (new Set(skills.map((s) => s.serviceId)).size !== skills.length) return refuse('VALIDATION_ERROR', 'a service is listed twice');
  return allow({});
}

/** Only a closed counter that never served anyone may be deleted; others are deactivated. */
export function decideCounterDelete(counter: { status: string }, hasTickets: boolean): Decision {
  return hasTickets || counter.status !== 'closed' ? refuse('IN_USE', 'this counter has history or is open; deactivate it instead') : allow({});
}

/** An administrator cannot lock themselves out: no deactivating or demoting one's own account. */
export function decideUserChange(actorId: number, userId: number, change: { active?: boolean | undefined; role?: string | undefined }): Decision {
  if (actorId === userId && (change.active === false || (change.role && change.role !== 'admin'))) {
    return refuse('CONFLICT', 'you cannot deactivate or demote yourself');
  }
  return allow({});
}
