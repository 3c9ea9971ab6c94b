import { Tag } from 'antd';
import { useI18n } from '../../../lib/i18n';
import type { Election, Filing, VersionStatus } from '../api/conventions-api';

const VERSION: Record<VersionStatus, string> = { draft: 'default', voting: 'processing', in_force: 'success', superseded: 'default', rejected: 'error' };
export function VersionStatusTag({ status }: { status: VersionStatus }) {
  const { t } = useI18n();
  return <Tag color={VERSION[status]}>{t(`convention.status.${status}`)}</Tag>;
}

const FILING: Record<Filing['status'], string> = { submitted: 'processing', accepted: 'success', returned: 'warning' };
export function FilingStatusTag({ status }: { status: Filing['status'] }) {
  const { t } = useI18n();
  return <Tag color={FILING[status]}>{t(`convention.filing.${status}`)}</Tag>;
}

const ELECTION: Record<Election['status'], string> = { nominating: 'processing', voting: 'warning', formed: 'success', failed: 'error' };
export function ElectionStatusTag({ status }: { status: Election['status'] }) {
  const { t } = useI18n();
  return <Tag color={ELECTION[status]}>{t(`committee.status.${status}`)}</Tag>;
}
