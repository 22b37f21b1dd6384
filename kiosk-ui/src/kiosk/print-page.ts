const styleId = 'navbat-receipt-page';

/**
 * Sets the printed page to 80 mm × the receipt's own length, so a thermal printer feeds and cuts just
 * the receipt. (CSS cannot say "80 mm wide, as long as the content": `size: 80mm auto` is invalid and
 * Chromium falls back to Letter.)
 */
export function fitPrintPageToReceipt(receipt: HTMLElement | null): void {
  if (!receipt) return;
  receipt.classList.add('measuring');
  const heightPx = receipt.getBoundingClientRect().height;
  receipt.classList.remove('measuring');
  if (!heightPx) return;
  const heightMm = Math.ceil((heightPx * 25.4) / 96) + 2;
  let style = document.getElementById(styleId);
  if (!style) {
    style = document.createElement('style');
    style.id = styleId;
    document.head.append(style);
  }
  style.textContent = `@media print { @page { size: 80mm ${heightMm}mm; margin: 0; } }`;
}
