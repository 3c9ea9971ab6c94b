import { Tag } from 'antd-mobile';
import { useI18n } from '../../../lib/i18n';
import type { WishStatus } from '../api/wishes-api';

// Text and background picked for ≥ 4.5:1 contrast, as the requests' H5 status tag.
const AMBER = { color: '#874d00', bg: '#fff7e6' };
const BLUE = { color: '#0045b5', bg: '#e6f4ff' };
const GREEN = { color: '#1f6100', bg: '#f0fae8' };
const GREY = { color: '#333333', bg: '#f0f0f0' };
const STYLE: Record<WishStatus, { color: string; bg: string }> = {
  pending_review: AMBER, rejected: { color: '#a8071a', bg: '#fff1f0' }, open: BLUE, claimed: AMBER, fulfilled: GREEN, confirmed: GREEN, withdrawn: GREY,
};

export function WishStatusTag({ status }: { status: WishStatus }) {
  const { t } = useI18n();
  const s = STYLE[status];
  return (
    <Tag className="gz-status" style={{ '--text-color': s.color, '--background-color': s.bg, '--border-color': s.bg } as React.CSSProperties}>
      {t(`wish.status.${status}`)}
    </Tag>
  );
}
