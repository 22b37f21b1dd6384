import QRCode from 'qrcode';
import type { Language, PrintJob, PrintJobAck } from '@navbat/shared';
import { messages } from '../i18n';
import { qrOptions } from '../qr-options';
import { printAndNote } from './printer-status';

/** What the slip says besides the job: the names the kiosk already knows, in the ticket's language. */
export interface SlipText {
  centerName: string;
  serviceName: string;
  phoneUrl: string;
  language: Language;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The slip as a page of its own: 80 mm wide, the same facts as the kiosk's own receipt. */
function slipHtml(job: PrintJob, text: SlipText, qr: string): string {
  const t = messages[text.language];
  const dir = text.language === 'ur' ? 'rtl' : 'ltr';
  return `<!doctype html><html lang="${text.language}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(job.ticket.code)}</title>
<style>@page{size:80mm 120mm;margin:0}body{margin:0;width:72mm;padding:4mm;font-family:system-ui,'Noto Nastaliq Urdu',sans-serif;text-align:center;color:#000}
p{margin:0 0 2mm}.code{font-size:16mm;font-weight:700;margin:2mm 0}.qr{width:34mm;height:34mm}.url{font-size:3mm;overflow-wrap:anywhere}</style></head>
<body><p>${escapeHtml(text.centerName)}</p><p>${escapeHtml(t.yourToken)}</p><p class="code" dir="ltr">${escapeHtml(job.ticket.code)}</p>
<p>${escapeHtml(text.serviceName)}</p><img class="qr" src="${qr}" alt=""><p>${escapeHtml(t.scanToFollow)}</p><p class="url" dir="ltr">${escapeHtml(text.phoneUrl)}</p></body></html>`;
}

/**
 * Prints a staff-issued ticket's slip in the background: the slip is laid out in a hidden frame of its own
 * and that frame is printed, so the citizen at the kiosk keeps their screen and their own receipt. In
 * `--kiosk-printing` mode this prints silently, like the kiosk's own tickets.
 */
export async function printStaffSlip(job: PrintJob, text: SlipText): Promise<PrintJobAck> {
  const qr = await QRCode.toDataURL(text.phoneUrl, qrOptions).catch(() => '');
  const frame = document.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.title = '';
  frame.dataset.staffSlip = job.ticket.code;
  Object.assign(frame.style, { position: 'fixed', left: '-10000px', top: '0', width: '80mm', height: '120mm', border: '0' });
  document.body.append(frame);
  const doc = frame.contentDocument;
  const win = frame.contentWindow;
  if (!doc || !win) return { ok: false, reason: 'printer_failed' };
  doc.open();
  doc.write(slipHtml(job, text, qr));
  doc.close();
  await new Promise<void>((resolve) => {
    const img = doc.querySelector('img');
    if (!img || img.complete) resolve();
    else img.addEventListener('load', () => resolve(), { once: true });
  });
  const printed = printAndNote(win);
  // The frame stays a minute: some print dialogs read it after print() returns.
  setTimeout(() => frame.remove(), 60_000);
  return printed ? { ok: true } : { ok: false, reason: 'printer_failed' };
}
