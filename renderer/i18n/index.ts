import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { NAMESPACES, type Namespace } from './namespaces';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

const STORAGE_KEY = 'jingbao.lang';

type Bundles<L extends Language> = { [N in Namespace]: (typeof NAMESPACES)[N][L] };
function bundles<L extends Language>(language: L): Bundles<L> {
  return Object.fromEntries(Object.entries(NAMESPACES).map(([ns, d]) => [ns, d[language]])) as Bundles<L>;
}

/** Every namespace in both languages, as i18next takes them: resources[language][namespace]. */
export const resources = {
  'zh-CN': bundles('zh-CN'),
  en: bundles('en'),
} as const;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Storage may be missing (tests) or throw (privacy modes); the language then is just not remembered. */
function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function storedLanguage(): Language {
  const value = storage()?.getItem(STORAGE_KEY);
  return isLanguage(value) ? value : DEFAULT_LANGUAGE;
}

/**
 * A fresh i18next instance (not the global singleton) so tests can make their own.
 * Resources are bundled, so init is synchronous: the first render is already translated.
 */
export function createI18n(language: Language = storedLanguage()): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    ns: Object.keys(NAMESPACES),
    // The shell's; every other component names its namespace in useTranslation.
    defaultNS: 'app',
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes already
    returnNull: false,
  });
  instance.on('languageChanged', (lng) => {
    if (!isLanguage(lng)) return;
    storage()?.setItem(STORAGE_KEY, lng);
    if (typeof document !== 'undefined') document.documentElement.lang = lng;
  });
  if (typeof document !== 'undefined') document.documentElement.lang = language;
  return instance;
}

export function currentLanguage(instance: i18n): Language {
  const lng = instance.resolvedLanguage ?? instance.language;
  return isLanguage(lng) ? lng : DEFAULT_LANGUAGE;
}
