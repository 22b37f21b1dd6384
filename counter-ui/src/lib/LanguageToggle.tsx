import { t, useLanguage } from './i18n';

/** A button that switches English ↔ Urdu; its label is written in the other language. */
export function LanguageToggle() {
  const { language, toggle } = useLanguage();
  return (
    <button type="button" className="btn btn-quiet lang-toggle" onClick={toggle}>
      <span lang={language === 'en' ? 'ur' : 'en'}>{t('lang.switch')}</span>
      <span className="visually-hidden"> ({t('lang.switchLabel')})</span>
    </button>
  );
}
