import { describe, expect, it } from 'vitest';
import { findLayoutProblems, type ClipBox, type LayoutSnapshot, type Rect, type TextRun } from '../e2e/support/layout-check';

const rect = (left: number, top: number, width: number, height: number): Rect => ({ left, top, right: left + width, bottom: top + height });
const box = (r: Rect, over: Partial<ClipBox> = {}): ClipBox => ({ rect: r, clipsX: true, clipsY: true, ellipsis: false, marquee: false, overflow: { x: 0, y: 0 }, label: 'div.box', ...over });
const run = (label: string, rects: Rect[], clips: ClipBox[] = []): TextRun => ({ label, text: label, rects, clips });
const page = (...runs: TextRun[]): LayoutSnapshot => ({ viewport: { width: 1920, height: 1080 }, runs });

describe('layout check', () => {
  it('passes a sound layout: text side by side, inside its boxes, on screen', () => {
    const tile = box(rect(0, 0, 400, 200), { label: 'li.tile' });
    expect(
      findLayoutProblems(
        page(
          run('code', [rect(10, 10, 200, 100)], [tile]),
          run('counter', [rect(220, 10, 150, 100)], [tile]),
          // Touching edges and sub-pixel slack are not problems.
          run('service', [rect(10, 110.5, 380, 40)], [tile]),
        ),
      ),
    ).toEqual([]);
  });

  it('fails on two pieces of text drawn over each other', () => {
    const problems = findLayoutProblems(page(run('span.waiting-name', [rect(100, 100, 300, 40)]), run('span.waiting-count', [rect(380, 105, 40, 40)])));
    expect(problems).toEqual([{ kind: 'overlap', a: 'span.waiting-name "span.waiting-name"', b: 'span.waiting-count "span.waiting-count"', by: { x: 20, y: 35 } }]);
  });

  it('fails on a code cut by its tile, and on an Urdu line cut top and bottom even with an ellipsis', () => {
    const tile = box(rect(0, 0, 150, 100), { label: 'li.tile' });
    expect(findLayoutProblems(page(run('span.tile-code', [rect(-40, 10, 200, 80)], [tile])))).toEqual([
      { kind: 'clipped', run: 'span.tile-code "span.tile-code"', by: 'li.tile', side: 'left', px: 40 },
    ]);
    // Nastaliq's glyphs reach far above and below a tight line: an ellipsis only excuses a horizontal cut.
    const urdu = box(rect(0, 100, 300, 30), { ellipsis: true, label: 'span.ur' });
    expect(findLayoutProblems(page(run('span.ur', [rect(0, 88, 500, 55)], [urdu])))).toMatchObject([{ kind: 'clipped', side: 'top', px: 12 }]);
  });

  it('accepts an intentional ellipsis and a ticker scrolling through its strip', () => {
    const name = box(rect(0, 0, 300, 60), { ellipsis: true, overflow: { x: 400, y: 0 }, clipsY: false, label: 'span.en' });
    const cell = box(rect(0, 0, 320, 80), { label: 'td' });
    const ticker = box(rect(0, 1000, 1920, 80), { marquee: true, label: 'footer.ticker' });
    expect(
      findLayoutProblems(page(run('long service name', [rect(0, 5, 700, 50)], [name, cell]), run('ticker text', [rect(1500, 1010, 3000, 60)], [ticker]))),
    ).toEqual([]);
  });

  it('fails on a box whose content is larger than it, and on text beyond the screen', () => {
    expect(findLayoutProblems(page(run('td', [rect(0, 0, 100, 40)], [box(rect(0, 0, 120, 40), { overflow: { x: 0, y: 30 }, label: 'section.recent' })])))).toEqual([
      { kind: 'overflow', box: 'section.recent', x: 0, y: 30 },
    ]);
    expect(findLayoutProblems(page(run('clock', [rect(1850, 10, 120, 40)])))).toEqual([{ kind: 'offscreen', run: 'clock "clock"', side: 'right', px: 50 }]);
  });

  it('ignores what a clipping box hides completely only by reporting it as clipped, never as an overlap', () => {
    const list = box(rect(0, 0, 400, 300), { label: 'ol.recent-list' });
    const problems = findLayoutProblems(page(run('row 9', [rect(0, 320, 400, 40)], [list]), run('waiting title', [rect(0, 330, 400, 40)])));
    expect(problems).toEqual([{ kind: 'clipped', run: 'row 9 "row 9"', by: 'ol.recent-list', side: 'bottom', px: 60 }]);
  });
});
