import { Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { ErrorState, LoadingState } from '../../../components/states';
import { useReport } from '../api/party-api';
import { CommunitySelect } from './community-select';
import { ReportTable } from './report-table';

/** 报表: the whole scope by community, or one community by unit. Counts only — nobody is named. */
export function ReportTab() {
  const { t } = useI18n();
  const [placeId, setPlaceId] = useState<number>();
  const report = useReport(placeId);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <CommunitySelect value={placeId} onChange={setPlaceId} allowClear />
        <Typography.Text type="secondary">{t('party.reportHint')}</Typography.Text>
      </Space>
      {report.isPending ? <LoadingState /> : report.isError ? <ErrorState error={report.error} onRetry={() => void report.refetch()} /> : (
        <Card size="small" title={t('party.reportOf', { place: report.data.place.name })}>
          <ReportTable report={report.data} />
        </Card>
      )}
    </Space>
  );
}
