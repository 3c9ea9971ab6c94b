// The chosen language lives outside React too, so the API client can send Accept-Language.
export type Locale = 'zh-CN' | 'en-US';
export const LOCALES: Locale[] = ['zh-CN', 'en-US'];
const KEY = 'gz.locale';

let current: Locale = read();

function read(): Locale {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'en-US' ? 'en-US' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const getLocale = (): Locale => current;

export function storeLocale(locale: Locale) {
  current = locale;
  try {
    localStorage.setItem(KEY, locale);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  document.documentElement.lang = locale;
}
