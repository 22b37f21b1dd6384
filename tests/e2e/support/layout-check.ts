import type { Page } from 'playwright-core';

/**
 * The automatic layout check of a screen: every piece of visible text must be whole and alone.
 * `checkLayout(page)` collects the page's text runs in the browser (`collectLayout`, boxes from
 * Range.getClientRects, so a run's box is its glyphs' box, not its element's) and judges them with a
 * pure function (`findLayoutProblems`) that the unit tests feed plain rectangles.
 */

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A box that clips what overflows it (an ancestor with `overflow` other than visible), as the run sees it. */
export interface ClipBox {
  /** The padding box: what is outside it is not painted. */
  rect: Rect;
  clipsX: boolean;
  clipsY: boolean;
  /** `text-overflow: ellipsis` on one line: a horizontal cut is intentional (and shows "…"). */
  ellipsis: boolean;
  /** Marked `data-layout-marquee`: text scrolls through it on purpose (a ticker), horizontally. */
  marquee: boolean;
  /** `-webkit-line-clamp` with an ellipsis: lines past the last one are cut on purpose (the last shows "…"). */
  lineClamp?: boolean;
  /** A scroll container (`overflow: auto | scroll`): what it cuts is reachable by scrolling it. */
  scrolls?: { x: boolean; y: boolean };
  /** Its content is wider / taller than it (`scrollWidth > clientWidth`, `scrollHeight > clientHeight`), in px. */
  overflow: { x: number; y: number };
  label: string;
}

/** The text of one element (its own text nodes), with where each of its line fragments is drawn. */
export interface TextRun {
  label: string;
  text: string;
  rects: Rect[];
  /** Clipping ancestors, nearest first (the element itself included when it clips). */
  clips: ClipBox[];
  /** The run is under an open modal dialog (`<dialog>` shown with showModal): it is hidden by the dialog's backdrop. */
  inert?: boolean;
  /** The run is inside an element marked `data-layout-overlay` (a cue that floats over the page on purpose). */
  overlay?: boolean;
}

export interface LayoutSnapshot {
  viewport: { width: number; height: number };
  runs: TextRun[];
  /** The document scrolls vertically / horizontally: text below the fold is reachable, not lost. */
  pageScrolls?: { x: boolean; y: boolean };
}

export type LayoutProblem =
  | { kind: 'overlap'; a: string; b: string; by: { x: number; y: number } }
  | { kind: 'clipped'; run: string; by: string; side: 'left' | 'right' | 'top' | 'bottom'; px: number }
  | { kind: 'overflow'; box: string; x: number; y: number }
  | { kind: 'offscreen'; run: string; side: 'left' | 'right' | 'top' | 'bottom'; px: number };

export interface CheckOptions {
  /** Pixels of slack: anti-aliasing and sub-pixel rounding are not problems. */
  tolerance?: number;
}

const describeRun = (r: TextRun) => `${r.label} "${r.text.length > 40 ? `${r.text.slice(0, 40)}…` : r.text}"`;

