import { Descriptions, Table } from 'antd';
import { useI18n } from '../../../lib/i18n';
import { yuan, type Drive } from '../api/charity-api';

/** What came in and what went out: money in fen, goods per item. */
export function LedgerTotals({ drive }: { drive: Drive }) {
  const { t } = useI18n();
  const m = drive.totals.money;
  return (
    <>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 5 }} bordered
        items={[
          { key: 'goal', label: t('charity.goal'), children: drive.goalFen !== null ? yuan(drive.goalFen) : '—' },
          { key: 'pledged', label: t('charity.pledged'), children: yuan(m.pledgedFen) },
          { key: 'received', label: t('charity.received'), children: yuan(m.receivedFen) },
          { key: 'disbursed', label: t('charity.disbursed'), children: yuan(m.disbursedFen) },
          { key: 'balance', label: t('charity.balance'), children: <strong data-testid="charity-balance">{yuan(m.balanceFen)}</strong> },
        ]}
      />
      {drive.totals.goods.length > 0 && (
        <Table size="small" style={{ marginTop: 12 }} rowKey="item" pagination={false} dataSource={drive.totals.goods}
          columns={[
            { title: t('charity.item'), dataIndex: 'item' },
            { title: t('charity.pledged'), dataIndex: 'pledged', align: 'right' },
            { title: t('charity.received'), dataIndex: 'received', align: 'right' },
            { title: t('charity.disbursed'), dataIndex: 'disbursed', align: 'right' },
            { title: t('charity.balance'), dataIndex: 'balance', align: 'right' },
          ]}
        />
      )}
    </>
  );
}
