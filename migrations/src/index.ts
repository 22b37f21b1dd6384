import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './2026-11-24T0900-initial';
import * as ticketDurations from './2026-11-24T1900-ticket-durations';
import * as ticketIndexes from './2026-11-24T1910-ticket-indexes';
import * as estimates from './2026-12-01T1010-estimates';
import * as outboxWebhooks from './2026-12-01T1020-outbox-webhooks';
import * as appointments from './2026-12-01T1030-appointments';
import * as journeysFees from './2026-12-01T1040-journeys-fees';
import * as messages from './2026-12-01T1050-messages';
import * as closures from './2026-12-01T1100-closures';
import * as ticketHolds from './2026-12-01T1100-ticket-holds';
import * as devices from './2026-12-01T1200-devices';
import * as nearCandidates from './2026-12-01T1200-near-candidates';
import * as hotPathIndexes from './2026-12-01T1400-hot-path-indexes';
import * as broadcasts from './2026-12-01T1300-broadcasts';
import * as counterDayServices from './2026-12-01T1300-counter-day-services';
import * as flowVersion from './2026-12-02T0900-flow-version';
import * as sessionChanges from './2026-12-03T0900-session-changes';
import * as setupChanges from './2026-12-03T1000-setup-changes';
import * as reachableTickets from './2026-12-03T1100-reachable-tickets';
import * as lineSizes from './2026-12-03T1200-line-sizes';
import * as setupVersion from './2026-12-03T1300-setup-version';
import * as sessionVersion from './2026-12-03T1400-session-version';
import * as fewerTicketIndexEntries from './2026-12-03T1500-fewer-ticket-index-entries';
import * as unreadAuditIndex from './2026-12-05T0200-unread-audit-index';
import * as outboxWithoutTimeIndex from './2026-12-05T0300-outbox-without-time-index';
import * as ticketsHoldingPhones from './2026-12-05T0400-tickets-holding-phones';
import * as idempotencyKeysByRowid from './2026-12-05T0500-idempotency-keys-by-rowid';
import * as outboxCursor from './2026-12-05T1200-outbox-cursor';
import * as lineSizesOnPostgres from './2026-12-05T1700-line-sizes-on-postgres';
import * as lineSizesLastQueued from './2026-12-06T2100-line-sizes-last-queued';
import * as setupTriggerByColumn from './2026-12-07T1600-setup-trigger-by-column';

/** All migrations, in order; names are timestamps so they sort the way they were written. */
export const migrations: Record<string, Migration> = {
  '2026-11-24T0900-initial': initial,
  '2026-11-24T1900-ticket-durations': ticketDurations,
  '2026-11-24T1910-ticket-indexes': ticketIndexes,
  '2026-12-01T1010-estimates': estimates,
  '2026-12-01T1020-outbox-webhooks': outboxWebhooks,
  '2026-12-01T1030-appointments': appointments,
  '2026-12-01T1040-journeys-fees': journeysFees,
  '2026-12-01T1050-messages': messages,
  '2026-12-01T1100-closures': closures,
  '2026-12-01T1100-ticket-holds': ticketHolds,
  '2026-12-01T1200-devices': devices,
  '2026-12-01T1200-near-candidates': nearCandidates,
  '2026-12-01T1300-broadcasts': broadcasts,
  '2026-12-01T1300-counter-day-services': counterDayServices,
  '2026-12-01T1400-hot-path-indexes': hotPathIndexes,
  '2026-12-02T0900-flow-version': flowVersion,
  '2026-12-03T0900-session-changes': sessionChanges,
  '2026-12-03T1000-setup-changes': setupChanges,
  '2026-12-03T1100-reachable-tickets': reachableTickets,
  '2026-12-03T1200-line-sizes': lineSizes,
  '2026-12-03T1300-setup-version': setupVersion,
  '2026-12-03T1400-session-version': sessionVersion,
  '2026-12-03T1500-fewer-ticket-index-entries': fewerTicketIndexEntries,
  '2026-12-05T0200-unread-audit-index': unreadAuditIndex,
  '2026-12-05T0300-outbox-without-time-index': outboxWithoutTimeIndex,
  '2026-12-05T0400-tickets-holding-phones': ticketsHoldingPhones,
  '2026-12-05T0500-idempotency-keys-by-rowid': idempotencyKeysByRowid,
  '2026-12-05T1200-outbox-cursor': outboxCursor,
  '2026-12-05T1700-line-sizes-on-postgres': lineSizesOnPostgres,
  '2026-12-06T2100-line-sizes-last-queued': lineSizesLastQueued,
  '2026-12-07T1600-setup-trigger-by-column': setupTriggerByColumn,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
