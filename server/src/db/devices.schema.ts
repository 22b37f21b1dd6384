import type { ColumnType, Selectable } from 'kysely';
import type { DeviceKind, PrinterStatus } from '@navbat/shared';

/** A kiosk, display or counter PC as its last heartbeat described it. */
export interface DevicesTable {
  center_id: string;
  device_id: string;
  kind: DeviceKind;
  label: string | null;
  app_version: string;
  /** "WIDTHxHEIGHT" */
  screen: string;
  sound: number | null;
  printer: PrinterStatus | null;
  /** The hall zone a kiosk says it stands in (migration 1300); null: not said. */
  zone: ColumnType<string | null, string | null | undefined, string | null>;
  first_seen_at: string;
  last_seen_at: string;
}
export type DeviceRow = Selectable<DevicesTable>;
