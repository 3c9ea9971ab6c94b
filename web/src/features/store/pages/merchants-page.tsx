import { Alert, Button, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDateTime } from '../../../lib/format';
import { PageShell } from '../../../components/page-shell';
import { ErrorState } from '../../../components/states';
import { useDecideMerchant, useMerchantListings, useMerchants, type Listing, type Merchant, type MerchantStatus } from '../api/store-api';

const STATUS_COLOR: Record<MerchantStatus, string> = { pending: 'processing', approved: 'success', rejected: 'default', suspended: 'warning' };
type Decision = 'approve' | 'reject' | 'suspend';

/** 商家入驻审核: the community or street approves merchants and skilled residents (达人) in its reach. */
export function MerchantsPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<MerchantStatus | undefined>('pending');
  const [page, setPage] = useState(1);
  const list = useMerchants(status, page);
  const decide = useDecideMerchant();
  const [asking, setAsking] = useState<{ merchant: Merchant; decision: Decision } | null>(null);
  const [form] = Form.useForm<{ note: string }>();

  const act = (merchant: Merchant, decision: Decision) => {
    if (decision === 'approve') decide.mutate({ id: merchant.id, decision });
    else {
      form.resetFields();
      setAsking({ merchant, decision });
    }
  };

  return (
    <PageShell
      title={t('store.merchants')}
      extra={
        <Select
          aria-label={t('store.col.status')}
          style={{ width: 160 }}
          value={status ?? 'all'}
          onChange={(v) => { setStatus(v === 'all' ? undefined : (v as MerchantStatus)); setPage(1); }}
          options={[{ value: 'all', label: t('store.allStatuses') }, ...(['pending', 'approved', 'rejected', 'suspended'] as const).map((s) => ({ value: s, label: t(`store.status.${s}`) }))]}
        />
      }
    >
      {decide.isError && <Alert type="error" showIcon title={errorText(decide.error, t)} style={{ marginBottom: 12 }} />}
      {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : (
        <Table<Merchant>
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          expandable={{ expandedRowRender: (m) => <MerchantListings merchantId={m.id} />, rowExpandable: (m) => m.status !== 'pending' && m.status !== 'rejected' }}
          columns={[
            { title: t('store.col.name'), dataIndex: 'name', render: (_, m) => <><div>{m.name}</div><div style={{ color: '#595959', fontSize: 13 }}>{m.description}</div></> },
            { title: t('store.col.kind'), dataIndex: 'kind', width: 90, render: (k: Merchant['kind']) => t(`store.merchantKind.${k}`) },
            { title: t('store.col.place'), dataIndex: ['place', 'name'], width: 160 },
            { title: t('store.col.owner'), dataIndex: ['owner', 'name'], width: 140 },
            { title: t('store.col.appliedAt'), dataIndex: 'appliedAt', width: 170, render: (v: string) => formatDateTime(v) },
            { title: t('store.col.status'), dataIndex: 'status', width: 110, render: (s: MerchantStatus, m) => <><Tag color={STATUS_COLOR[s]}>{t(`store.status.${s}`)}</Tag>{m.decisionNote && <div style={{ fontSize: 13 }}>{m.decisionNote}</div>}</> },
            {
              title: t('store.col.actions'), key: 'actions', width: 200,
              render: (_, m) => (
                <Space>
                  {m.status === 'pending' && <Button type="primary" size="small" loading={decide.isPending} onClick={() => act(m, 'approve')}>{t('store.approve')}</Button>}
                  {m.status === 'pending' && <Button size="small" onClick={() => act(m, 'reject')}>{t('store.reject')}</Button>}
                  {m.status === 'approved' && <Button size="small" danger onClick={() => act(m, 'suspend')}>{t('store.suspend')}</Button>}
                  {m.status === 'suspended' && <Button size="small" onClick={() => act(m, 'approve')}>{t('store.resume')}</Button>}
                </Space>
              ),
            },
          ]}
        />
      )}
      <Modal
        open={asking !== null}
        title={asking ? `${t(`store.${asking.decision}`)}：${asking.merchant.name}` : ''}
        okText={t('store.confirm')}
        confirmLoading={decide.isPending}
        onCancel={() => setAsking(null)}
        onOk={() => form.validateFields().then((v) => decide.mutate({ id: asking!.merchant.id, decision: asking!.decision, note: v.note.trim() }, { onSuccess: () => setAsking(null) }))}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="note" label={t('store.reason')} rules={[{ required: true, whitespace: true, message: t('store.reasonRequired') }, { max: 200 }]}>
            <Input.TextArea rows={3} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </PageShell>
  );
}

/** 商品与服务: what an approved (or suspended) merchant lists, with price, stock and whether it is on the shelf. */
function MerchantListings({ merchantId }: { merchantId: number }) {
  const { t } = useI18n();
  const listings = useMerchantListings(merchantId);
  if (listings.isError) return <ErrorState error={listings.error} onRetry={() => void listings.refetch()} />;
  return (
    <Table<Listing>
      size="small"
      rowKey="id"
      loading={listings.isPending}
      dataSource={listings.data?.items ?? []}
      pagination={false}
      title={() => t('store.listings')}
      columns={[
        { title: t('store.col.name'), dataIndex: 'title' },
        { title: t('store.col.kind'), dataIndex: 'kind', width: 90, render: (k: Listing['kind']) => t(`store.listingKind.${k}`) },
        { title: t('store.col.price'), dataIndex: 'pricePoints', width: 100, align: 'right' },
        { title: t('store.col.stock'), dataIndex: 'stock', width: 90, align: 'right' },
        { title: t('store.col.status'), dataIndex: 'status', width: 100, render: (s: Listing['status']) => <Tag color={s === 'active' ? 'success' : 'default'}>{t(`store.listingStatus.${s}`)}</Tag> },
      ]}
    />
  );
}
