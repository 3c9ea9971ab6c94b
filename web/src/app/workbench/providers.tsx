import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { I18nProvider, useI18n } from '../../lib/i18n';
import { adoptStyleNonce, cspNonce } from '../../lib/csp-nonce';
import { workbenchTheme } from './theme';

/** antd writes its styles into <style> elements at run time: they carry the page's CSP nonce. */
const csp = { nonce: cspNonce() };
adoptStyleNonce(csp.nonce);

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});

function AntdLocale({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  return (
    <ConfigProvider csp={csp} locale={locale === 'zh-CN' ? zhCN : enUS} theme={workbenchTheme} button={{ autoInsertSpace: false }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function Providers({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <AntdLocale>{children}</AntdLocale>
      </I18nProvider>
    </QueryClientProvider>
  );
}
