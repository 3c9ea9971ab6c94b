import { Button, Card, DatePicker, Form, Input, InputNumber, Modal, Segmented, Select, Space, Tag, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDateTime } from '../../../lib/format';
import { PageShell } from '../../../components/page-shell';
import { PagedTable } from '../../../components/paged-table';
import { exportCsvUrl, useActivities, useCreateActivity, useSearchPlaces, type When } from '../api/activities';
import { useCreateEmergency } from '../api/roster';
import type { Activity } from '../api/types';

/** 志愿活动管理: the activities in the caller's reach, publishing, and the export for the national system. */
export function ActivitiesPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [when, setWhen] = useState<When>('upcoming');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [callingOut, setCallingOut] = useState(false);
  const list = useActivities(when, page);
  return (
    <PageShell
      title={t('vol.admin.title')}
      extra={
        <Space>
          <Button href={exportCsvUrl}>{t('vol.admin.export')}</Button>
          <Button onClick={() => navigate('/volunteering/volunteers')}>{t('vol.roster.title')}</Button>
          <Button danger onClick={() => setCallingOut(true)}>{t('vol.emergency.callOut')}</Button>
          <Button type="primary" onClick={() => setCreating(true)}>{t('vol.admin.publish')}</Button>
        </Space>
      }
    >
      <Card>
        <Segmented<When> style={{ marginBottom: 12 }} value={when} onChange={(w) => { setWhen(w); setPage(1); }}
          options={(['upcoming', 'past', 'all'] as const).map((w) => ({ value: w, label: t(`vol.admin.when.${w}`) }))} />
        <PagedTable<Activity>
          query={list}
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          emptyText={t('vol.admin.empty')}
          paging={{ page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
          columns={[
            { title: t('vol.activity'), dataIndex: 'title', ellipsis: true, render: (x: string, r) => <Link to={`/volunteering/${r.id}`}>{r.kind === 'emergency' ? <Tag color="#b3261e">{t('vol.emergency')}</Tag> : null}{x}</Link> },
            { title: t('vol.time'), dataIndex: 'startsAt', width: 150, render: formatDateTime },
            { title: t('vol.place'), key: 'place', width: 140, render: (_, r) => r.place.name },
            { title: t('vol.admin.signups'), key: 'n', width: 130, render: (_, r) => t('vol.slots', { confirmed: r.confirmed, slots: r.slots }) + (r.waitlisted ? ` +${r.waitlisted}` : '') },
            { title: t('vol.admin.status'), dataIndex: 'status', width: 90, render: (s: Activity['status']) => <Tag color={s === 'published' ? '#0b57d0' : '#595959'}>{t(`vol.status.${s}`)}</Tag> },
            { title: t('vol.organiser'), key: 'o', width: 100, render: (_, r) => r.organiser.name },
          ]}
        />
      </Card>
      <NewActivityModal open={creating} onClose={() => setCreating(false)} onCreated={(id) => navigate(`/volunteering/${id}`)} />
      <EmergencyModal open={callingOut} onClose={() => setCallingOut(false)} onCreated={(id) => navigate(`/volunteering/${id}`)} />
    </PageShell>
  );
}

interface Values { title: string; content: string; placeId: number; address: string; time: [Dayjs, Dayjs]; slots: number; skills?: string[]; need?: string }

function NewActivityModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: number) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [q, setQ] = useState('');
  const places = useSearchPlaces(q);
  const create = useCreateActivity();
  const submit = (v: Values) =>
    create.mutate(
      { title: v.title, content: v.content, placeId: v.placeId, address: v.address, startsAt: v.time[0].toISOString(), endsAt: v.time[1].toISOString(), slots: v.slots, skillsWanted: v.skills ?? [], need: v.need || undefined },
      { onSuccess: (a) => { void message.success(t('vol.admin.published')); form.resetFields(); onClose(); onCreated(a.id); } },
    );
  return (
    <Modal open={open} title={t('vol.admin.publish')} onCancel={onClose} onOk={() => form.submit()} okText={t('vol.admin.publish')} confirmLoading={create.isPending} destroyOnHidden width={640}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ slots: 10 }}>
        <Form.Item name="title" label={t('vol.admin.fieldTitle')} rules={[{ required: true, max: 80 }]}><Input /></Form.Item>
        <Form.Item name="content" label={t('vol.content')} rules={[{ required: true, max: 2000 }]}><Input.TextArea rows={3} /></Form.Item>
        <Form.Item name="placeId" label={t('vol.place')} rules={[{ required: true, message: t('vol.admin.placeRequired') }]}>
          <Select showSearch={{ filterOption: false, onSearch: setQ }} placeholder={t('vol.admin.placeSearch')} loading={places.isFetching}
            notFoundContent={q ? undefined : null} options={(places.data?.items ?? []).map((p) => ({ value: p.id, label: [...p.pathNames.slice(-2), p.name].join(' / ') }))} />
        </Form.Item>
        <Form.Item name="address" label={t('vol.address')} rules={[{ required: true, max: 120 }]}><Input /></Form.Item>
        <Form.Item name="time" label={t('vol.time')} rules={[{ required: true, message: t('vol.admin.timeRequired') }]}><DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" /></Form.Item>
        <Form.Item name="slots" label={t('vol.admin.slots')} rules={[{ required: true }]}><InputNumber min={1} max={1000} /></Form.Item>
        <Form.Item name="skills" label={t('vol.admin.skillsWanted')}><Select mode="tags" tokenSeparators={[',', '，', ' ']} /></Form.Item>
        <Form.Item name="need" label={t('vol.need')}><Input maxLength={200} /></Form.Item>
        {create.isError && <div role="alert" style={{ color: '#cf1322' }}>{errorText(create.error, t)}</div>}
      </Form>
    </Modal>
  );
}

