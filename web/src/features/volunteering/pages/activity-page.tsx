import { Alert, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDateTime } from '../../../lib/format';
import { PageShell } from '../../../components/page-shell';
import { ErrorState, LoadingState } from '../../../components/states';
import { useActivity, useCancelActivity, useMatches, useRecordHours } from '../api/activities';
import { useAssignDuty } from '../api/roster';
import { hoursText, type ActivityDetail, type Attendance, type SignupStatus } from '../api/types';
import { CheckInQr } from '../components/check-in-qr';

// Solid tags in colours dark enough for white text (WCAG AA); antd's light presets fall short.
const STATUS_COLOR: Record<SignupStatus, string> = { confirmed: '#1a7f4b', waitlisted: '#a35200', cancelled: '#595959' };

/** 活动详情: the check-in QR for the organiser's phone, attendance and hours (confirm or correct), and matching. */
export function ActivityPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const a = useActivity(id);
  const cancel = useCancelActivity(id);
  const [editing, setEditing] = useState<{ row: Attendance; action: 'confirm' | 'correct' } | null>(null);
  const [assigning, setAssigning] = useState(false);
  if (a.isPending) return <LoadingState />;
  if (a.isError) return <ErrorState error={a.error} onRetry={() => void a.refetch()} />;
  const x = a.data;
  // Judged at the time the detail was fetched (the server decides anyway and answers HOURS_WINDOW_CLOSED).
  const windowOpen = a.dataUpdatedAt < Date.parse(x.recordingDeadline);
  return (
    <PageShell
      title={<>{x.kind === 'emergency' && <Tag color="#b3261e">{t('vol.emergency')}</Tag>}{x.title}</>}
      extra={x.status === 'published' && (
        <Popconfirm title={t('vol.admin.cancelConfirm')} onConfirm={() => cancel.mutate()}><Button danger loading={cancel.isPending}>{t('vol.admin.cancel')}</Button></Popconfirm>
      )}
    >
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <Card style={{ marginBottom: 16 }}>
            <Descriptions column={2} size="small">
              <Descriptions.Item label={t('vol.time')} span={2}>{formatDateTime(x.startsAt)} – {formatDateTime(x.endsAt)}</Descriptions.Item>
              <Descriptions.Item label={t('vol.place')}>{x.place.name} · {x.address}</Descriptions.Item>
              <Descriptions.Item label={t('vol.admin.signups')}>{t('vol.slots', { confirmed: x.confirmed, slots: x.slots })}{x.waitlisted ? ` · ${t('vol.waitlistCount', { n: x.waitlisted })}` : ''}</Descriptions.Item>
              <Descriptions.Item label={t('vol.content')} span={2}>{x.content}</Descriptions.Item>
              <Descriptions.Item label={t('vol.recordingOrg')}>{x.recordingOrg}</Descriptions.Item>
              <Descriptions.Item label={t('vol.admin.deadline')}>{formatDateTime(x.recordingDeadline)}</Descriptions.Item>
              {x.skillsWanted.length > 0 && <Descriptions.Item label={t('vol.admin.skillsWanted')} span={2}>{x.skillsWanted.map((s) => <Tag key={s}>{s}</Tag>)}</Descriptions.Item>}
              {x.status === 'cancelled' && <Descriptions.Item label={t('vol.admin.status')}><Tag>{t('vol.status.cancelled')}</Tag></Descriptions.Item>}
            </Descriptions>
          </Card>
          <Card title={t('vol.admin.attendance')} style={{ marginBottom: 16 }}>
            {!windowOpen && <Alert style={{ marginBottom: 12 }} type="warning" showIcon message={t('vol.admin.windowClosed')} />}
            <Table<Attendance>
              rowKey="signupId"
              size="small"
              pagination={false}
              dataSource={x.attendance}
              locale={{ emptyText: t('vol.admin.noSignups') }}
              columns={[
                { title: t('vol.admin.volunteer'), key: 'v', width: 120, render: (_, r) => r.volunteer.name },
                { title: t('vol.admin.signupStatus'), dataIndex: 'status', width: 80, render: (s: SignupStatus) => <Tag color={STATUS_COLOR[s]}>{t(`vol.signup.${s}`)}</Tag> },
                { title: t('vol.checkedInAt'), dataIndex: 'checkedInAt', width: 130, render: formatDateTime },
                { title: t('vol.checkedOutAt'), dataIndex: 'checkedOutAt', width: 130, render: formatDateTime },
                { title: t('vol.admin.measured'), dataIndex: 'measuredMinutes', width: 80, render: (m: number | null) => (m === null ? '' : `${hoursText(m)} h`) },
                {
                  title: t('vol.admin.recorded'), key: 'h', width: 170,
                  render: (_, r) => r.hours.length === 0 ? '' : (
                    <Space direction="vertical" size={0}>
                      {r.hours.map((h, i) => (
                        <Typography.Text key={h.id} delete={i > 0} type={i > 0 ? 'secondary' : undefined} data-testid={i === 0 ? `hours-${r.signupId}` : undefined}>
                          {hoursText(h.minutes)} h · {t(`vol.kind.${h.kind}`)}{h.reason ? `（${h.reason}）` : ''}
                        </Typography.Text>
                      ))}
                    </Space>
                  ),
                },
                {
                  title: '', key: 'act', width: 90,
                  render: (_, r) => !windowOpen || r.measuredMinutes === null ? null : r.hours.length === 0
                    ? <Button size="small" type="primary" onClick={() => setEditing({ row: r, action: 'confirm' })}>{t('vol.admin.confirm')}</Button>
                    : <Button size="small" onClick={() => setEditing({ row: r, action: 'correct' })}>{t('vol.admin.correct')}</Button>,
                },
              ]}
            />
          </Card>
          {(x.duties.length > 0 || (x.kind === 'emergency' && x.status === 'published')) && (
            <Card title={t('vol.admin.roster')} style={{ marginBottom: 16 }}
              extra={x.kind === 'emergency' && x.status === 'published' && <Button size="small" onClick={() => setAssigning(true)}>{t('vol.duty.assign')}</Button>}>
              <Table rowKey="id" size="small" pagination={false} dataSource={x.duties} columns={[
                { title: t('vol.admin.volunteer'), key: 'v', render: (_, d) => d.volunteer.name },
                { title: t('vol.admin.post'), dataIndex: 'post' },
                { title: t('vol.time'), key: 't', render: (_, d) => `${formatDateTime(d.shiftStart)} – ${formatDateTime(d.shiftEnd).slice(11)}` },
              ]} />
            </Card>
          )}
          <MatchesCard id={id} />
        </Col>
        <Col xs={24} lg={9}>
          <Card title={t('vol.admin.qrTitle')}>
            <CheckInQr activityId={id} enabled={x.status === 'published'} />
          </Card>
        </Col>
      </Row>
      {editing && <HoursModal activityId={id} row={editing.row} action={editing.action} onClose={() => setEditing(null)} />}
      {assigning && <DutyModal activity={x} onClose={() => setAssigning(false)} />}
    </PageShell>
  );
}

