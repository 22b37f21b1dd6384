import type { CSSProperties } from 'react';
import type { Localized } from '@navbat/shared';

/**
 * One label in English and Urdu, each in its own direction (the Urdu half right-to-left, in Nastaliq).
 * `stacked`: English above Urdu, each on one line; `titled`: each half carries its full text as a title,
 * for where a long name is cut with an ellipsis.
 */
export function Bilingual({ text, className = '', stacked = false, titled = false, style }: { text: Localized; className?: string; stacked?: boolean; titled?: boolean; style?: CSSProperties }) {
  return (
    <span className={`bi${stacked ? ' stacked' : ''} ${className}`} style={style}>
      <span className="en" lang="en" dir="ltr" title={titled ? text.en : undefined}>
        {text.en}
      </span>
      <span className="ur" lang="ur" dir="rtl" title={titled ? text.ur : undefined}>
        {text.ur}
      </span>
    </span>
  );
}