interface EmergencyValues { title: string; content: string; placeId: number; address: string; time: [Dayjs, Dayjs]; slots: number }

/** 应急动员: every volunteer registered under the place is notified at once; they sign up, then get a duty. */
function EmergencyModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: number) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<EmergencyValues>();
  const [q, setQ] = useState('');
  const places = useSearchPlaces(q);
  const create = useCreateEmergency();
  const submit = (v: EmergencyValues) =>
    create.mutate(
      { title: v.title, content: v.content, placeId: v.placeId, address: v.address, startsAt: v.time[0].toISOString(), endsAt: v.time[1].toISOString(), slots: v.slots },
      { onSuccess: (a) => { void message.success(t('vol.emergency.sent', { n: a.notified })); form.resetFields(); onClose(); onCreated(a.id); } },
    );
  return (
    <Modal open={open} title={t('vol.emergency.callOut')} onCancel={onClose} onOk={() => form.submit()} okText={t('vol.emergency.send')} okButtonProps={{ danger: true }} confirmLoading={create.isPending} destroyOnHidden width={640}>
      <p>{t('vol.emergency.hint')}</p>
      {/* An emergency starts now: the time defaults to the next four hours. */}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ slots: 20, time: [dayjs(), dayjs().add(4, 'hour')] }}>
        <Form.Item name="title" label={t('vol.admin.fieldTitle')} rules={[{ required: true, max: 80 }]}><Input /></Form.Item>
        <Form.Item name="content" label={t('vol.content')} rules={[{ required: true, max: 2000 }]}><Input.TextArea rows={3} /></Form.Item>
        <Form.Item name="placeId" label={t('vol.emergency.place')} rules={[{ required: true, message: t('vol.admin.placeRequired') }]}>
          <Select showSearch={{ filterOption: false, onSearch: setQ }} placeholder={t('vol.admin.placeSearch')} loading={places.isFetching}
            notFoundContent={q ? undefined : null} options={(places.data?.items ?? []).map((p) => ({ value: p.id, label: [...p.pathNames.slice(-2), p.name].join(' / ') }))} />
        </Form.Item>
        <Form.Item name="address" label={t('vol.emergency.assembly')} rules={[{ required: true, max: 120 }]}><Input /></Form.Item>
        <Form.Item name="time" label={t('vol.time')} rules={[{ required: true, message: t('vol.admin.timeRequired') }]}><DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" /></Form.Item>
        <Form.Item name="slots" label={t('vol.admin.slots')} rules={[{ required: true }]}><InputNumber min={1} max={1000} /></Form.Item>
        {create.isError && <div role="alert" style={{ color: '#cf1322' }}>{errorText(create.error, t)}</div>}
      </Form>
    </Modal>
  );
}
