import { App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Table, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDateTime, formatFen, yuanToFen } from '../../../lib/format';
import { ErrorState } from '../../../components/states';
import { useMatchingRule, useSetMatchingRule, type MatchingRule } from '../api/funds-api';

type Values = { streetPerMille: number; capProjectYuan?: number | null; capStreetYearYuan?: number | null; note?: string };

/** 配套规则: what the district pool and a street each give a matched project, and the caps; the district admin changes it. */
export function MatchingRuleCard({ canEdit }: { canEdit: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const rule = useMatchingRule();
  const save = useSetMatchingRule();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const cap = (n: number | null) => (n === null ? t('gap.rule.none') : formatFen(n));
  if (rule.isError) return <Card size="small" title={t('gap.rule.title')}><ErrorState error={rule.error} onRetry={() => void rule.refetch()} /></Card>;
  const c = rule.data?.current;
  const edit = () => {
    form.setFieldsValue({ streetPerMille: c?.streetPerMille ?? 1000, capProjectYuan: c?.capPerProject == null ? null : c.capPerProject / 100, capStreetYearYuan: c?.capPerStreetYear == null ? null : c.capPerStreetYear / 100, note: '' });
    setOpen(true);
  };
  const submit = () => void form.validateFields().then((v) => save.mutate({
    streetPerMille: v.streetPerMille, capPerProject: v.capProjectYuan ? yuanToFen(v.capProjectYuan) : null, capPerStreetYear: v.capStreetYearYuan ? yuanToFen(v.capStreetYearYuan) : null, note: v.note || undefined,
  }, { onSuccess: () => { setOpen(false); void message.success(t('gap.rule.saved')); }, onError: (e) => void message.error(errorText(e, t)) }))
    // The form shows what is wrong beside each field; the rejected promise needs no more.
    .catch(() => undefined);
  return (
    <Card size="small" title={t('gap.rule.title')} loading={rule.isPending} extra={canEdit && <Button onClick={edit}>{t('gap.rule.edit')}</Button>}>
      {c && (
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('gap.rule.ratio')}><Typography.Text strong>{c.ratio}</Typography.Text></Descriptions.Item>
          <Descriptions.Item label={t('gap.rule.capProject')}>{cap(c.capPerProject)}</Descriptions.Item>
          <Descriptions.Item label={t('gap.rule.capStreetYear')}>{cap(c.capPerStreetYear)}</Descriptions.Item>
          <Descriptions.Item span={3}><Typography.Text type="secondary">{c.id === null ? t('gap.rule.default') : t('gap.rule.unit', { unit: c.unit })}</Typography.Text></Descriptions.Item>
        </Descriptions>
      )}
      {(rule.data?.history.length ?? 0) > 0 && (
        <Table<MatchingRule> rowKey="id" size="small" pagination={false} dataSource={rule.data!.history} title={() => t('gap.rule.history')}
          columns={[
            { title: t('gap.rule.setAt'), dataIndex: 'setAt', render: (v: string) => formatDateTime(v) },
            { title: t('gap.rule.ratio'), dataIndex: 'ratio' },
            { title: t('gap.rule.capProject'), dataIndex: 'capPerProject', render: cap },
            { title: t('gap.rule.capStreetYear'), dataIndex: 'capPerStreetYear', render: cap },
            { title: t('gap.rule.setBy'), dataIndex: 'setBy' },
            { title: t('gap.rule.note'), dataIndex: 'note' },
          ]} />
      )}
      <Modal open={open} title={t('gap.rule.edit')} onCancel={() => setOpen(false)} onOk={submit} okButtonProps={{ loading: save.isPending }}>
        <Form form={form} layout="vertical">
          <Form.Item name="streetPerMille" label={t('gap.rule.streetPerMille')} extra={t('gap.rule.streetPerMilleHint')} rules={[{ required: true, type: 'integer', min: 0, max: 10000, message: t('gap.rule.perMilleRule') }]}>
            <InputNumber min={0} max={10000} precision={0} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="capProjectYuan" label={`${t('gap.rule.capProject')} · ${t('gap.rule.capYuan')}`}><InputNumber min={0.01} precision={2} style={{ width: 200 }} /></Form.Item>
          <Form.Item name="capStreetYearYuan" label={`${t('gap.rule.capStreetYear')} · ${t('gap.rule.capYuan')}`}><InputNumber min={0.01} precision={2} style={{ width: 200 }} /></Form.Item>
          <Form.Item name="note" label={t('gap.rule.note')}><Input maxLength={300} /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
