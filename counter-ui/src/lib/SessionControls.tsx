import { LanguageToggle } from './LanguageToggle';
import { t, useLanguage } from './i18n';

/** The end of a staff top bar: who is signed in, the language switch and Sign out. */
export function SessionControls({ name, onLogout }: { name: string; onLogout: () => Promise<void> }) {
  useLanguage();
  return (
    <>
      <span className="user-name">{t('signedInAs', { name })}</span>
      <LanguageToggle />
      <button type="button" className="btn btn-quiet" onClick={() => void onLogout()}>
        {t('logout')}
      </button>
    </>
  );
}
