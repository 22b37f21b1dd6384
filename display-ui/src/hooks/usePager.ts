import { useEffect, useState } from 'react';

/** The page shown now, 0-based, moving on every `intervalMs` while there is more than one page. */
export function usePager(pages: number, intervalMs: number): number {
  const [page, setPage] = useState(0);
  useEffect(() => {
    if (pages <= 1) return;
    const id = setInterval(() => setPage((p) => (p + 1) % pages), intervalMs);
    return () => clearInterval(id);
  }, [pages, intervalMs]);
  return pages <= 1 ? 0 : page % pages;
}
