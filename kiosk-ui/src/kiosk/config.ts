import type { Language } from '@navbat/shared';

/** Kiosk settings from its URL (`/kiosk?center=isb-g9&lang=en&idle=60&ticketSeconds=15&print=on`); docs/kiosk.md lists them. */
export interface KioskConfig {
  centerId: string | null;
  /** The language of the start screen, to which the kiosk returns after each citizen. */
  language: Language;
  idleSeconds: number;
  ticketSeconds: number;
  print: boolean;
  /** How the devices page and the help desk's printer list name this kiosk (`?label=Kiosk 2`). */
  label: string | null;
  /** The hall zone it stands in (`?zone=hall-a`): counters of that zone print their staff tickets here first. */
  zone: string | null;
}

function seconds(value: string | null, fallback: number): number {
  const n = Number(value);
  return value !== null && Number.isFinite(n) && n >= 1 && n <= 3600 ? n : fallback;
}

export function readKioskConfig(search: string): KioskConfig {
  const params = new URLSearchParams(search);
  return {
    centerId: params.get('center'),
    language: params.get('lang') === 'ur' ? 'ur' : 'en',
    idleSeconds: seconds(params.get('idle'), 60),
    ticketSeconds: seconds(params.get('ticketSeconds'), 15),
    print: params.get('print') !== 'off',
    label: params.get('label')?.trim().slice(0, 80) || null,
    zone: params.get('zone')?.trim().slice(0, 40) || null,
  };
}
