import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/**
 * How many rows of a list fit whole in its box, so the last one shown is never cut in half. Rows are
 * marked `data-row={key}`; `keys` are all the list's rows in order, shown or not.
 *
 * Each row's height is remembered by its key once it has been shown (rows differ: a wait range may take
 * a second line in one row and not in another); a row not shown yet counts at the tallest row shown. So
 * a row found too tall to fit stays out until the box or the row changes, instead of coming back at the
 * height of the shorter rows and going again (a loop that could leave a cut row on screen). Measured
 * after every render (the rows' text may change while their number does not), when the rows' table
 * changes size, and when the box or the window does (then every remembered height is measured anew).
 */
export function useWholeRows(boxRef: RefObject<HTMLElement | null>, keys: readonly string[]): number {
  const [fit, setFit] = useState(Infinity);
  const heights = useRef(new Map<string, number>());
  const offset = useRef(0);
  const keysRef = useRef(keys);
  keysRef.current = keys;
  const measure = useCallback(() => {
    const box = boxRef.current;
    if (!box) return;
    const rows = [...box.querySelectorAll<HTMLElement>('[data-row]')];
    const boxTop = box.getBoundingClientRect().top + box.clientTop;
    let tallest = 0;
    rows.forEach((r, i) => {
      const rect = r.getBoundingClientRect();
      if (i === 0) offset.current = rect.top - boxTop;
      if (r.dataset.row) heights.current.set(r.dataset.row, rect.height);
      tallest = Math.max(tallest, rect.height);
    });
    if (tallest <= 0) tallest = Math.max(0, ...heights.current.values());
    if (tallest <= 0) return;
    let used = offset.current;
    let n = 0;
    for (const key of keysRef.current) {
      used += heights.current.get(key) ?? tallest;
      if (used > box.clientHeight + 0.5) break;
      n++;
    }
    setFit(n);
  }, [boxRef]);
  useLayoutEffect(measure);
  // The box (and its table) may come only with the first row: watch them from then on, not only from mount.
  const shown = keys.length > 0;
  useLayoutEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const remeasure = () => {
      heights.current.clear();
      measure();
    };
    // The box may keep its size while its rows change theirs (a screen turned to portrait sets the rows in
    // another font size, and nothing here renders again): the rows' table is watched too, and the window.
    const boxObserver = new ResizeObserver(remeasure);
    boxObserver.observe(box);
    const contentObserver = new ResizeObserver(measure);
    if (box.firstElementChild) contentObserver.observe(box.firstElementChild);
    window.addEventListener('resize', remeasure);
    return () => {
      boxObserver.disconnect();
      contentObserver.disconnect();
      window.removeEventListener('resize', remeasure);
    };
  }, [boxRef, measure, shown]);
  return fit;
}
