import { DatePicker, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { PageShell } from '../../../components/page-shell';
import { ErrorState } from '../../../components/states';
import { useSettlement, type SettlementRow } from '../api/store-api';

/** 商家结算: per merchant and period, what was fulfilled (from the ledger), cancelled and is still outstanding. */
export function SettlementPage() {
  const { t } = useI18n();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('month'), dayjs()]);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const s = useSettlement(from, to);
  return (
    <PageShell
      title={t('store.settlement')}
      extra={<DatePicker.RangePicker aria-label={t('store.period')} allowClear={false} value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />}
    >
      {s.isError ? <ErrorState error={s.error} onRetry={() => void s.refetch()} /> : (
        <Table<SettlementRow>
          rowKey={(r) => r.merchant.id}
          loading={s.isPending}
          dataSource={s.data?.items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            { title: t('store.col.name'), key: 'name', render: (_, r) => <>{r.merchant.name} {r.merchant.status === 'suspended' && <Tag color="warning">{t('store.status.suspended')}</Tag>}</> },
            { title: t('store.col.kind'), key: 'kind', width: 90, render: (_, r) => t(`store.merchantKind.${r.merchant.kind}`) },
            { title: t('store.col.fulfilled'), dataIndex: 'fulfilled', width: 110, align: 'right' },
            { title: t('store.col.fulfilledPoints'), dataIndex: 'fulfilledPoints', width: 120, align: 'right' },
            { title: t('store.col.cancelled'), dataIndex: 'cancelled', width: 110, align: 'right' },
            { title: t('store.col.outstanding'), dataIndex: 'outstanding', width: 120, align: 'right' },
            { title: t('store.col.outstandingPoints'), dataIndex: 'outstandingPoints', width: 120, align: 'right' },
          ]}
          summary={() => s.data ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}><strong>{t('store.total')}</strong></Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">{s.data.totals.fulfilled}</Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">{s.data.totals.fulfilledPoints}</Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">{s.data.totals.cancelled}</Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">{s.data.totals.outstanding}</Table.Summary.Cell>
              <Table.Summary.Cell index={6} align="right">{s.data.totals.outstandingPoints}</Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null}
        />
      )}
    </PageShell>
  );
}
