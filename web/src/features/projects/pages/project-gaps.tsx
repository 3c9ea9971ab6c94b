import { App, Button, Card, Form, Image, Input, List, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { api } from '../../../lib/api/client';
import { errorText } from '../../../lib/api/error-text';
import { formatDate, formatDateTime, formatFen } from '../../../lib/format';
import { useOrganisationActivities, useProjectStep, useRaiseObjection, type Allocation, type Objection, type Project } from '../api/projects-api';

/** 拨付记录: each allocation with what the pool and the street gave, and the matching rule it was made under. */
export function AllocationsCard({ p }: { p: Project }) {
  const { t } = useI18n();
  if (p.allocations.length === 0) return null;
  return (
    <Card size="small" title={t('gap.alloc.title')}>
      <Table<Allocation> rowKey="id" size="small" pagination={false} dataSource={p.allocations}
        columns={[
          { title: t('proj.at'), dataIndex: 'at', render: formatDateTime },
          { title: t('fund.kind'), key: 'm', render: (_, a) => <Tag>{t(`gap.alloc.mode.${a.mode}`)}</Tag> },
          { title: t('fund.amount'), dataIndex: 'amount', align: 'right', render: formatFen },
          { title: t('gap.alloc.pool'), key: 'pool', align: 'right', render: (_, a) => (a.mode === 'matched' ? formatFen(a.poolAmount) : '—') },
          { title: t('gap.alloc.street'), key: 'street', align: 'right', render: (_, a) => (a.mode === 'matched' ? formatFen(a.streetAmount) : '—') },
          { title: t('gap.alloc.rule'), key: 'rule', render: (_, a) => a.rule ? a.rule.ratio : a.fund?.name ?? '—' },
        ]} />
    </Card>
  );
}

/** 公示异议 for staff: every objection, who raised it, and a box to answer each unanswered one. */
export function ObjectionsCard({ p, canAnswer }: { p: Project; canAnswer: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const step = useProjectStep(p.id);
  const [answers, setAnswers] = useState<Record<number, string>>({});
  const r = p.round;
  if (!r || (r.status !== 'notice' && r.objections.length === 0)) return null;
  const answer = (o: Objection) => {
    const text = (answers[o.id] ?? '').trim();
    if (!text) return void message.error(t('gap.obj.answerRule'));
    step.mutate({ path: `objections/${o.id}/answer`, body: { answer: text } }, { onSuccess: () => void message.success(t('proj.done')), onError: (e) => void message.error(errorText(e, t)) });
  };
  return (
    <Card size="small" title={t('gap.obj.title')}>
      <Typography.Paragraph type="secondary">{t('gap.obj.hint')}</Typography.Paragraph>
      <List<Objection> dataSource={r.objections} locale={{ emptyText: t('gap.obj.none') }} renderItem={(o) => (
        <List.Item>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space wrap><Typography.Text strong>{o.reason}</Typography.Text><Typography.Text type="secondary">{o.raisedBy ? `${t('gap.obj.by')}：${o.raisedBy} · ` : ''}{formatDateTime(o.raisedAt)}</Typography.Text></Space>
            {o.answer ? <Typography.Text>{t('gap.obj.answer')}：{o.answer}{o.answeredBy ? `（${o.answeredBy}）` : ''}</Typography.Text> : (
              <Space wrap>
                <Tag color="warning">{t('gap.obj.unanswered')}</Tag>
                {canAnswer && <>
                  <Input.TextArea aria-label={t('gap.obj.answer')} placeholder={t('gap.obj.answer')} rows={1} style={{ width: 420 }} maxLength={1000}
                    value={answers[o.id] ?? ''} onChange={(e) => setAnswers({ ...answers, [o.id]: e.target.value })} />
                  <Button loading={step.isPending} onClick={() => answer(o)}>{t('gap.obj.answer')}</Button>
                </>}
              </Space>
            )}
          </Space>
        </List.Item>
      )} />
    </Card>
  );
}

/** The public notice on the public page: the proposed organisation, objections with answers (no names), and a form. */
export function PublicNotice({ id, notice, signedIn }: { id: number; notice: { endsAt: string; open: boolean; leading: string | null; objections: Objection[] }; signedIn: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const raise = useRaiseObjection(id);
  const [form] = Form.useForm<{ reason: string }>();
  const open = notice.open;
  return (
    <Card size="small" title={t('gap.obj.title')}>
      <Typography.Paragraph>{t('gap.obj.leading', { name: notice.leading ?? '—', until: formatDateTime(notice.endsAt) })}</Typography.Paragraph>
      <List<Objection> size="small" dataSource={notice.objections} locale={{ emptyText: t('gap.obj.none') }} renderItem={(o) => (
        <List.Item><Space direction="vertical" size={0}><span>{o.reason}</span><Typography.Text type="secondary">{o.answer ? `${t('gap.obj.answer')}：${o.answer}` : t('gap.obj.unanswered')}</Typography.Text></Space></List.Item>
      )} />
      {open && (signedIn ? (
        <Form form={form} layout="vertical" style={{ maxWidth: 560, marginTop: 12 }}
          onFinish={(v) => raise.mutate(v.reason, { onSuccess: () => { form.resetFields(); void message.success(t('gap.obj.raised')); }, onError: (e) => void message.error(errorText(e, t)) })}>
          <Form.Item name="reason" label={t('gap.obj.reason')} rules={[{ required: true, min: 4, max: 1000, message: t('gap.obj.reasonRule') }]}><Input.TextArea rows={3} maxLength={1000} /></Form.Item>
          <Button type="primary" htmlType="submit" loading={raise.isPending}>{t('gap.obj.raise')}</Button>
        </Form>
      ) : <Typography.Paragraph type="secondary">{t('gap.obj.signIn')}</Typography.Paragraph>)}
    </Card>
  );
}

/** Photos and linked activities of one report, as shown in the reports table. */
export function ReportMedia({ r }: { r: Project['reports'][number] }) {
  if (r.photos.length === 0 && r.activities.length === 0) return null;
  return (
    <Space direction="vertical" size={4} style={{ marginTop: 4 }}>
      {r.photos.length > 0 && <Image.PreviewGroup><Space wrap>{r.photos.map((ph) => <Image key={ph.id} src={ph.url} width={72} height={54} style={{ objectFit: 'cover' }} alt="" />)}</Space></Image.PreviewGroup>}
      {r.activities.map((a) => <Tag key={a.id} color="blue">{a.title} · {formatDate(a.startsAt)}</Tag>)}
    </Space>
  );
}

/** The extra fields of the report form: photos uploaded first, activities picked from the organisation's own. */
export function ReportMediaFields({ p, photos, setPhotos }: { p: Project; photos: { id: string; url: string }[]; setPhotos: (v: { id: string; url: string }[]) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const activities = useOrganisationActivities(p.id, p.organisation !== null);
  return (
    <>
      <Form.Item name="activityIds" label={t('gap.report.activities')}>
        <Select mode="multiple" style={{ minWidth: 320 }} placeholder={t('gap.report.pickActivities')} loading={activities.isPending}
          options={(activities.data ?? []).map((a) => ({ value: a.id, label: `${a.title} · ${formatDate(a.startsAt)}` }))} />
      </Form.Item>
      <Form.Item label={t('gap.report.photos')}>
        <Space wrap>
          {photos.map((ph) => <Image key={ph.id} src={ph.url} width={56} height={42} style={{ objectFit: 'cover' }} alt="" />)}
          <Upload accept="image/*" showUploadList={false} customRequest={({ file, onSuccess, onError }) => {
            const form = new FormData();
            form.append('file', file as Blob);
            api<{ id: string; url: string }>(`/api/projects/${p.id}/report-photos`, { method: 'POST', form })
              .then((r) => { setPhotos([...photos, r]); onSuccess?.(r); })
              .catch((e: unknown) => { void message.error(errorText(e, t)); onError?.(e as Error); });
          }}>
            <Button disabled={photos.length >= 9}>{t('gap.report.upload')}</Button>
          </Upload>
        </Space>
      </Form.Item>
    </>
  );
}