/** Every overlap, clip and off-screen piece of text in a snapshot of a page; empty when the layout is sound. */
export function findLayoutProblems(snapshot: LayoutSnapshot, options: CheckOptions = {}): LayoutProblem[] {
  const tol = options.tolerance ?? 2;
  const problems: LayoutProblem[] = [];
  const { width, height } = snapshot.viewport;

  const pageScrolls = snapshot.pageScrolls ?? { x: false, y: false };
  // Text under an open modal dialog is hidden by its backdrop: neither cut nor overlapped, just not shown.
  const runs = snapshot.runs.filter((r) => !r.inert);
  const overflowing = new Set<string>();
  for (const run of runs) {
    const name = describeRun(run);
    // Content larger than a clipping box that contains text, where no ellipsis or marquee says it is meant.
    for (const clip of run.clips) {
      const x = clip.clipsX && !clip.ellipsis && !clip.marquee && !clip.scrolls?.x && clip.overflow.x > tol ? clip.overflow.x : 0;
      const y = clip.clipsY && !clip.lineClamp && !clip.scrolls?.y && clip.overflow.y > tol ? clip.overflow.y : 0;
      if ((x || y) && !overflowing.has(clip.label)) {
        overflowing.add(clip.label);
        problems.push({ kind: 'overflow', box: clip.label, x, y });
      }
    }
    clipping: for (const rect of run.rects) {
      let r = rect;
      for (const clip of run.clips) {
        // A scroll container's cut is reachable by scrolling; a line clamp cuts whole lines after its "…" (its
        // lines are inside the box horizontally, and a line it hides is below its bottom edge, never half in).
        const cut = sticksOut(r, clip.rect, tol, {
          x: clip.clipsX && !clip.ellipsis && !clip.marquee && !clip.scrolls?.x,
          y: clip.clipsY && !clip.scrolls?.y && !(clip.lineClamp && r.top >= clip.rect.bottom - tol),
        });
        if (cut) {
          problems.push({ kind: 'clipped', run: name, by: clip.label, ...cut });
          break clipping;
        }
        // What an ellipsis or a marquee cuts on purpose is not there for the boxes further out.
        if (clip.clipsX && (clip.ellipsis || clip.marquee)) r = { ...r, left: Math.max(r.left, clip.rect.left), right: Math.min(r.right, clip.rect.right) };
      }
    }
    // Off screen: what the page shows beyond its edges is lost (a marquee's text is off screen on purpose).
    // Beyond the fold of a scrolling page is reachable by scrolling it (either way: the page may be scrolled already).
    const marquee = run.clips.some((c) => c.marquee);
    for (const rect of run.rects) {
      const visible = clipRect(rect, run.clips);
      if (!visible) continue;
      const screen = {
        left: pageScrolls.x ? -Infinity : 0,
        top: pageScrolls.y ? -Infinity : 0,
        right: pageScrolls.x ? Infinity : width,
        bottom: pageScrolls.y ? Infinity : height,
      };
      const out = sticksOut(visible, screen, tol, { x: !marquee, y: true });
      if (out) {
        problems.push({ kind: 'offscreen', run: name, ...out });
        break;
      }
    }
  }

  // Overlaps between the painted parts of different runs.
  // An overlay (marked data-layout-overlay) floats over the page on purpose: it is checked for clipping, not for overlaps.
  const painted = runs.filter((run) => !run.overlay).map((run) => ({ run, rects: run.rects.map((r) => clipRect(r, run.clips)).filter((r): r is Rect => r !== null) }));
  for (let i = 0; i < painted.length; i++) {
    for (let j = i + 1; j < painted.length; j++) {
      const hit = firstOverlap(painted[i]!.rects, painted[j]!.rects, tol);
      if (hit) problems.push({ kind: 'overlap', a: describeRun(painted[i]!.run), b: describeRun(painted[j]!.run), by: hit });
    }
  }
  return problems;
}

function sticksOut(inner: Rect, outer: Rect, tol: number, axes: { x: boolean; y: boolean }): { side: 'left' | 'right' | 'top' | 'bottom'; px: number } | null {
  const sides = [
    ['left', outer.left - inner.left, axes.x],
    ['right', inner.right - outer.right, axes.x],
    ['top', outer.top - inner.top, axes.y],
    ['bottom', inner.bottom - outer.bottom, axes.y],
  ] as const;
  for (const [side, px, checked] of sides) if (checked && px > tol) return { side, px: Math.round(px) };
  return null;
}

/** The part of a rect its clipping ancestors let through; null when none of it is painted. */
function clipRect(rect: Rect, clips: ClipBox[]): Rect | null {
  let r = { ...rect };
  for (const c of clips) {
    r = {
      left: c.clipsX ? Math.max(r.left, c.rect.left) : r.left,
      right: c.clipsX ? Math.min(r.right, c.rect.right) : r.right,
      top: c.clipsY ? Math.max(r.top, c.rect.top) : r.top,
      bottom: c.clipsY ? Math.min(r.bottom, c.rect.bottom) : r.bottom,
    };
    if (r.right <= r.left || r.bottom <= r.top) return null;
  }
  return r;
}

function firstOverlap(a: Rect[], b: Rect[], tol: number): { x: number; y: number } | null {
  for (const p of a) {
    for (const q of b) {
      const x = Math.min(p.right, q.right) - Math.max(p.left, q.left);
      const y = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (x > tol && y > tol) return { x: Math.round(x), y: Math.round(y) };
    }
  }
  return null;
}

/**
 * Runs in the page (pass to `page.evaluate`): the text runs of every visible element, with their
 * fragments' boxes and their clipping ancestors. Visually hidden text (1×1 px, clip-path) is left out.
 */
