import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/**
 * How many rows of a list fit whole in its box (rows marked `data-row`, counted at the tallest), so the
 * last one shown is never cut in half. Measured before paint, again when the box changes size.
 */
export function useWholeRows(boxRef: RefObject<HTMLElement | null>, _rowCount: number): number {
  const [fit, setFit] = useState(Infinity);
  const row = useRef({ offset: 0, height: 0 });
  const measure = useCallback(() => {
    const box = boxRef.current;
    if (!box) return;
    const rows = [...box.querySelectorAll<HTMLElement>('[data-row]')];
    const boxTop = box.getBoundingClientRect().top + box.clientTop;
    if (rows.length > 0) {
      // The tallest row shown counts (a wait range may take a second line in one row and not in another).
      const rects = rows.map((r) => r.getBoundingClientRect());
      row.current = { offset: rects[0]!.top - boxTop, height: Math.max(...rects.map((r) => r.height)) };
    }
    if (row.current.height <= 0) return;
    setFit(Math.max(0, Math.floor((box.clientHeight - row.current.offset + 0.5) / row.current.height)));
  }, [boxRef]);
  // After every render: the rows' text (and so their height) may change while their number does not.
  useLayoutEffect(measure);
  useLayoutEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    return () => observer.disconnect();
  }, [boxRef, measure]);
  return fit;
}
