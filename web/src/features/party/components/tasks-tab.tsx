import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDateTime } from '../../../lib/format';
import { applyServerIssues } from '../../../components/form-errors';
import { ErrorState } from '../../../components/states';
import { useCloseTask, useCreateTask, useRecordService, useTasks, type Task } from '../api/party-api';
import { CommunitySelect } from './community-select';

type TaskForm = { communityId: number; title: string; description?: string; slots: number; startsAt: Dayjs };
type ServiceForm = { minutes: number; note?: string };

/** 认领任务: tasks for registered members, who claimed them, and the service actually given (minutes). */
export function TasksTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const tasks = useTasks();
  const create = useCreateTask();
  const record = useRecordService();
  const close = useCloseTask();
  const [open, setOpen] = useState(false);
  const [serving, setServing] = useState<{ task: Task; memberId: number; name: string } | null>(null);
  const [form] = Form.useForm<TaskForm>();
  const [serviceForm] = Form.useForm<ServiceForm>();
  const fail = (f: Parameters<typeof applyServerIssues>[0]) => (e: unknown) => { if (!applyServerIssues(f, e)) void message.error(errorText(e, t)); };

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => { form.resetFields(); setOpen(true); }}>{t('party.addTask')}</Button>
      </Space>
      {tasks.isError ? (
        <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : (
        <Table<Task>
          rowKey="id"
          loading={tasks.isPending}
          dataSource={tasks.data?.items ?? []}
          locale={{ emptyText: t('party.noTasks') }}
          pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { n }) }}
          columns={[
            { title: t('party.taskTitle'), key: 'title', render: (_, x) => <><strong>{x.title}</strong>{x.description ? <div style={{ color: '#595959' }}>{x.description}</div> : null}</> },
            { title: t('party.community'), dataIndex: ['community', 'name'], width: 120 },
            { title: t('party.startsAt'), dataIndex: 'startsAt', width: 150, render: (d: string) => formatDateTime(d) },
            { title: t('party.slots'), key: 'slots', width: 90, align: 'right', render: (_, x) => `${x.taken}/${x.slots}` },
            {
              title: t('party.claimers'), key: 'claims',
              render: (_, x) => x.claims.length === 0 ? '—' : (
                <Space wrap>
                  {x.claims.map((c) => c.status === 'done'
                    ? <Tag key={c.memberId} color="success">{c.name} · {t('party.minutes', { n: c.minutes ?? 0 })}</Tag>
                    : <Button key={c.memberId} size="small" onClick={() => { serviceForm.resetFields(); setServing({ task: x, memberId: c.memberId, name: c.name }); }}>{t('party.recordFor', { name: c.name })}</Button>)}
                </Space>
              ),
            },
            { title: t('party.status'), dataIndex: 'status', width: 90, render: (s: 'open' | 'closed') => <Tag color={s === 'open' ? 'processing' : 'default'}>{t(`party.task.${s}`)}</Tag> },
            {
              title: t('common.actions'), key: 'a', width: 90,
              render: (_, x) => x.status === 'open' ? <Button size="small" onClick={() => close.mutate(x.id, { onError: (e) => void message.error(errorText(e, t)) })}>{t('party.closeTask')}</Button> : null,
            },
          ]}
        />
      )}
      <Modal open={open} title={t('party.addTask')} okText={t('common.save')} confirmLoading={create.isPending} onCancel={() => setOpen(false)} destroyOnHidden
        onOk={() => void form.validateFields().then((v) => create.mutate(
          { communityId: v.communityId, title: v.title.trim(), description: v.description?.trim() || undefined, slots: v.slots, startsAt: v.startsAt.toISOString() },
          { onSuccess: () => setOpen(false), onError: fail(form) },
        ), () => undefined /* invalid: the form shows what is wrong */)}>
        <Form form={form} layout="vertical" initialValues={{ slots: 2 }}>
          <Form.Item name="communityId" label={t('party.community')} rules={[{ required: true, message: t('party.chooseCommunity') }]}><CommunitySelect /></Form.Item>
          <Form.Item name="title" label={t('party.taskTitle')} rules={[{ required: true, whitespace: true, min: 2, max: 60, message: t('party.taskTitleRule') }]}><Input maxLength={60} /></Form.Item>
          <Form.Item name="description" label={t('party.taskDescription')}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
          <Form.Item name="slots" label={t('party.slots')} rules={[{ required: true, type: 'integer', min: 1, max: 200, message: t('party.slotsRule') }]}><InputNumber min={1} max={200} precision={0} /></Form.Item>
          <Form.Item name="startsAt" label={t('party.startsAt')} rules={[{ required: true, message: t('party.startsAtRule') }]}><DatePicker showTime format="YYYY-MM-DD HH:mm" /></Form.Item>
        </Form>
      </Modal>
      <Modal open={serving !== null} title={serving ? t('party.recordFor', { name: serving.name }) : ''} okText={t('common.save')} confirmLoading={record.isPending} onCancel={() => setServing(null)} destroyOnHidden
        onOk={() => void serviceForm.validateFields().then((v) => record.mutate(
          { taskId: serving!.task.id, memberId: serving!.memberId, minutes: v.minutes, note: v.note?.trim() || undefined },
          { onSuccess: () => setServing(null), onError: fail(serviceForm) },
        ), () => undefined /* invalid: the form shows what is wrong */)}>
        <p>{serving?.task.title}</p>
        <Form form={serviceForm} layout="vertical">
          <Form.Item name="minutes" label={t('party.serviceMinutes')} rules={[{ required: true, type: 'integer', min: 1, max: 1440, message: t('party.minutesRule') }]}><InputNumber min={1} max={1440} precision={0} /></Form.Item>
          <Form.Item name="note" label={t('party.note')}><Input maxLength={200} /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}
