import type { PrinterStatus } from '@navbat/shared';

// The printer as this kiosk's last print left it, for its heartbeat on the devices page. A browser can tell
// only whether printing started (window.print returned) or failed (it threw); "out of paper" is the print
// server's to see (docs/deploy.md, kiosk PCs).
let lastPrint: PrinterStatus = 'unknown';

/** Prints the page (or a frame's page) and notes how it went; answers whether printing started. */
export function printAndNote(target: Pick<Window, 'print'> = window): boolean {
  try {
    target.print();
    lastPrint = 'ok';
  } catch {
    lastPrint = 'failed';
  }
  return lastPrint === 'ok';
}

export const printerStatus = (): PrinterStatus => lastPrint;
