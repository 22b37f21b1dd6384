import { useEffect, useState } from 'react';

/**
 * A "more below" button while part of the page is out of sight under the fold (e.g. the last agency card
 * behind the bottom bar): a kiosk has no scroll bar, so without it a citizen may never find the card.
 */
export function ScrollCue({ label, watch }: { label: string; watch: unknown }) {
  const [hidden, setHidden] = useState(false);
  useEffect(() => {
    const check = () => {
      const root = document.documentElement;
      setHidden(root.scrollHeight - (window.scrollY + window.innerHeight) > 24);
    };
    check();
    const observer = new ResizeObserver(check);
    observer.observe(document.body);
    window.addEventListener('scroll', check, { passive: true });
    window.addEventListener('resize', check);
    return () => {
      observer.disconnect();
      window.removeEventListener('scroll', check);
      window.removeEventListener('resize', check);
    };
  }, [watch]);
  if (!hidden) return null;
  return (
    <button type="button" className="scroll-cue" data-testid="scroll-cue" data-layout-overlay onClick={() => window.scrollBy({ top: window.innerHeight * 0.6, behavior: 'smooth' })}>
      <span aria-hidden="true">↓</span> {label}
    </button>
  );
}
