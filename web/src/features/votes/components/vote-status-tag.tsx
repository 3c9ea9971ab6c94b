import { Tag } from 'antd';
import { useI18n } from '../../../lib/i18n';
import type { VoteStatus } from '../api/votes-api';

const COLOR: Record<VoteStatus, string> = { draft: 'default', announced: 'warning', open: 'processing', closed: 'default', published: 'success' };

export function VoteStatusTag({ status }: { status: VoteStatus }) {
  const { t } = useI18n();
  return <Tag color={COLOR[status]}>{t(`vote.status.${status}`)}</Tag>;
}
