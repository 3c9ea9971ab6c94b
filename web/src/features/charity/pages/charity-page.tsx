import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDate } from '../../../lib/format';
import { applyServerIssues } from '../../../components/form-errors';
import { ErrorState } from '../../../components/states';
import { useCreateDrive, useDrivePlaces, useDrives, yuan, type Drive } from '../api/charity-api';

type DriveForm = { placeId: number; kind: 'event' | 'drive'; title: string; description: string; goalYuan?: number; goodsWanted?: string; range: [Dayjs, Dayjs] };

/** 微公益: the drives of my places with what came in and went out; start a new one. */
export function CharityPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const drives = useDrives();
  const places = useDrivePlaces();
  const create = useCreateDrive();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<DriveForm>();

  const submit = () =>
    void form.validateFields().then((v) =>
      create.mutate(
        {
          placeId: v.placeId, kind: v.kind, title: v.title.trim(), description: v.description.trim(), goalFen: v.goalYuan ? Math.round(v.goalYuan * 100) : undefined,
          goodsWanted: v.goodsWanted?.trim() || undefined, startsAt: v.range[0].toISOString(), endsAt: v.range[1].toISOString(),
        },
        { onSuccess: (r) => { setOpen(false); navigate(`/charity/${r.drive.id}`); }, onError: (e) => { if (!applyServerIssues(form, e)) void message.error(errorText(e, t)); } },
      ),
      () => undefined /* invalid: the form shows what is wrong */);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('charity.title')}</Typography.Title>
      <Space><Button type="primary" onClick={() => { form.resetFields(); setOpen(true); }}>{t('charity.newDrive')}</Button></Space>
      {drives.isError ? <ErrorState error={drives.error} onRetry={() => void drives.refetch()} /> : (
        <Table<Drive>
          rowKey="id"
          loading={drives.isPending}
          dataSource={drives.data?.items ?? []}
          locale={{ emptyText: t('charity.noDrives') }}
          pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { n }) }}
          columns={[
            { title: t('charity.driveTitle'), key: 'title', render: (_, d) => <Link to={`/charity/${d.id}`}>{d.title}</Link> },
            { title: t('charity.kind'), dataIndex: 'kind', width: 100, render: (k: 'event' | 'drive') => t(`charity.kind.${k}`) },
            { title: t('charity.place'), dataIndex: ['place', 'name'], width: 130 },
            { title: t('charity.period'), key: 'p', width: 200, render: (_, d) => `${formatDate(d.startsAt)} – ${formatDate(d.endsAt)}` },
            { title: t('charity.received'), key: 'r', align: 'right', width: 120, render: (_, d) => yuan(d.totals.money.receivedFen) },
            { title: t('charity.disbursed'), key: 'o', align: 'right', width: 120, render: (_, d) => yuan(d.totals.money.disbursedFen) },
            { title: t('charity.balance'), key: 'b', align: 'right', width: 120, render: (_, d) => yuan(d.totals.money.balanceFen) },
            { title: t('charity.status'), dataIndex: 'status', width: 90, render: (s: 'open' | 'closed') => <Tag color={s === 'open' ? 'processing' : 'default'}>{t(`charity.status.${s}`)}</Tag> },
          ]}
        />
      )}
      <Modal open={open} title={t('charity.newDrive')} okText={t('common.save')} confirmLoading={create.isPending} onCancel={() => setOpen(false)} onOk={submit} destroyOnHidden width={560}>
        <Form form={form} layout="vertical" initialValues={{ kind: 'drive' }}>
          <Form.Item name="placeId" label={t('charity.place')} rules={[{ required: true, message: t('charity.placeRule') }]}>
            <Select showSearch optionFilterProp="label" loading={places.isPending} options={(places.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} />
          </Form.Item>
          <Form.Item name="kind" label={t('charity.kind')}>
            <Radio.Group options={[{ value: 'drive', label: t('charity.kind.drive') }, { value: 'event', label: t('charity.kind.event') }]} />
          </Form.Item>
          <Form.Item name="title" label={t('charity.driveTitle')} rules={[{ required: true, whitespace: true, min: 2, max: 60, message: t('charity.titleRule') }]}><Input maxLength={60} /></Form.Item>
          <Form.Item name="description" label={t('charity.description')} rules={[{ required: true, whitespace: true, min: 5, max: 1000, message: t('charity.descriptionRule') }]}><Input.TextArea rows={3} maxLength={1000} /></Form.Item>
          <Form.Item name="goalYuan" label={t('charity.goalYuan')} rules={[{ type: 'number', min: 0.01, max: 10_000_000, message: t('charity.goalRule') }]}><InputNumber min={0.01} max={10_000_000} precision={2} style={{ width: 200 }} /></Form.Item>
          <Form.Item name="goodsWanted" label={t('charity.goodsWanted')}><Input maxLength={200} /></Form.Item>
          <Form.Item name="range" label={t('charity.period')} rules={[{ required: true, message: t('charity.periodRule') }]}><DatePicker.RangePicker showTime format="YYYY-MM-DD HH:mm" /></Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
