import { t, useLanguage } from './i18n';

/** A button that switches English ↔ Urdu; its label is written in the other language. */
export function LanguageToggle() {
  const { language, toggle } = useLanguage();
  return (
    <button
      type="button"
      className="btn btn-quiet lang-toggle"
      onClick={toggle}
      lang={language === 'en' ? 'ur' : 'en'}
      aria-label={t('lang.switchLabel')}
    >
      {t('lang.switch')}
    </button>
  );
}
