import { Tag } from 'antd';
import { useI18n } from '../../../lib/i18n';
import type { RequestStatus } from '../api/types';

// Status colours come from the theme tokens, which are pinned to pass 4.5:1 contrast.
const COLOR: Record<RequestStatus, string> = {
  submitted: 'warning',
  accepted: 'processing',
  assigned: 'processing',
  in_progress: 'processing',
  resolved: 'success',
  closed: 'default',
  cancelled: 'default',
  merged: 'default',
};

export function StatusTag({ status }: { status: RequestStatus }) {
  const { t } = useI18n();
  return <Tag color={COLOR[status]}>{t(`req.status.${status}`)}</Tag>;
}
