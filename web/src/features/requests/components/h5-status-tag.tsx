import { Tag } from 'antd-mobile';
import { useI18n } from '../../../lib/i18n';
import type { RequestStatus } from '../api/types';

// Text and background picked for ≥ 4.5:1 contrast (antd-mobile's fill colours are too light for white text).
const STYLE: Record<RequestStatus, { color: string; bg: string }> = {
  submitted: { color: '#874d00', bg: '#fff7e6' },
  accepted: { color: '#0045b5', bg: '#e6f4ff' },
  assigned: { color: '#0045b5', bg: '#e6f4ff' },
  in_progress: { color: '#0045b5', bg: '#e6f4ff' },
  resolved: { color: '#1f6100', bg: '#f0fae8' },
  closed: { color: '#333333', bg: '#f0f0f0' },
  cancelled: { color: '#333333', bg: '#f0f0f0' },
  merged: { color: '#333333', bg: '#f0f0f0' },
};

export function H5StatusTag({ status }: { status: RequestStatus }) {
  const { t } = useI18n();
  const s = STYLE[status];
  return (
    <Tag className="gz-status" style={{ '--text-color': s.color, '--background-color': s.bg, '--border-color': s.bg } as React.CSSProperties}>
      {t(`req.status.${status}`)}
    </Tag>
  );
}
