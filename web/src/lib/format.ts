import dayjs from 'dayjs';

export const formatDateTime = (iso: string | null | undefined) =>
  iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '';
export const formatDate = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD') : '');
export const formatPercent = (share: number) => `${Math.round(share * 1000) / 10}%`;
export const formatCount = (n: number, locale: string) => new Intl.NumberFormat(locale).format(n);
/** Money is kept in integer fen (分); shown in yuan with two decimals. */
export const formatFen = (fen: number) => `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
/** A yuan amount typed in a form (up to two decimals) as whole fen. */
export const yuanToFen = (yuan: number) => Math.round(yuan * 100);
