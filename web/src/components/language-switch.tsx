import { Segmented } from 'antd';
import { LOCALES, useI18n, type Locale } from '../lib/i18n';

export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <Segmented<Locale>
      aria-label={t('lang.switch')}
      value={locale}
      onChange={setLocale}
      options={LOCALES.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
    />
  );
}
