import { Button, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { formatDate } from '../../../lib/format';
import { errorText } from '../../../lib/api/error-text';
import { ErrorState } from '../../../components/states';
import { useSession } from '../../auth/api/get-session';
import { useFacilitators, useRaiseTopic, useScheduleDay, useTopics, type Party, type Topic } from '../api/deliberation-api';

const PARTY_WORDS: [RegExp, Party][] = [[/居委/, 'residents_committee'], [/业委/, 'owners_committee'], [/自管/, 'self_management_committee'], [/物业/, 'property_company'], [/部门|局/, 'department'], [/专员/, 'commissioner'], [/居民|业主/, 'resident']];

/** 议题: topics of my places (raised by residents, parties, staff, or sent on from a consultation); raise one; put some on a day's agenda. */
export function TopicsPage() {
  const { t } = useI18n();
  const topics = useTopics();
  const [raising, setRaising] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const [scheduling, setScheduling] = useState(false);
  if (topics.isError) return <ErrorState error={topics.error} onRetry={() => void topics.refetch()} />;
  const items = topics.data?.items ?? [];
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>{t('topic.title')}</Typography.Title>
        <Space>
          <Button onClick={() => setRaising(true)}>{t('topic.raise')}</Button>
          <Button type="primary" disabled={selected.length === 0} onClick={() => setScheduling(true)}>{t('day.schedule')}</Button>
        </Space>
      </Space>
      <Table<Topic> rowKey="id" loading={topics.isPending} dataSource={items} pagination={{ pageSize: 20 }} locale={{ emptyText: t('topic.none') }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), getCheckboxProps: (r) => ({ disabled: r.status !== 'open', 'aria-label': r.title }) }}
        columns={[
          { title: t('topic.name'), render: (_, r) => <><Typography.Text strong>{r.title}</Typography.Text><br /><Typography.Text type="secondary">{r.body}</Typography.Text></> },
          { title: t('topic.place'), width: 140, render: (_, r) => r.place.name },
          { title: t('topic.raisedAs'), render: (_, r) => `${t(`topic.raisedAs.${r.raisedAs}`)}${r.raisedBy ? ` · ${r.raisedBy}` : ''}` },
          { title: '', render: (_, r) => <Tag>{t(`topic.status.${r.status}`)}</Tag> },
          { title: t('topic.second'), width: 80, align: 'right', render: (_, r) => r.seconds },
          { title: '', width: 120, render: (_, r) => formatDate(r.createdAt) },
        ]} />
      {raising && <RaiseTopicModal onClose={() => setRaising(false)} />}
      {scheduling && <ScheduleDayModal topics={items.filter((x) => selected.includes(x.id))} onClose={() => { setScheduling(false); setSelected([]); }} />}
    </Space>
  );
}

function RaiseTopicModal({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const session = useSession();
  const raise = useRaiseTopic();
  const [form] = Form.useForm<{ placeId: number; title: string; body: string }>();
  const places = (session.data?.roles ?? []).filter((r) => r.placeKind === 'compound' || r.placeKind === 'community');
  const submit = async () => {
    await raise.mutateAsync(await form.validateFields());
    onClose();
  };
  return (
    <Modal open title={t('topic.raise')} onCancel={onClose} onOk={() => void submit().catch(() => undefined)} okText={t('topic.submit')} confirmLoading={raise.isPending}>
      <Form form={form} layout="vertical" initialValues={{ placeId: places[0]?.placeId }}>
        <Form.Item name="placeId" label={t('topic.place')} rules={[{ required: true, message: t('topic.required') }]}>
          <Select options={places.map((p) => ({ value: p.placeId, label: p.placeName }))} />
        </Form.Item>
        <Form.Item name="title" label={t('topic.name')} rules={[{ required: true, min: 2, message: t('topic.required') }]}><Input maxLength={100} /></Form.Item>
        <Form.Item name="body" label={t('topic.body')} rules={[{ required: true, message: t('topic.required') }]}><Input.TextArea rows={3} maxLength={4000} /></Form.Item>
      </Form>
      {raise.isError && <Typography.Text type="danger" role="alert">{errorText(raise.error, t)}</Typography.Text>}
    </Modal>
  );
}

function ScheduleDayModal({ topics, onClose }: { topics: Topic[]; onClose: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const schedule = useScheduleDay();
  const [form] = Form.useForm<{ title: string; startsAt: Dayjs; location: string; facilitatorId?: number; participants?: string }>();
  const placeId = topics[0]!.place.id;
  const facilitators = useFacilitators(placeId);
  const submit = async () => {
    const v = await form.validateFields();
    const participants = (v.participants ?? '').split('\n').map((l) => l.trim()).filter(Boolean).map((line) => {
      const [name, role = ''] = line.split(/[,，]/).map((x) => x.trim());
      const party = PARTY_WORDS.find(([re]) => re.test(role))?.[1] ?? 'other';
      return { name: name!, party, showName: party !== 'resident' };
    });
    const day = await schedule.mutateAsync({ placeId, title: v.title, startsAt: v.startsAt.toISOString(), location: v.location, ...(v.facilitatorId ? { facilitatorId: v.facilitatorId } : {}), topicIds: topics.map((x) => x.id), participants });
    onClose();
    navigate(`/deliberation-days/${day.id}`);
  };
  return (
    <Modal open title={t('day.schedule')} onCancel={onClose} onOk={() => void submit().catch(() => undefined)} okText={t('topic.submit')} confirmLoading={schedule.isPending} width={640}>
      <Typography.Paragraph>{t('day.agenda')}：{topics.map((x) => x.title).join('、')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ title: `${topics[0]!.place.name}公开议事日` }}>
        <Form.Item name="title" label={t('day.name')} rules={[{ required: true, min: 2, message: t('topic.required') }]}><Input maxLength={100} /></Form.Item>
        <Form.Item name="startsAt" label={t('day.startsAt')} rules={[{ required: true, message: t('topic.required') }]}><DatePicker showTime format="YYYY-MM-DD HH:mm" /></Form.Item>
        <Form.Item name="location" label={t('day.location')} rules={[{ required: true, message: t('topic.required') }]}><Input maxLength={200} /></Form.Item>
        <Form.Item name="facilitatorId" label={t('day.facilitator')}>
          <Select allowClear loading={facilitators.isPending} options={(facilitators.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))} />
        </Form.Item>
        <Form.Item name="participants" label={t('day.participants')} extra={t('day.participantsHint')}><Input.TextArea rows={4} /></Form.Item>
      </Form>
      {schedule.isError && <Typography.Text type="danger" role="alert">{errorText(schedule.error, t)}</Typography.Text>}
    </Modal>
  );
}
