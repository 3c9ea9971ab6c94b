import { App, Button, Card, Descriptions, Drawer, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDateTime, formatFen, yuanToFen } from '../../../lib/format';
import { ErrorState } from '../../../components/states';
import { useSession } from '../../auth/api/get-session';
import { MatchingRuleCard } from './matching-rule-card';
import { FUND_KINDS, newIdempotencyKey, useCreateFund, useFundEntries, useFunds, useReceive, useYearReport, type Fund, type FundKind } from '../api/funds-api';

const DONATED: FundKind[] = ['crowdfunding', 'donation'];
const FUND_ROLES = ['district_admin', 'street_admin', 'community_worker'];

/** 资金: the district pool, street matches, community funds, crowdfunding and donations — balances, receipts, flows, year-end reports. */
export function FundsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const session = useSession();
  const funds = useFunds();
  const create = useCreateFund();
  const receive = useReceive();
  const [creating, setCreating] = useState(false);
  const [receiving, setReceiving] = useState<Fund | null>(null);
  const [receiptKey, setReceiptKey] = useState('');
  const [entriesOf, setEntriesOf] = useState<Fund | null>(null);
  const [reportOf, setReportOf] = useState<Fund | null>(null);
  const [year, setYear] = useState(new Date().getFullYear());
  const entries = useFundEntries(entriesOf?.id ?? null);
  const report = useYearReport(reportOf?.id ?? null, year);
  const [createForm] = Form.useForm<{ kind: FundKind; placeId: number; name: string }>();
  const [receiptForm] = Form.useForm<{ yuan: number; source: 'appropriation' | 'donors'; memo: string }>();
  const places = (session.data?.roles ?? []).filter((r) => FUND_ROLES.includes(r.role));
  const onError = (e: unknown) => void message.error(errorText(e, t));

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2}>{t('fund.title')}</Typography.Title>
        <Button type="primary" onClick={() => { createForm.setFieldsValue({ placeId: places[0]?.placeId }); setCreating(true); }}>{t('fund.create')}</Button>
      </Space>
      <MatchingRuleCard canEdit={(session.data?.roles ?? []).some((r) => r.role === 'district_admin')} />
      <Card size="small">
        {funds.isError ? <ErrorState error={funds.error} onRetry={() => void funds.refetch()} /> : (
          <Table<Fund> rowKey="id" loading={funds.isPending} dataSource={funds.data ?? []} pagination={false} scroll={{ x: 900 }} locale={{ emptyText: t('fund.empty') }}
            columns={[
              { title: t('fund.name'), dataIndex: 'name' },
              { title: t('fund.kind'), dataIndex: 'kind', render: (k: FundKind) => <Tag>{t(`fund.kind.${k}`)}</Tag> },
              { title: t('fund.place'), dataIndex: ['place', 'name'] },
              { title: t('fund.balance'), dataIndex: 'balance', align: 'right', render: (n: number) => <strong>{formatFen(n)}</strong> },
              { title: t('fund.received'), dataIndex: 'received', align: 'right', render: formatFen },
              { title: t('fund.allocated'), dataIndex: 'allocated', align: 'right', render: formatFen },
              { title: t('common.actions'), key: 'a', width: 260, render: (_, f) => (
                <Space>
                  <Button size="small" onClick={() => { receiptForm.setFieldsValue({ source: DONATED.includes(f.kind) ? 'donors' : 'appropriation', memo: '' }); setReceiptKey(newIdempotencyKey()); setReceiving(f); }}>{t('fund.receive')}</Button>
                  <Button size="small" onClick={() => setEntriesOf(f)}>{t('fund.entries')}</Button>
                  <Button size="small" onClick={() => setReportOf(f)}>{t('fund.report')}</Button>
                </Space>
              ) },
            ]} />
        )}
      </Card>
      <Modal open={creating} title={t('fund.create')} onCancel={() => setCreating(false)} okButtonProps={{ loading: create.isPending }}
        onOk={() => void createForm.validateFields().then((v) => create.mutate(v, { onSuccess: () => setCreating(false), onError }))}>
        <Form form={createForm} layout="vertical">
          <Form.Item name="kind" label={t('fund.kind')} rules={[{ required: true, message: t('fund.kindRule') }]}><Select options={FUND_KINDS.map((k) => ({ value: k, label: t(`fund.kind.${k}`) }))} /></Form.Item>
          <Form.Item name="placeId" label={t('fund.place')} rules={[{ required: true }]}><Select options={places.map((r) => ({ value: r.placeId, label: r.placeName }))} /></Form.Item>
          <Form.Item name="name" label={t('fund.name')} rules={[{ required: true, min: 2, max: 60, message: t('fund.nameRule') }]}><Input maxLength={60} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={receiving !== null} title={`${t('fund.receive')}：${receiving?.name ?? ''}`} onCancel={() => setReceiving(null)} okButtonProps={{ loading: receive.isPending }}
        onOk={() => void receiptForm.validateFields().then((v) => receive.mutate({ id: receiving!.id, key: receiptKey, amount: yuanToFen(v.yuan), source: v.source, memo: v.memo }, { onSuccess: () => setReceiving(null), onError }))}>
        <Form form={receiptForm} layout="vertical">
          <Form.Item name="yuan" label={t('fund.amountYuan')} rules={[{ required: true, type: 'number', min: 0.01, message: t('fund.amountRule') }]}><InputNumber min={0.01} precision={2} style={{ width: 200 }} /></Form.Item>
          <Form.Item name="source" label={t('fund.source')}><Select options={[{ value: 'appropriation', label: t('fund.source.appropriation') }, { value: 'donors', label: t('fund.source.donors') }]} /></Form.Item>
          <Form.Item name="memo" label={t('fund.memo')} rules={[{ required: true, max: 200, message: t('fund.memoRule') }]}><Input maxLength={200} /></Form.Item>
        </Form>
      </Modal>
      <Drawer open={entriesOf !== null} width={720} title={`${t('fund.entries')}：${entriesOf?.name ?? ''}`} onClose={() => setEntriesOf(null)}>
        {entries.isError ? <ErrorState error={entries.error} onRetry={() => void entries.refetch()} /> : (
          <Table rowKey="id" size="small" loading={entries.isPending} dataSource={entries.data?.items ?? []} pagination={false}
            columns={[
              { title: t('fund.at'), dataIndex: 'at', render: formatDateTime },
              { title: t('fund.kind'), dataIndex: 'kind', render: (k: string) => t(`fund.entry.${k}` as never) },
              { title: t('fund.counterparty'), dataIndex: 'counterparty' },
              { title: t('fund.amount'), dataIndex: 'amount', align: 'right', render: (n: number) => <span style={{ color: n < 0 ? '#a8071a' : '#135200' }}>{formatFen(n)}</span> },
              { title: t('fund.memo'), dataIndex: 'memo' },
            ]} />
        )}
      </Drawer>
      <Modal open={reportOf !== null} width={720} footer={null} title={`${t('fund.report')}：${reportOf?.name ?? ''}`} onCancel={() => setReportOf(null)}>
        <Space style={{ marginBottom: 12 }}>
          <span>{t('fund.year')}</span>
          <InputNumber aria-label={t('fund.year')} min={2020} max={2100} value={year} onChange={(v) => v && setYear(v)} />
        </Space>
        {report.isError ? <ErrorState error={report.error} onRetry={() => void report.refetch()} /> : report.data && (
          <>
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label={t('fund.opening')}>{formatFen(report.data.opening)}</Descriptions.Item>
              <Descriptions.Item label={t('fund.closing')}>{formatFen(report.data.closing)}</Descriptions.Item>
              <Descriptions.Item label={t('fund.in')}>{report.data.inflows.map((r) => `${t(`fund.entry.${r.kind}` as never)} ${formatFen(r.amount)}（${r.count}）`).join('；') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('fund.out')}>{report.data.outflows.map((r) => `${t(`fund.entry.${r.kind}` as never)} ${formatFen(r.amount)}（${r.count}）`).join('；') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('fund.balanced')} span={2}>{report.data.balanced ? <Tag color="success">{t('fund.balancedYes')}</Tag> : <Tag color="error">{t('fund.balancedNo')}</Tag>}</Descriptions.Item>
            </Descriptions>
            <Table rowKey="projectId" size="small" style={{ marginTop: 12 }} pagination={false} dataSource={report.data.projects} locale={{ emptyText: t('common.empty') }}
              columns={[
                { title: t('proj.title'), dataIndex: 'title' },
                { title: t('fund.allocated'), dataIndex: 'allocated', align: 'right', render: formatFen },
                { title: t('fund.released'), dataIndex: 'released', align: 'right', render: formatFen },
              ]} />
          </>
        )}
      </Modal>
    </Space>
  );
}
