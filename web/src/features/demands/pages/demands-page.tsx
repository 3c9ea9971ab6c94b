import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDate } from '../../../lib/format';
import { ErrorState } from '../../../components/states';
import { useSession } from '../../auth/api/get-session';
import { useAssessDemand, useConvertDemand, useDemands, useRefreshDemands, type ConvertKind, type Demand, type DemandStatus } from '../api/demands-api';

const STATUSES: DemandStatus[] = ['new', 'assessed', 'converted', 'closed'];
const STATUS_COLOR: Record<DemandStatus, string> = { new: 'warning', assessed: 'processing', converted: 'success', closed: 'default' };
const MANAGE_ROLES = ['district_admin', 'street_admin', 'community_worker', 'commissioner', 'residents_committee'];

/** 需求清单: needs gathered from recurring requests, visits, surveys and wishes; assess them and turn them into action. */
export function DemandsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const session = useSession();
  const navigate = useNavigate();
  const [status, setStatus] = useState<DemandStatus | undefined>();
  const [page, setPage] = useState(1);
  const list = useDemands({ status, page, pageSize: 20 });
  const refresh = useRefreshDemands();
  const assess = useAssessDemand();
  const convert = useConvertDemand();
  const [assessing, setAssessing] = useState<Demand | null>(null);
  const [form] = Form.useForm<{ urgency: number; peopleAffected: number; note?: string }>();
  const home = session.data?.roles.find((r) => MANAGE_ROLES.includes(r.role));

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('demand.title')}</Typography.Title>
      <Card size="small">
        <Space style={{ marginBottom: 12 }} wrap>
          <Select aria-label={t('wish.status')} style={{ width: 160 }} allowClear placeholder={t('wish.allStatuses')} value={status}
            onChange={(v) => { setStatus(v); setPage(1); }} options={STATUSES.map((s) => ({ value: s, label: t(`demand.status.${s}`) }))} />
          {home && (
            <Button type="primary" loading={refresh.isPending}
              onClick={() => refresh.mutate(home.placeId, {
                onSuccess: (r) => void message.success(t('demand.refreshed', { found: r.found, created: r.created })),
                onError: (e) => void message.error(errorText(e, t)),
              })}>
              {t('demand.refresh', { place: home.placeName })}
            </Button>
          )}
        </Space>
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Demand>
            rowKey="id"
            loading={list.isPending}
            dataSource={list.data?.items ?? []}
            pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => t('common.total', { n }) }}
            scroll={{ x: 1000 }}
            columns={[
              { title: t('demand.need'), key: 'title', render: (_, d) => (
                <div>
                  <Typography.Text strong>{d.title}</Typography.Text>
                  {d.description && <div style={{ color: '#595959', maxWidth: 360 }}>{d.description}</div>}
                  {d.link && <Link to={d.link}>{t(d.source === 'survey' ? 'demand.surveyLink' : 'demand.sourceLink')}</Link>}
                </div>
              ) },
              { title: t('demand.source'), dataIndex: 'source', width: 100, render: (s: string) => t(`demand.source.${s}` as never) },
              { title: t('wish.place'), dataIndex: ['place', 'name'], width: 120 },
              { title: t('demand.occurrences'), dataIndex: 'occurrences', width: 90, align: 'right' },
              { title: t('demand.lastSeen'), dataIndex: 'lastSeenAt', width: 110, render: (d: string) => formatDate(d) },
              { title: t('demand.urgency'), dataIndex: 'urgency', width: 80, align: 'right', render: (u: number | null) => u ?? '—' },
              { title: t('demand.people'), dataIndex: 'peopleAffected', width: 90, align: 'right', render: (n: number | null) => n ?? '—' },
              { title: t('wish.status'), key: 'status', width: 140, render: (_, d) => (
                <Space direction="vertical" size={0}>
                  <Tag color={STATUS_COLOR[d.status]}>{t(`demand.status.${d.status}`)}</Tag>
                  {d.converted && <span>{t(`demand.kind.${d.converted.kind}`)} · {d.converted.ref.endsWith(':pending') ? t('demand.pending') : `#${d.converted.ref.split(':')[1]}`}</span>}
                </Space>
              ) },
              { title: t('common.actions'), key: 'actions', width: 220, fixed: 'right', render: (_, d) =>
                d.status === 'new' || d.status === 'assessed' ? (
                  <Space>
                    <Button size="small" onClick={() => { form.setFieldsValue({ urgency: d.urgency ?? 3, peopleAffected: d.peopleAffected ?? d.occurrences, note: d.assessmentNote ?? '' }); setAssessing(d); }}>{t('demand.assess')}</Button>
                    <Select<ConvertKind> size="small" aria-label={t('demand.convert')} placeholder={t('demand.convert')} style={{ width: 110 }}
                      // A project is written by the project form, which links the need and marks it converted in one go.
                      onChange={(kind) => kind === 'project'
                        ? navigate(`/projects/new?demandId=${d.id}&placeId=${d.place.id}&title=${encodeURIComponent(d.title)}`)
                        : convert.mutate({ id: d.id, kind }, { onError: (e) => void message.error(errorText(e, t)) })}
                      options={(['wish', 'activity', 'project'] as const).map((k) => ({ value: k, label: t(`demand.kind.${k}`) }))} />
                  </Space>
                ) : null },
            ]}
          />
        )}
      </Card>
      <Modal open={assessing !== null} title={assessing ? `${t('demand.assess')}：${assessing.title}` : ''} okButtonProps={{ loading: assess.isPending }} onCancel={() => setAssessing(null)}
        onOk={() => void form.validateFields().then((v) => assess.mutate({ id: assessing!.id, ...v, note: v.note?.trim() || undefined }, { onSuccess: () => setAssessing(null), onError: (e) => void message.error(errorText(e, t)) }))}>
        <Form form={form} layout="vertical">
          <Form.Item name="urgency" label={t('demand.urgency')} rules={[{ required: true, type: 'integer', min: 1, max: 5, message: t('demand.urgencyRange') }]}><InputNumber min={1} max={5} /></Form.Item>
          <Form.Item name="peopleAffected" label={t('demand.people')} rules={[{ required: true, type: 'integer', min: 0, max: 1_000_000, message: t('demand.peopleRange') }]}><InputNumber min={0} max={1_000_000} /></Form.Item>
          <Form.Item name="note" label={t('demand.note')}><Input.TextArea rows={2} maxLength={300} /></Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
