import { Descriptions, Table, Tag, Typography } from 'antd';
import { useI18n } from '../../../lib/i18n';
import type { Measure, Tally } from '../api/votes-api';
import { formatArea } from '../format-area';


/** The count by area and by headcount, with the two tests the law sets (quorum, approval) and whether each is met. */
export function TallyTable({ tally }: { tally: Tally }) {
  const { t } = useI18n();
  const rows: { key: string; label: string; m: Measure }[] = [
    { key: 'electorate', label: t('vote.electorate'), m: tally.electorate },
    { key: 'participating', label: t('vote.participating'), m: tally.participating },
    { key: 'for', label: t('vote.for'), m: tally.for },
    { key: 'against', label: t('vote.against'), m: tally.against },
    { key: 'abstain', label: t('vote.abstain'), m: tally.abstain },
  ];
  const met = (ok: boolean) => <Tag color={ok ? 'success' : 'error'}>{ok ? t('vote.met') : t('vote.notMet')}</Tag>;
  return (
    <>
      <Table size="small" pagination={false} rowKey="key" dataSource={rows} data-testid="tally"
        columns={[
          { title: t('vote.measure'), dataIndex: 'label' },
          { title: t('vote.area'), align: 'right', render: (_, r) => formatArea(r.m.areaCenti) },
          { title: t('vote.heads'), align: 'right', render: (_, r) => r.m.heads },
        ]} />
      <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('vote.quorum')}>{t('vote.area')} {met(tally.quorum.areaMet)} {t('vote.heads')} {met(tally.quorum.headsMet)}</Descriptions.Item>
        <Descriptions.Item label={t(`vote.threshold.${tally.approval.threshold}`)}>{t('vote.area')} {met(tally.approval.areaMet)} {t('vote.heads')} {met(tally.approval.headsMet)}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={4} data-testid="vote-outcome" style={{ color: tally.passed ? '#237804' : '#a8071a' }}>
        {tally.passed ? t('vote.passed') : t('vote.failed')}
      </Typography.Title>
      {tally.followMajority && (
        <Typography.Paragraph type="secondary">
          {tally.followMajority.side
            ? t('vote.followMajority', { result: tally.followMajority.passed ? t('vote.passed') : t('vote.failed') })
            : t('vote.followMajorityNone')}
        </Typography.Paragraph>
      )}
    </>
  );
}
