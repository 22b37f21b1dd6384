import { highlightMs } from './board/board-model';

/** What a display is configured with, from its URL: `/display?center=ID&zone=Z&sound=on|off&waiting=on|off&flash=S&page=S`. */
export interface DisplayConfig {
  centerId: string | null;
  zone: string | null;
  /** `null` when the URL does not say; then the on-screen setting (kept on this device) decides. */
  sound: boolean | null;
  showWaiting: boolean;
  /** How long the newest call flashes, in ms (`flash` in seconds, 1–60, default 8). */
  highlightMs: number;
  /** How long each page of serving counters shows when they do not all fit, in ms (`page` in seconds, 1–120, default 10). */
  pageMs: number;
}

export const pageMs = 10_000;

const onOff = (value: string | null): boolean | null => (value === 'on' ? true : value === 'off' ? false : null);

export function readConfig(search: string): DisplayConfig {
  const p = new URLSearchParams(search);
  const center = p.get('center')?.trim() || null;
  const zone = p.get('zone')?.trim() || null;
  const flash = Number(p.get('flash'));
  const flashMs = Number.isFinite(flash) && flash >= 1 && flash <= 60 ? Math.round(flash * 1000) : highlightMs;
  const page = Number(p.get('page'));
  const pageEveryMs = Number.isFinite(page) && page >= 1 && page <= 120 ? Math.round(page * 1000) : pageMs;
  return { centerId: center, zone, sound: onOff(p.get('sound')), showWaiting: onOff(p.get('waiting')) ?? true, highlightMs: flashMs, pageMs: pageEveryMs };
}
