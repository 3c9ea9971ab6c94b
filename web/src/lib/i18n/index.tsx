// A tiny i18n: zh-CN is the source of keys, en-US must have the same keys (the compiler checks).
// i18next would do, but its current major needs Node 22.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import { zhCN, type MessageKey } from './messages/zh-CN';
import { enUS } from './messages/en-US';
import { getLocale, storeLocale, type Locale } from './locale-store';

export type { Locale, MessageKey };
export { LOCALES } from './locale-store';

const catalogs: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const s = catalogs[locale][key] ?? zhCN[key] ?? key;
  return params ? s.replace(/\{(\w+)\}/g, (m, p: string) => (p in params ? String(params[p]) : m)) : s;
}

const applyDayjs = (l: Locale) => dayjs.locale(l === 'zh-CN' ? 'zh-cn' : 'en');

interface I18n {
  locale: Locale;
  setLocale: (l: Locale) => void;
  t: Translate;
}
const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setState] = useState<Locale>(() => {
    const l = getLocale();
    storeLocale(l);
    applyDayjs(l);
    return l;
  });
  const setLocale = useCallback((l: Locale) => {
    storeLocale(l);
    applyDayjs(l);
    setState(l);
  }, []);
  const value = useMemo<I18n>(
    () => ({ locale, setLocale, t: (key, params) => translate(locale, key, params) }),
    [locale, setLocale],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