function HoursModal({ activityId, row, action, onClose }: { activityId: number; row: Attendance; action: 'confirm' | 'correct'; onClose: () => void }) {
  const { t } = useI18n();
  const record = useRecordHours(activityId);
  const current = row.hours[0]?.minutes ?? row.measuredMinutes ?? 0;
  const [form] = Form.useForm<{ hours: number; reason?: string }>();
  const hours = Form.useWatch('hours', form);
  const differs = action === 'correct' || Math.round((hours ?? 0) * 60) !== row.measuredMinutes;
  const submit = (v: { hours: number; reason?: string }) =>
    record.mutate({ signupId: row.signupId, action, minutes: Math.round(v.hours * 60), reason: v.reason?.trim() || undefined }, { onSuccess: onClose });
  return (
    <Modal open title={t(action === 'confirm' ? 'vol.admin.confirmTitle' : 'vol.admin.correctTitle', { name: row.volunteer.name })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={record.isPending} okText={t(action === 'confirm' ? 'vol.admin.confirm' : 'vol.admin.correct')}>
      <p>{t('vol.admin.measuredLine', { hours: hoursText(row.measuredMinutes ?? 0) })}</p>
      {action === 'correct' && <Alert style={{ marginBottom: 12 }} type="info" showIcon message={t('vol.admin.correctionIsNew')} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ hours: Number(hoursText(current)) }}>
        <Form.Item name="hours" label={t('vol.admin.hours')} rules={[{ required: true }]}><InputNumber min={0} max={24} step={0.5} /></Form.Item>
        <Form.Item name="reason" label={t('vol.admin.reason')} rules={[{ required: differs, min: 2, message: t('vol.admin.reasonRequired') }]}><Input.TextArea rows={2} maxLength={200} /></Form.Item>
      </Form>
      {record.isError && <div role="alert" style={{ color: '#cf1322' }}>{errorText(record.error, t)}</div>}
    </Modal>
  );
}

