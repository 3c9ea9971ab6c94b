import { Button, Card, Checkbox, DatePicker, Form, List, Progress, Radio, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { LEDGER_KINDS, useCreateLedgerExport, useLedgerExports, type LedgerKind } from '../api/ledger-exports';

type Values = { ledger: LedgerKind; period: [Dayjs, Dayjs]; format: 'xlsx' | 'pdf'; reveal: boolean };

/** 台账生成: pick a ledger and a period for this place; it is written in the background, then downloaded. */
export function LedgerExportCard({ placeId, placeName }: { placeId: number; placeName: string }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const create = useCreateLedgerExport();
  const exportsQ = useLedgerExports();
  const submit = (v: Values) =>
    create.mutate({ ledger: v.ledger, placeId, from: v.period[0].format('YYYY-MM-DD'), to: v.period[1].format('YYYY-MM-DD'), format: v.format, reveal: v.reveal });
  return (
    <Card title={`${t('ledger.title')} · ${placeName}`} size="small" style={{ marginTop: 16 }}>
      <Form
        form={form}
        layout="inline"
        onFinish={submit}
        initialValues={{ ledger: 'requests', period: [dayjs().subtract(29, 'day'), dayjs()], format: 'xlsx', reveal: false }}
      >
        <Form.Item name="ledger" label={t('ledger.kind')}>
          <Select style={{ width: 200 }} options={LEDGER_KINDS.map((k) => ({ value: k, label: t(`ledger.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="period" label={t('ledger.period')} rules={[{ required: true, message: t('ledger.periodRequired') }]}>
          <DatePicker.RangePicker allowClear={false} />
        </Form.Item>
        <Form.Item name="format" label={t('ledger.format')}>
          <Radio.Group options={[{ value: 'xlsx', label: 'Excel' }, { value: 'pdf', label: 'PDF' }]} />
        </Form.Item>
        <Form.Item name="reveal" valuePropName="checked">
          <Checkbox>{t('ledger.reveal')}</Checkbox>
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending}>{t('ledger.generate')}</Button>
        </Form.Item>
      </Form>
      {create.isError && <Typography.Text type="danger" role="alert">{errorText(create.error, t)}</Typography.Text>}
      <List
        style={{ marginTop: 12 }}
        header={t('ledger.mine')}
        size="small"
        loading={exportsQ.isPending}
        dataSource={exportsQ.data?.items ?? []}
        renderItem={(e) => (
          <List.Item
            data-export-status={e.status}
            actions={e.downloadUrl ? [<a key="dl" href={e.downloadUrl} download={e.fileName ?? undefined}>{t('ledger.download')}</a>] : []}
          >
            <Space wrap>
              <span>{e.title}</span>
              <Typography.Text type="secondary">{e.from} ~ {e.to} · {e.format.toUpperCase()}</Typography.Text>
              {!e.reveal && <Tag>{t('ledger.masked')}</Tag>}
              <Tag color={e.status === 'failed' ? 'red' : e.status === 'done' ? undefined : 'blue'}>{t(`ledger.status.${e.status}`)}</Tag>
              {(e.status === 'running' || e.status === 'queued') && e.rowsTotal !== null && (
                <Progress percent={e.rowsTotal ? Math.round((e.rowsDone / e.rowsTotal) * 100) : 0} size="small" style={{ width: 160 }} />
              )}
              <Typography.Text type="secondary">{t('ledger.rows', { done: e.rowsDone, total: e.rowsTotal ?? '?' })}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
