import type { ThemeConfig } from 'antd';

// antd's default blue (#1677ff), secondary greys and status colours fall below WCAG AA 4.5:1 on white,
// which axe reports as serious. These darker tokens keep the look and pass.
export const workbenchTheme: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    colorError: '#c41d1f',
    colorSuccess: '#2a7a0b',
    colorWarning: '#ad5a00',
    colorInfo: '#0958d9',
    colorTextSecondary: 'rgba(0,0,0,0.68)',
    colorTextTertiary: 'rgba(0,0,0,0.62)',
    colorTextDescription: 'rgba(0,0,0,0.62)',
    colorTextPlaceholder: 'rgba(0,0,0,0.55)',
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Helvetica Neue", Arial, sans-serif',
  },
};