function MatchesCard({ id }: { id: number }) {
  const { t } = useI18n();
  const m = useMatches(id);
  return (
    <Card title={t('vol.admin.matches')} extra={<Typography.Text type="secondary">{t('vol.admin.matchesHint')}</Typography.Text>}>
      {m.isError ? <ErrorState error={m.error} onRetry={() => void m.refetch()} /> : (
        <Table rowKey={(r) => r.volunteer.id} size="small" pagination={false} loading={m.isPending} dataSource={m.data?.items ?? []} locale={{ emptyText: t('vol.admin.noMatches') }} columns={[
          { title: t('vol.admin.volunteer'), key: 'v', render: (_, r) => r.volunteer.name },
          { title: t('vol.skills'), key: 's', render: (_, r) => r.skills.map((s) => <Tag key={s} color={r.matchedSkills.includes(s) ? '#0b57d0' : undefined}>{s}</Tag>) },
          { title: t('vol.homePlace'), key: 'h', width: 120, render: (_, r) => r.homePlace.name },
          { title: t('vol.admin.distance'), dataIndex: 'treeDistance', width: 80 },
        ]} />
      )}
    </Card>
  );
}

/** 排班: a post and a shift for one of the volunteers who answered the call (a confirmed sign-up). */
function DutyModal({ activity, onClose }: { activity: ActivityDetail; onClose: () => void }) {
  const { t } = useI18n();
  const assign = useAssignDuty(activity.id);
  const [form] = Form.useForm<{ volunteerId: number; post: string; shift: [Dayjs, Dayjs] }>();
  const confirmed = activity.attendance.filter((r) => r.status === 'confirmed');
  return (
    <Modal open title={t('vol.duty.assign')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={assign.isPending} destroyOnHidden>
      {confirmed.length === 0 && <Alert type="info" showIcon message={t('vol.duty.nobody')} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ shift: [dayjs(activity.startsAt), dayjs(activity.endsAt)] }}
        onFinish={(v) => assign.mutate({ volunteerId: v.volunteerId, post: v.post, shiftStart: v.shift[0].toISOString(), shiftEnd: v.shift[1].toISOString() }, { onSuccess: onClose })}>
        <Form.Item name="volunteerId" label={t('vol.admin.volunteer')} rules={[{ required: true, message: t('vol.duty.volunteerRequired') }]}>
          <Select options={confirmed.map((r) => ({ value: r.volunteer.id, label: r.volunteer.name }))} />
        </Form.Item>
        <Form.Item name="post" label={t('vol.admin.post')} rules={[{ required: true, max: 60 }]}><Input placeholder={t('vol.duty.postHint')} /></Form.Item>
        <Form.Item name="shift" label={t('vol.duty.shift')} rules={[{ required: true }]}><DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" /></Form.Item>
        {assign.isError && <div role="alert" style={{ color: '#cf1322' }}>{errorText(assign.error, t)}</div>}
      </Form>
    </Modal>
  );
}
