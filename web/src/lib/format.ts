import dayjs from 'dayjs';

export const formatDateTime = (iso: string | null | undefined) =>
  iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '';
export const formatDate = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD') : '');
export const formatPercent = (share: number) => `${Math.round(share * 1000) / 10}%`;
export const formatCount = (n: number, locale: string) => new Intl.NumberFormat(locale).format(n);
