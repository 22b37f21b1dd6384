import type { Language } from '@navbat/shared';

/** One button that switches between English and Urdu; its label is written in the other language. */
export function LanguageToggle({ language, onChange, className }: { language: Language; onChange: (l: Language) => void; className?: string }) {
  const other: Language = language === 'en' ? 'ur' : 'en';
  return (
    <button type="button" className={`lang-toggle ${className ?? ''}`} lang={other} onClick={() => onChange(other)}>
      {other === 'ur' ? 'اردو' : 'English'}
    </button>
  );
}
