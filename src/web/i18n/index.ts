import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.js';
import zhTW from './zh-TW.js';

export type Lang = 'zh-TW' | 'en';
const STORAGE_KEY = 'licheng.lang';

const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;

void i18n.use(initReactI18next).init({
  resources: { 'zh-TW': { translation: zhTW }, en: { translation: en } },
  lng: stored === 'en' ? 'en' : 'zh-TW',
  fallbackLng: 'zh-TW',
  interpolation: { escapeValue: false },
  returnObjects: true,
});

const syncHtmlLang = (lng: string) => {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
};
syncHtmlLang(i18n.language);

/** Switches the UI language and remembers it on this device. */
export function setLanguage(lang: Lang): void {
  localStorage.setItem(STORAGE_KEY, lang);
  void i18n.changeLanguage(lang);
  syncHtmlLang(lang);
}

export default i18n;
