import { Card, Descriptions, Tag } from 'antd';
import { useI18n } from '../../../lib/i18n';
import { useCompoundCommittee } from '../api/conventions-api';

/** The compound profile's committee: 业委会 or 自管会, its members with roles, and its term (flagged once ended). */
export function CommitteeCard({ placeId }: { placeId: number }) {
  const { t } = useI18n();
  const q = useCompoundCommittee(placeId);
  const c = q.data?.committee;
  return (
    <Card title={t('committee.profileTitle')} loading={q.isPending}>
      {q.isError && <span role="alert">{t('committee.profileError')}</span>}
      {q.data && !c && <span>{t('committee.profileNone')}</span>}
      {c && (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('committee.kind')}>{t(`committee.kind.${c.kind}`)}</Descriptions.Item>
          <Descriptions.Item label={t('committee.term')}>
            {c.termStart} — {c.termEnd} {c.expired && <Tag color="error">{t('committee.expired')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('committee.members')}>{c.members.map((m) => `${m.name}（${t(`committee.role.${m.role}`)}）`).join('、')}</Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