export function collectLayout(): LayoutSnapshot {
  const label = (el: Element) => {
    const id = el.id ? `#${el.id}` : '';
    const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const testId = el.getAttribute('data-testid');
    return `${el.tagName.toLowerCase()}${id}${cls}${testId ? `[data-testid=${testId}]` : ''}`;
  };
  const toRect = (r: DOMRect) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
  const hidden = (el: Element): boolean => {
    for (let e: Element | null = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return true;
      if (s.clipPath !== 'none' && s.clipPath !== '') return true;
      const r = e.getBoundingClientRect();
      if (s.position === 'absolute' && r.width <= 1 && r.height <= 1) return true;
      if ((s.position === 'absolute' || s.position === 'fixed') && /^rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)$/.test(s.clip)) return true;
    }
    return false;
  };
  const clipsOf = (el: Element): ClipBox[] => {
    const boxes: ClipBox[] = [];
    for (let e: Element | null = el; e && e !== document.documentElement; e = e.parentElement) {
      const s = getComputedStyle(e);
      const clipsX = s.overflowX !== 'visible';
      const clipsY = s.overflowY !== 'visible';
      if (!clipsX && !clipsY) continue;
      const r = e.getBoundingClientRect();
      const left = r.left + e.clientLeft;
      const top = r.top + e.clientTop;
      boxes.push({
        rect: { left, top, right: left + e.clientWidth, bottom: top + e.clientHeight },
        clipsX,
        clipsY,
        ellipsis: s.textOverflow === 'ellipsis' && s.whiteSpace.startsWith('nowrap'),
        marquee: e.hasAttribute('data-layout-marquee'),
        lineClamp: s.webkitLineClamp !== 'none' && s.webkitLineClamp !== '',
        scrolls: { x: /auto|scroll/.test(s.overflowX), y: /auto|scroll/.test(s.overflowY) },
        overflow: { x: Math.max(0, e.scrollWidth - e.clientWidth), y: Math.max(0, e.scrollHeight - e.clientHeight) },
        label: label(e),
      });
    }
    return boxes;
  };
  const runs: TextRun[] = [];
  // An open modal dialog makes everything outside it inert (and its backdrop covers it).
  const modal = document.querySelector('dialog:modal');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const byElement = new Map<Element, Text[]>();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text;
    if (!t.data.trim() || !t.parentElement) continue;
    const list = byElement.get(t.parentElement) ?? [];
    list.push(t);
    byElement.set(t.parentElement, list);
  }
  for (const [el, texts] of byElement) {
    if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TITLE'].includes(el.tagName) || hidden(el)) continue;
    const rects: { left: number; top: number; right: number; bottom: number }[] = [];
    for (const t of texts) {
      const range = document.createRange();
      range.selectNodeContents(t);
      for (const r of Array.from(range.getClientRects())) if (r.width > 0 && r.height > 0) rects.push(toRect(r));
    }
    if (rects.length === 0) continue;
    runs.push({
      label: label(el),
      text: texts.map((t) => t.data.trim()).join(' '),
      rects,
      clips: clipsOf(el),
      inert: modal !== null && !modal.contains(el),
      overlay: el.closest('[data-layout-overlay]') !== null,
    });
  }
  const doc = document.scrollingElement ?? document.documentElement;
  const rootStyle = getComputedStyle(document.documentElement);
  const bodyStyle = getComputedStyle(document.body);
  const pageCan = (axis: 'X' | 'Y') => ![rootStyle, bodyStyle].some((st) => (axis === 'X' ? st.overflowX : st.overflowY) === 'hidden' || (axis === 'X' ? st.overflowX : st.overflowY) === 'clip');
  return {
    viewport: { width: window.innerWidth, height: window.innerHeight },
    runs,
    pageScrolls: { x: pageCan('X') && doc.scrollWidth > window.innerWidth, y: pageCan('Y') && doc.scrollHeight > window.innerHeight },
  };
}

/** Checks the page as it is now; returns every problem found (an empty list when the layout is sound). */
export async function checkLayout(page: Page, options: CheckOptions = {}): Promise<LayoutProblem[]> {
  // tsx/esbuild may wrap named functions with a `__name` helper the page does not have.
  await page.evaluate(() => {
    (globalThis as { __name?: unknown }).__name ??= (f: unknown) => f;
  });
  const snapshot = await page.evaluate(collectLayout);
  return findLayoutProblems(snapshot, options);
}

/** One line per problem, for assertion messages. */
export function describeProblems(problems: LayoutProblem[]): string {
  return problems
    .map((p) =>
      p.kind === 'overlap'
        ? `overlap ${p.by.x}×${p.by.y}px: ${p.a} / ${p.b}`
        : p.kind === 'clipped'
          ? `clipped ${p.px}px at the ${p.side} by ${p.by}: ${p.run}`
          : p.kind === 'overflow'
            ? `content overflows ${p.box} by ${p.x}×${p.y}px`
            : `off screen ${p.px}px at the ${p.side}: ${p.run}`,
    )
    .join('\n');
}
