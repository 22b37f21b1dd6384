import type { Language } from '@navbat/shared';

/** The first screen: two huge buttons, each written in its own language. */
export function LanguageScreen({ onChoose, disabled }: { onChoose: (language: Language) => void; disabled: boolean }) {
  return (
    <section className="screen language-screen" aria-labelledby="language-title">
      <h1 id="language-title" className="bilingual-title">
        <span lang="en">Welcome — choose your language</span>
        <span lang="ur" dir="rtl">خوش آمدید — اپنی زبان منتخب کریں</span>
      </h1>
      <div className="language-choices">
        <button type="button" className="language-button" lang="en" dir="ltr" disabled={disabled} onClick={() => onChoose('en')}>
          English
        </button>
        <button type="button" className="language-button urdu" lang="ur" dir="rtl" disabled={disabled} onClick={() => onChoose('ur')}>
          اردو
        </button>
      </div>
      <p className="bilingual-hint">
        <span lang="en">Touch a button to start</span>
        <span lang="ur" dir="rtl">شروع کرنے کے لیے بٹن کو چھوئیں</span>
      </p>
    </section>
  );
}
