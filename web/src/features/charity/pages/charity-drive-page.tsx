import { Alert, App, Button, Card, Checkbox, Form, Input, InputNumber, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDate, formatDateTime } from '../../../lib/format';
import { newIdempotencyKey } from '../../../lib/idempotency';
import { applyServerIssues } from '../../../components/form-errors';
import { ErrorState, LoadingState } from '../../../components/states';
import { useCloseDrive, useLedger, useRecordEntry, yuan, type Entry, type EntryForm, type EntryKind } from '../api/charity-api';
import { EntryWhat } from '../components/entry-what';
import { LedgerTotals } from '../components/ledger-totals';

type Fields = { kind: EntryKind; form: EntryForm; amountYuan?: number; item?: string; quantity?: number; donorName?: string; showDonor?: boolean; counterpart?: string; pledgeId?: number; note?: string };
const KIND_COLOR: Record<EntryKind, string> = { pledge: 'default', receipt: 'success', disbursement: 'warning' };

/** 台账: one drive's ledger; record a pledge, a receipt or a disbursement (never more out than came in). */
export function CharityDrivePage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const ledger = useLedger(id);
  const record = useRecordEntry(id);
  const close = useCloseDrive();
  const [form] = Form.useForm<Fields>();
  const [banner, setBanner] = useState<string | null>(null);
  // One key per filled-in line: a double click or a retry records it once; a new line gets a new key.
  const [key, setKey] = useState(newIdempotencyKey);
  const kind = Form.useWatch('kind', form) ?? 'receipt';
  const shape = Form.useWatch('form', form) ?? 'money';

  if (ledger.isPending) return <LoadingState />;
  if (ledger.isError) return <ErrorState error={ledger.error} onRetry={() => void ledger.refetch()} />;
  const { drive, entries } = ledger.data;
  const pledges = entries.filter((e) => e.kind === 'pledge' && e.form === shape && ((e.outstandingFen ?? 0) > 0 || (e.outstandingQuantity ?? 0) > 0));

  const submit = (v: Fields) => {
    setBanner(null);
    record.mutate(
      {
        key,
        body: {
          kind: v.kind, form: v.form, ...(v.form === 'money' ? { amountFen: Math.round((v.amountYuan ?? 0) * 100) } : { item: v.item?.trim(), quantity: v.quantity }),
          ...(v.kind !== 'disbursement' && v.donorName?.trim() ? { donorName: v.donorName.trim(), showDonor: !!v.showDonor } : {}),
          ...(v.kind === 'disbursement' ? { counterpart: v.counterpart?.trim() } : {}), ...(v.kind === 'receipt' && v.pledgeId ? { pledgeId: v.pledgeId } : {}),
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        },
      },
      {
        onSuccess: () => { void message.success(t('charity.recorded')); form.resetFields(['amountYuan', 'item', 'quantity', 'donorName', 'showDonor', 'counterpart', 'pledgeId', 'note']); setKey(newIdempotencyKey()); },
        onError: (e) => { if (!applyServerIssues(form, e)) setBanner(errorText(e, t)); },
      },
    );
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap align="center">
        <Typography.Title level={2} style={{ margin: 0 }}>{drive.title}</Typography.Title>
        <Tag color={drive.status === 'open' ? 'processing' : 'default'}>{t(`charity.status.${drive.status}`)}</Tag>
        <Link to="/charity">{t('charity.backToList')}</Link>
        <a href={`/charity-ledger/${drive.id}`} target="_blank" rel="noreferrer">{t('charity.publicLink')}</a>
      </Space>
      <Typography.Paragraph>{drive.place.name} · {formatDate(drive.startsAt)} – {formatDate(drive.endsAt)} · {drive.description}{drive.goodsWanted ? ` · ${t('charity.goodsWanted')}：${drive.goodsWanted}` : ''}</Typography.Paragraph>
      <LedgerTotals drive={drive} />
      <Card size="small" title={t('charity.recordTitle')}>
        {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} />}
        <Form<Fields> form={form} layout="vertical" initialValues={{ kind: 'receipt', form: 'money' }} onFinish={submit} onValuesChange={() => setBanner(null)}>
          <Space wrap size="large">
            <Form.Item name="kind" label={t('charity.entryKind')}>
              <Radio.Group optionType="button" options={(['pledge', 'receipt', 'disbursement'] as const).map((k) => ({ value: k, label: t(`charity.entry.${k}`) }))} />
            </Form.Item>
            <Form.Item name="form" label={t('charity.form')}>
              <Radio.Group optionType="button" options={[{ value: 'money', label: t('charity.money') }, { value: 'goods', label: t('charity.goods') }]} />
            </Form.Item>
          </Space>
          <Space wrap size="large" align="start">
            {shape === 'money' ? (
              <Form.Item name="amountYuan" label={t('charity.amountYuan')} rules={[{ required: true, type: 'number', min: 0.01, max: 1_000_000, message: t('charity.amountRule') }]}>
                <InputNumber min={0.01} max={1_000_000} precision={2} style={{ width: 180 }} />
              </Form.Item>
            ) : (
              <>
                <Form.Item name="item" label={t('charity.item')} rules={[{ required: true, whitespace: true, max: 40, message: t('charity.itemRule') }]}><Input maxLength={40} placeholder={t('charity.itemPlaceholder')} style={{ width: 200 }} /></Form.Item>
                <Form.Item name="quantity" label={t('charity.quantity')} rules={[{ required: true, type: 'integer', min: 1, max: 100_000, message: t('charity.quantityRule') }]}><InputNumber min={1} max={100_000} precision={0} /></Form.Item>
              </>
            )}
            {kind !== 'disbursement' && (
              <>
                <Form.Item name="donorName" label={t('charity.donor')}><Input maxLength={40} style={{ width: 180 }} /></Form.Item>
                <Form.Item name="showDonor" label=" " valuePropName="checked"><Checkbox>{t('charity.showDonor')}</Checkbox></Form.Item>
              </>
            )}
            {kind === 'receipt' && pledges.length > 0 && (
              <Form.Item name="pledgeId" label={t('charity.honoursPledge')}>
                <Select allowClear style={{ width: 240 }} options={pledges.map((p) => ({ value: p.id, label: `#${p.id} ${p.donorName ?? t('charity.anonymous')} · ${t('charity.outstanding')} ${p.form === 'money' ? yuan(p.outstandingFen ?? 0) : p.outstandingQuantity}` }))} />
              </Form.Item>
            )}
          </Space>
          {kind === 'disbursement' && (
            <Form.Item name="counterpart" label={t('charity.counterpart')} extra={t('charity.counterpartHint')} rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('charity.counterpartRule') }]}>
              <Input maxLength={200} />
            </Form.Item>
          )}
          <Form.Item name="note" label={t('charity.note')}><Input maxLength={300} /></Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={record.isPending}>{t('charity.record')}</Button>
            {drive.status === 'open' && (
              <Popconfirm title={t('charity.closeConfirm')} onConfirm={() => close.mutate(drive.id, { onError: (e) => void message.error(errorText(e, t)) })}>
                <Button>{t('charity.close')}</Button>
              </Popconfirm>
            )}
          </Space>
        </Form>
      </Card>
      <Table<Entry>
        rowKey="id"
        dataSource={entries}
        locale={{ emptyText: t('charity.noEntries') }}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: '#', dataIndex: 'id', width: 60 },
          { title: t('charity.occurredAt'), dataIndex: 'occurredAt', width: 150, render: (d: string) => formatDateTime(d) },
          { title: t('charity.entryKind'), dataIndex: 'kind', width: 90, render: (k: EntryKind) => <Tag color={KIND_COLOR[k]}>{t(`charity.entry.${k}`)}</Tag> },
          { title: t('charity.what'), key: 'what', render: (_, e) => <EntryWhat entry={e} /> },
          { title: t('charity.donorOrCounterpart'), key: 'who', render: (_, e) => e.kind === 'disbursement' ? e.counterpart : <>{e.donorName ?? t('charity.anonymous')}{e.donorName && !e.showDonor ? <Tag style={{ marginLeft: 6 }}>{t('charity.notPublic')}</Tag> : null}{e.pledgeId ? ` ← #${e.pledgeId}` : ''}</> },
          { title: t('charity.outstanding'), key: 'left', width: 110, render: (_, e) => e.kind !== 'pledge' ? '' : e.form === 'money' ? yuan(e.outstandingFen ?? 0) : e.outstandingQuantity },
          { title: t('charity.recordedBy'), dataIndex: 'recordedBy', width: 110 },
        ]}
      />
    </Space>
  );
}
