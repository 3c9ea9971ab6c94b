import { Tag } from 'antd';
import { useI18n } from '../../../lib/i18n';
import type { ErrandStatus } from '../api/types';

const COLOR: Record<ErrandStatus, string> = { open: 'processing', done: 'success', cancelled: 'default' };

export function ErrandStatusTag({ status }: { status: ErrandStatus }) {
  const { t } = useI18n();
  return <Tag color={COLOR[status]}>{t(`errand.status.${status}`)}</Tag>;
}
