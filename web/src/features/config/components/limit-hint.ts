import type { Translate } from '../../../lib/i18n';

/**
 * Minutes as people think of them: "约 2 天", "约 5 个工作日 2 小时". A working day is 7.5 hours
 * (8:30–12:00, 13:30–17:30), a calendar day 24; `explain` adds how a working day counts (for the form).
 */
export function limitHint(minutes: number | null | undefined, workingTime: boolean, t: Translate, explain = false): string {
  if (!minutes || minutes < 1) return '';
  const perDay = workingTime ? 450 : 1440;
  const days = Math.floor(minutes / perDay);
  const hours = Math.round(((minutes % perDay) / 60) * 10) / 10;
  const parts = [
    ...(days ? [t(workingTime ? 'config.categories.unit.workday' : 'config.categories.unit.day', { n: days })] : []),
    ...(hours || !days ? [t('config.categories.unit.hour', { n: hours })] : []),
  ];
  const text = t('config.categories.about', { text: parts.join(' ') });
  return explain && workingTime ? `${text}${t('config.categories.perWorkday')}` : text;
}
