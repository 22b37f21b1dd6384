let canvas: HTMLCanvasElement | null = null;
const cache = new Map<string, number>();

/** The width of one line of text in em of a font (`weight`, the page's font family), measured once. */
export function textWidthEm(text: string, weight = 800, family = getComputedStyle(document.body).fontFamily): number {
  const key = `${weight}|${family}|${text}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  canvas ??= document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  // Without a canvas (never in a browser) a generous estimate keeps codes whole.
  const width = ctx ? ((ctx.font = `${weight} 100px ${family}`), ctx.measureText(text).width / 100) : text.length * 0.8;
  if (cache.size > 500) cache.clear();
  cache.set(key, width);
  return width;
}
