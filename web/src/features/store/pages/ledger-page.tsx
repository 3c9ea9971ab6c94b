import { Alert, Card, Col, Row, Select, Statistic, Table } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { formatDateTime } from '../../../lib/format';
import { PageShell } from '../../../components/page-shell';
import { ErrorState } from '../../../components/states';
import { useJournal, useLedgerSummary, type EntryKind, type JournalEntry } from '../api/store-api';

const KINDS: EntryKind[] = ['earn', 'redeem', 'cancel', 'fulfil', 'expire', 'reverse'];

/** 积分台账: the district's journal, double entry, with the reconciliation the server runs on every look. */
export function LedgerPage() {
  const { t } = useI18n();
  const [kind, setKind] = useState<EntryKind | undefined>();
  const [page, setPage] = useState(1);
  const summary = useLedgerSummary();
  const journal = useJournal(kind, page);
  const side = (a: JournalEntry['debit']) => (a.kind === 'person' || a.kind === 'merchant' ? a.name : `〔${a.name}〕`);
  return (
    <PageShell
      title={t('ledger.title')}
      extra={
        <Select aria-label={t('ledger.col.kind')} style={{ width: 160 }} value={kind ?? 'all'} onChange={(v) => { setKind(v === 'all' ? undefined : (v as EntryKind)); setPage(1); }}
          options={[{ value: 'all', label: t('ledger.allKinds') }, ...KINDS.map((k) => ({ value: k, label: t(`points.kind.${k}`) }))]} />
      }
    >
      {summary.isError ? <ErrorState error={summary.error} onRetry={() => void summary.refetch()} /> : summary.data && (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col span={8}><Card><Statistic title={t('ledger.issued')} value={summary.data.issued} /></Card></Col>
            <Col span={8}><Card><Statistic title={t('ledger.heldByPeople')} value={summary.data.heldByPeople} /></Card></Col>
            <Col span={8}><Card><Statistic title={t('ledger.heldByMerchants')} value={summary.data.heldByMerchants} /></Card></Col>
          </Row>
          {summary.data.mismatched === 0 && summary.data.balanced
            ? <Alert type="success" showIcon title={t('ledger.reconciled', { accounts: summary.data.accounts })} style={{ marginBottom: 16 }} />
            : <Alert type="error" showIcon title={t('ledger.unreconciled', { count: summary.data.mismatched })} style={{ marginBottom: 16 }} />}
        </>
      )}
      {journal.isError ? <ErrorState error={journal.error} onRetry={() => void journal.refetch()} /> : (
        <Table<JournalEntry>
          rowKey="id"
          loading={journal.isPending}
          dataSource={journal.data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: journal.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          columns={[
            { title: t('ledger.col.time'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
            { title: t('ledger.col.kind'), dataIndex: 'kind', width: 90, render: (k: EntryKind) => t(`points.kind.${k}`) },
            { title: t('ledger.col.debit'), key: 'debit', render: (_, e) => side(e.debit) },
            { title: t('ledger.col.credit'), key: 'credit', render: (_, e) => side(e.credit) },
            { title: t('ledger.col.amount'), dataIndex: 'amount', width: 90, align: 'right' },
            { title: t('ledger.col.memo'), key: 'memo', render: (_, e) => e.memo ?? (e.rule ? t(`points.rule.${e.rule as 'volunteer_hour'}`) : '') },
          ]}
        />
      )}
    </PageShell>
  );
}
