import { Card, Layout, Space, Table, Tag, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { formatDate, formatDateTime } from '../../../lib/format';
import { LanguageSwitch } from '../../../components/language-switch';
import { ErrorState, LoadingState } from '../../../components/states';
import { usePublicLedger, type EntryKind, type PublicEntry } from '../api/charity-api';
import { EntryWhat } from '../components/entry-what';
import { LedgerTotals } from '../components/ledger-totals';

/** 公益台账公示: public, no sign-in; donors are named only when they agreed. */
export function PublicLedgerPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const ledger = usePublicLedger(id);
  let body;
  if (ledger.isPending) body = <LoadingState />;
  else if (ledger.isError) body = <ErrorState error={ledger.error} onRetry={() => void ledger.refetch()} />;
  else {
    const { drive, entries } = ledger.data;
    body = (
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Typography.Title level={1} style={{ fontSize: 26 }}>{drive.title}</Typography.Title>
        <Typography.Paragraph>{drive.place.name} · {formatDate(drive.startsAt)} – {formatDate(drive.endsAt)} · <Tag>{t(`charity.status.${drive.status}`)}</Tag></Typography.Paragraph>
        <Typography.Paragraph>{drive.description}</Typography.Paragraph>
        <LedgerTotals drive={drive} />
        <Card size="small" title={t('charity.ledger')}>
          <Table<PublicEntry>
            size="small" rowKey="id" dataSource={entries} pagination={{ pageSize: 50 }} locale={{ emptyText: t('charity.noEntries') }}
            columns={[
              { title: t('charity.occurredAt'), dataIndex: 'occurredAt', width: 150, render: (d: string) => formatDateTime(d) },
              { title: t('charity.entryKind'), dataIndex: 'kind', width: 90, render: (k: EntryKind) => t(`charity.entry.${k}`) },
              { title: t('charity.what'), key: 'what', render: (_, e) => <EntryWhat entry={e} /> },
              { title: t('charity.donorOrCounterpart'), key: 'who', render: (_, e) => (e.kind === 'disbursement' ? e.counterpart : e.donor ?? t('charity.anonymous')) },
            ]}
          />
        </Card>
        <Typography.Text type="secondary">{t('charity.publicNote')}</Typography.Text>
      </Space>
    );
  }
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: '#001529' }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 18 }}>{t('charity.publicTitle')}</Typography.Text>
        <LanguageSwitch />
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 1000, margin: '0 auto', width: '100%' }}>
        {body}
      </Layout.Content>
    </Layout>
  );
}
