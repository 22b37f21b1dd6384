import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/**
 * How many rows of a list fit whole in its box (rows of one fixed height, marked `data-row`), so the
 * last one shown is never cut in half. Measured before paint, again when the box changes size.
 */
export function useWholeRows(boxRef: RefObject<HTMLElement | null>, rowCount: number): number {
  const [fit, setFit] = useState(Infinity);
  const row = useRef({ offset: 0, height: 0 });
  const measure = useCallback(() => {
    const box = boxRef.current;
    if (!box) return;
    const first = box.querySelector<HTMLElement>('[data-row]');
    const boxTop = box.getBoundingClientRect().top + box.clientTop;
    if (first) {
      const r = first.getBoundingClientRect();
      row.current = { offset: r.top - boxTop, height: r.height };
    }
    if (row.current.height <= 0) return;
    setFit(Math.max(0, Math.floor((box.clientHeight - row.current.offset + 0.5) / row.current.height)));
  }, [boxRef]);
  useLayoutEffect(measure, [measure, rowCount]);
  useLayoutEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    return () => observer.disconnect();
  }, [boxRef, measure]);
  return fit;
}
