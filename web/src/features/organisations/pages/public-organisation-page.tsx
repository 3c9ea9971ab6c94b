import { Card, Descriptions, Tag, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { ErrorState, LoadingState } from '../../../components/states';
import { usePublicOrganisation } from '../api/organisations-api';
import { RatingsLine } from './organisation-gaps';

/** 社会组织公开页: no sign-in; what the registry shows the public. */
export function PublicOrganisationPage() {
  const { t } = useI18n();
  const org = usePublicOrganisation(Number(useParams().id));
  if (org.isPending) return <LoadingState />;
  if (org.isError) return <ErrorState error={org.error} onRetry={() => void org.refetch()} />;
  const o = org.data;
  return (
    <main style={{ maxWidth: 760, margin: '32px auto', padding: 16 }}>
      <Typography.Title level={1}>{o.name}</Typography.Title>
      <Card>
        <Descriptions column={1}>
          <Descriptions.Item label={t('org.status')}>{t(`org.status.${o.status}`)}</Descriptions.Item>
          <Descriptions.Item label={t('org.personInCharge')}>{o.personInCharge}</Descriptions.Item>
          <Descriptions.Item label={t('org.category')}>{o.categories.map((c) => <Tag key={c}>{t(`org.cat.${c}`)}</Tag>)}</Descriptions.Item>
          <Descriptions.Item label={t('org.place')}>{o.place.name}</Descriptions.Item>
          <Descriptions.Item label={t('org.served')}>{o.placesServed.map((p) => p.name).join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('org.hubOf')}>{o.hub?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('gap.org.ratings')}><RatingsLine r={o.ratings} /></Descriptions.Item>
          <Descriptions.Item label={t('org.charter')}>{o.charter || '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
    </main>
  );
}
