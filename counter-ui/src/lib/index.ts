export { api, centerIdFromUrl, errorCode, staffRequest, ApiRequestError } from './api';
export { connectStaff, type StaffSocket } from './socket';
export { t, useLanguage, setLanguage, getLanguage, registerMessages, localized, counterLabel, errorText, formatDuration, type Language } from './i18n';
export { useSession, type Session } from './useSession';
export { LoginForm, type LoginFormProps } from './LoginForm';
export { LanguageToggle } from './LanguageToggle';
export { serverNow, noteServerTime, wallClock, centerToday, isoWeekday, browserTimeZone } from './clock';
export { useCenters, chooseCenter } from './centers';
export { NotSetUp } from './NotSetUp';
