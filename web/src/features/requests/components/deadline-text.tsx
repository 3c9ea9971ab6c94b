import { Typography } from 'antd';
import { useI18n } from '../../../lib/i18n';
import { formatDateTime } from '../../../lib/format';
import { deadlineInfo } from './deadline';

/** "剩余 2小时5分" or, in red, "已超时 30分钟"; the due time on hover. */
export function DeadlineText({ dueAt, doneAt, now }: { dueAt: string; doneAt?: string | null; now: number }) {
  const { t } = useI18n();
  const info = deadlineInfo(dueAt, doneAt, now, t);
  return (
    <Typography.Text type={info.overdue ? 'danger' : info.met ? 'success' : undefined} strong={info.overdue} title={formatDateTime(dueAt)}>
      {info.text}
    </Typography.Text>
  );
}
