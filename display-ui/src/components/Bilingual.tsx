import type { Localized } from '@navbat/shared';

/** One label in English and Urdu; the Urdu half is right-to-left in the Nastaliq font. */
export function Bilingual({ text, className = '', stacked = false }: { text: Localized; className?: string; stacked?: boolean }) {
  return (
    <span className={`bi${stacked ? ' stacked' : ''} ${className}`}>
      <span className="en" lang="en">
        {text.en}
      </span>
      <span className="ur" lang="ur" dir="rtl">
        {text.ur}
      </span>
    </span>
  );
}
