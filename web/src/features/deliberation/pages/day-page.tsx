import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, List, Popconfirm, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { formatDateTime } from '../../../lib/format';
import { errorText } from '../../../lib/api/error-text';
import { ErrorState, LoadingState } from '../../../components/states';
import { useAddFollowup, useDay, useFollowupDone, useMinutes, usePublishMinutes, useSignIn, type Day } from '../api/deliberation-api';

/** One open deliberation day: sign-in, minutes per topic, follow-ups to done, publication of the minutes. */
export function DayPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const day = useDay(id);
  const signIn = useSignIn();
  const publish = usePublishMinutes();
  if (day.isPending) return <LoadingState />;
  if (day.isError) return <ErrorState error={day.error} onRetry={() => void day.refetch()} />;
  const d = day.data;
  const editable = d.status !== 'published';
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space align="center">
        <Typography.Title level={2} style={{ margin: 0 }}>{d.title}</Typography.Title>
        <Tag>{t(`day.status.${d.status}`)}</Tag>
      </Space>
      <Descriptions bordered size="small" column={2}>
        <Descriptions.Item label={t('day.startsAt')}>{formatDateTime(d.startsAt)}</Descriptions.Item>
        <Descriptions.Item label={t('day.location')}>{d.location}</Descriptions.Item>
        <Descriptions.Item label={t('day.facilitator')}>{d.facilitator ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('day.participants')}>{t('day.signedIn', { n: d.signedIn, m: d.invited })}</Descriptions.Item>
      </Descriptions>
      <Card title={t('day.participants')}>
        <Space wrap>
          {d.participants.map((p) => (
            <Space key={p.id} size={4}>
              <span>{p.name}</span>
              {p.signedIn ? <Tag color="success">{t('day.present')}</Tag> : editable && (
                <Button size="small" loading={signIn.isPending} onClick={() => signIn.mutate({ dayId: d.id, participantId: p.id })} aria-label={`${t('day.signIn')} ${p.name}`}>{t('day.signIn')}</Button>
              )}
            </Space>
          ))}
        </Space>
      </Card>
      {d.agenda.map((a, i) => <AgendaItemCard key={a.id} day={d} item={a} n={i + 1} editable={editable} />)}
      {publish.isError && <Alert type="error" showIcon role="alert" title={errorText(publish.error, t)} />}
      {editable && (
        <Popconfirm title={t('day.publish')} onConfirm={() => publish.mutate(d.id)}>
          <Button type="primary" loading={publish.isPending}>{t('day.publish')}</Button>
        </Popconfirm>
      )}
    </Space>
  );
}

function AgendaItemCard({ day, item, n, editable }: { day: Day; item: Day['agenda'][number]; n: number; editable: boolean }) {
  const { t } = useI18n();
  const minutes = useMinutes();
  const addFollowup = useAddFollowup();
  const done = useFollowupDone();
  const [form] = Form.useForm<{ discussion: string; resolution: string }>();
  const [ff] = Form.useForm<{ task: string; ownerName: string; dueOn: Dayjs }>();
  return (
    <Card title={`${n}. ${item.title}`} data-testid={`agenda-${item.topicId}`}>
      {editable ? (
        <Form form={form} name={`minutes-${item.id}`} layout="vertical" initialValues={{ discussion: item.discussion ?? '', resolution: item.resolution ?? '' }}
          onFinish={(v) => minutes.mutate({ dayId: day.id, itemId: item.id, ...v })}>
          <Form.Item name="discussion" label={t('day.discussion')} rules={[{ required: true, whitespace: true, message: t('topic.required') }]}><Input.TextArea rows={3} maxLength={8000} /></Form.Item>
          <Form.Item name="resolution" label={t('day.resolution')} rules={[{ required: true, whitespace: true, message: t('topic.required') }]}><Input.TextArea rows={2} maxLength={4000} /></Form.Item>
          <Button htmlType="submit" loading={minutes.isPending}>{t('day.saveMinutes')}</Button>
          {minutes.isError && <Typography.Text type="danger" role="alert"> {errorText(minutes.error, t)}</Typography.Text>}
        </Form>
      ) : (
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('day.discussion')}>{item.discussion ?? t('day.noMinutes')}</Descriptions.Item>
          <Descriptions.Item label={t('day.resolution')}>{item.resolution ?? t('day.noMinutes')}</Descriptions.Item>
        </Descriptions>
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('day.followups')}</Typography.Title>
      <List size="small" dataSource={item.followups} locale={{ emptyText: t('common.empty') }}
        renderItem={(f) => (
          <List.Item actions={f.doneAt ? [<Tag key="d" color="success">{t('day.done')}</Tag>] : [
            <Button key="b" size="small" loading={done.isPending} onClick={() => { const note = window.prompt(t('day.doneNote')); if (note?.trim()) done.mutate({ id: f.id, note: note.trim() }); }}>{t('day.done')}</Button>,
          ]}>
            {f.task} · {t('day.owner')}：{f.ownerName} · {t('day.dueOn')}：{f.dueOn} {f.overdue && <Tag color="error">{t('day.overdue')}</Tag>} {f.doneNote && <Typography.Text type="secondary">（{f.doneNote}）</Typography.Text>}
          </List.Item>
        )} />
      <Form form={ff} name={`followup-${item.id}`} layout="inline" style={{ marginTop: 8, rowGap: 8 }} aria-label={t('day.addFollowup')}
        onFinish={(v) => addFollowup.mutate({ dayId: day.id, itemId: item.id, task: v.task, ownerName: v.ownerName, dueOn: v.dueOn.format('YYYY-MM-DD') }, { onSuccess: () => ff.resetFields() })}>
        <Form.Item name="task" rules={[{ required: true, min: 2, message: t('topic.required') }]}><Input aria-label={t('day.followup')} placeholder={t('day.followup')} maxLength={500} /></Form.Item>
        <Form.Item name="ownerName" rules={[{ required: true, message: t('topic.required') }]}><Input aria-label={t('day.owner')} placeholder={t('day.owner')} maxLength={50} style={{ width: 140 }} /></Form.Item>
        <Form.Item name="dueOn" rules={[{ required: true, message: t('topic.required') }]}><DatePicker aria-label={t('day.dueOn')} placeholder={t('day.dueOn')} /></Form.Item>
        <Button htmlType="submit" loading={addFollowup.isPending}>{t('day.addFollowup')}</Button>
      </Form>
    </Card>
  );
}
