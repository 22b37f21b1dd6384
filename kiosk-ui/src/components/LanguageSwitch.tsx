import type { Language } from '@navbat/shared';

const names: Record<Language, string> = { en: 'English', ur: 'اردو' };

/** Both languages side by side, each written in itself, the current one pressed: always on the kiosk's top bar. */
export function LanguageSwitch({ language, onChange }: { language: Language; onChange: (l: Language) => void }) {
  return (
    <div className="lang-switch" role="group" aria-label="English / اردو">
      {(Object.keys(names) as Language[]).map((l) => (
        <button key={l} type="button" lang={l} dir={l === 'ur' ? 'rtl' : 'ltr'} aria-pressed={l === language} onClick={() => onChange(l)}>
          {names[l]}
        </button>
      ))}
    </div>
  );
}
