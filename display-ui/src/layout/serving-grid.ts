/**
 * How the counters being served are laid out: as many tiles as fit while the codes stay legible from
 * across the hall, and pages when they do not all fit. Pure: sizes in, a grid out (unit-tested).
 */

/** The shape of one tile, in units of its code's font size (em), as styles.css draws it. */
export const tileShape = {
  /** Code line, counter line (0.6 em), English service line, Urdu service line (Nastaliq needs 2.5 em of line), padding. */
  heightEm: 1.15 + 0.6 * 1.2 + 0.3 * 1.3 + 0.28 * 2.5 + 0.3,
  /** Horizontal padding, both sides. */
  paddingEm: 0.5,
  /** The counter line's size relative to the code. */
  counterScale: 0.6,
};

export interface GridInput {
  width: number;
  height: number;
  count: number;
  gap: number;
  /** The smallest code that can be read from the back of the hall, in px. */
  minFont: number;
  maxFont: number;
  /** The widest code among the calls, in em (never cut), and the widest "→ counter" line, in em of its own size (cut with an ellipsis when it must). */
  codeEm: number;
  counterEm: number;
}

export interface GridLayout {
  columns: number;
  rows: number;
  perPage: number;
  pages: number;
  font: number;
}

/** The grid with the fewest pages, then the biggest codes; tiles never smaller than `minFont`. */
export function chooseGrid(input: GridInput): GridLayout {
  const { width, height, count, gap, minFont, maxFont, codeEm, counterEm } = input;
  const lineEm = Math.max(codeEm, counterEm * tileShape.counterScale);
  if (count <= 0 || width <= 0 || height <= 0) return { columns: 1, rows: 1, perPage: 1, pages: count > 0 ? count : 0, font: minFont };
  let best: GridLayout | null = null;
  for (let columns = 1; columns <= Math.min(count, 8); columns++) {
    const tileWidth = (width - (columns - 1) * gap) / columns;
    const fullWidthFont = tileWidth / (lineEm + tileShape.paddingEm);
    // When the whole counter name would make the code too small, the name is cut, not the code.
    const cutWidthFont = tileWidth / (codeEm + tileShape.paddingEm);
    const widthFont = fullWidthFont >= minFont ? fullWidthFont : Math.min(minFont, cutWidthFont);
    for (let rows = 1; rows <= Math.min(Math.ceil(count / columns), 12); rows++) {
      const tileHeight = (height - (rows - 1) * gap) / rows;
      const font = Math.min(maxFont, widthFont, tileHeight / tileShape.heightEm);
      if (font < minFont && !(columns === 1 && rows === 1)) continue;
      const perPage = Math.min(columns * rows, count);
      const pages = Math.ceil(count / perPage);
      const layout = { columns, rows, perPage, pages, font: Math.floor(font) };
      if (!best || pages < best.pages || (pages === best.pages && layout.font > best.font)) best = layout;
    }
  }
  // Pages as even as possible: 30 in pages of 12 become 10 + 10 + 10.
  const chosen = best!;
  return { ...chosen, perPage: Math.ceil(count / chosen.pages) };
}
