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

  it('accepts the lines a line clamp hides below its "…", but not a line it cuts in half or text cut sideways', () => {
    const clamp = box(rect(0, 0, 300, 80), { lineClamp: true, overflow: { x: 0, y: 40 }, label: 'span.card-title' });
    expect(findLayoutProblems(page(run('clamped name', [rect(0, 0, 290, 40), rect(0, 40, 290, 40), rect(0, 80, 200, 40)], [clamp])))).toEqual([]);
    // A line half in and half out of the clamped box is cut, clamp or not; so is a word running out sideways.
    expect(findLayoutProblems(page(run('half line', [rect(0, 60, 290, 40)], [clamp])))).toMatchObject([{ kind: 'clipped', side: 'bottom', px: 20 }]);
    expect(findLayoutProblems(page(run('wide word', [rect(0, 0, 340, 40)], [clamp])))).toMatchObject([{ kind: 'clipped', side: 'right', px: 40 }]);
  });

  it('accepts text reachable by scrolling its scroll box or the page, but not text cut by a box that does not scroll', () => {
    const list = box(rect(0, 100, 400, 300), { scrolls: { x: false, y: true }, overflow: { x: 0, y: 500 }, label: 'ol.waiting-list' });
    const below = run('row 20', [rect(0, 700, 400, 40)], [list]);
    expect(findLayoutProblems(page(below))).toEqual([]);
    expect(findLayoutProblems({ ...page(run('footer link', [rect(0, 1500, 200, 40)])), pageScrolls: { x: false, y: true } })).toEqual([]);
    // The same row in a box that only hides (overflow: hidden), or below the fold of a page that does not scroll.
    const hiding = box(rect(0, 100, 400, 300), { overflow: { x: 0, y: 500 }, label: 'ol.waiting-list' });
    expect(findLayoutProblems(page(run('row 20', [rect(0, 380, 400, 40)], [hiding])))).toMatchObject([{ kind: 'overflow' }, { kind: 'clipped', side: 'bottom', px: 20 }]);
    expect(findLayoutProblems(page(run('footer link', [rect(0, 1060, 200, 40)])))).toMatchObject([{ kind: 'offscreen', side: 'bottom', px: 20 }]);
    // Scrolling sideways does not excuse a vertical cut.
    const sideways = box(rect(0, 0, 400, 100), { scrolls: { x: true, y: false }, label: 'div.table-wrap' });
    expect(findLayoutProblems(page(run('cell', [rect(0, 80, 100, 40)], [sideways])))).toMatchObject([{ kind: 'clipped', side: 'bottom', px: 20 }]);
  });

  it('ignores the page behind an open modal dialog, but not overlaps inside the dialog', () => {
    const behind = { ...run('page heading', [rect(100, 100, 400, 40)]), inert: true };
    const legend = run('dialog legend', [rect(120, 110, 300, 40)]);
    expect(findLayoutProblems(page(behind, legend))).toEqual([]);
    expect(findLayoutProblems(page(legend, run('dialog option', [rect(120, 140, 300, 40)])))).toMatchObject([{ kind: 'overlap', by: { x: 300, y: 10 } }]);
  });

  it('lets a marked overlay float over the page, but still finds it cut or off screen', () => {
    const cue = { ...run('More below', [rect(800, 1000, 200, 60)]), overlay: true };
    expect(findLayoutProblems(page(run('card title', [rect(700, 1010, 400, 40)]), cue))).toEqual([]);
    expect(findLayoutProblems(page({ ...cue, rects: [rect(1800, 1000, 200, 60)] }))).toMatchObject([{ kind: 'offscreen', side: 'right', px: 80 }]);
  });

  it('still fails on a deliberately broken page: Urdu lines stacked too tight and a label over the big code', () => {
    const problems = findLayoutProblems(page(run('p.ticket-label', [rect(100, 100, 500, 80)]), run('p.ticket-code', [rect(100, 166, 600, 200)]), run('span.card-title', [rect(0, 400, 300, 60)]), run('span.waiting', [rect(0, 454, 200, 50)])));
    expect(problems).toMatchObject([
      { kind: 'overlap', a: 'p.ticket-label "p.ticket-label"', by: { y: 14 } },
      { kind: 'overlap', a: 'span.card-title "span.card-title"', by: { y: 6 } },
    ]);
  });
});
