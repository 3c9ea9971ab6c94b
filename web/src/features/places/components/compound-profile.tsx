import { Card, Descriptions, List, Tag, Typography } from 'antd';
import { useI18n } from '../../../lib/i18n';
import { EmptyState } from '../../../components/states';
import type { CompoundProfile } from '../api/types';

export function CompoundProfileCard({ profile, extra }: { profile: CompoundProfile; extra?: React.ReactNode }) {
  const { t } = useI18n();
  const dash = t('common.unknown');
  return (
    <Card title={t('compound.profile')} extra={extra}>
      <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
        <Descriptions.Item label={t('compound.kind')}>{t(`compoundKind.${profile.compoundKind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('compound.buildYear')}>{profile.buildYear ?? dash}</Descriptions.Item>
        <Descriptions.Item label={t('compound.householdCount')}>{profile.householdCount}</Descriptions.Item>
        <Descriptions.Item label={t('compound.propertyCompany')}>{profile.propertyCompany ?? dash}</Descriptions.Item>
        <Descriptions.Item label={t('compound.committeeType')}>
          {t(`committee.${profile.committeeType}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('compound.followMajority')}>
          {profile.followMajority ? t('common.yes') : t('common.no')}
        </Descriptions.Item>
        <Descriptions.Item label={t('compound.servicePointAddress')}>
          {profile.servicePoint.address ?? dash}
        </Descriptions.Item>
        <Descriptions.Item label={t('compound.servicePointHours')}>{profile.servicePoint.hours ?? dash}</Descriptions.Item>
        <Descriptions.Item label={t('compound.convention')} span={2}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {profile.convention ?? dash}
          </Typography.Paragraph>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

export function CommissionersCard({ profile }: { profile: CompoundProfile }) {
  const { t } = useI18n();
  return (
    <Card title={t('compound.commissioners')}>
      {profile.commissioners.length === 0 ? (
        <EmptyState text={t('compound.noCommissioner')} />
      ) : (
        <List
          dataSource={profile.commissioners}
          renderItem={(c) => (
            <List.Item>
              <List.Item.Meta title={c.name} description={c.phoneMasked} />
              {c.local ? <Tag color="success">{t('compound.local')}</Tag> : <Tag>{t('compound.notLocal')}</Tag>}
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
