import { App, Button, Card, Col, Descriptions, Flex, Image, Row, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { formatDateTime } from '../../../lib/format';
import { PageShell } from '../../../components/page-shell';
import { EmptyState, QueryState } from '../../../components/states';
import { useRequest } from '../api/get-request';
import { OPEN_STATUSES, type DepartmentReport, type RequestDetail } from '../api/types';
import { StatusTag } from '../components/status-tag';
import { DeadlineText } from '../components/deadline-text';
import { useNow } from '../components/deadline';
import { eventDetail, eventTitle } from '../components/timeline-label';
import { ActionModal, type StaffAction } from '../components/action-modal';
import { DepartmentReportActions } from '../components/department-report-actions';
import { useMyRoles } from '../components/use-my-roles';
import { ConsultationsCard } from '../components/consultations-card';

const STEP_ORDER: StaffAction[] = ['accept', 'assign', 'start', 'resolve', 'dispute', 'merge'];
/** requests.handle in server/src/platform/roles.ts: first-receiver duties, including convening the parties. */
const HANDLERS = ['district_admin', 'street_admin', 'community_worker', 'commissioner'];

/** One request: what, where, deadlines, what happened, and the steps this person may take now. */
export function RequestPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const request = useRequest(id);
  return (
    <QueryState query={request}>
      {(r) => (
        <PageShell
          title={
            <Space>
              {t('req.no', { id: r.id })}
              <StatusTag status={r.status} />
            </Space>
          }
          extra={<Link to="/requests">{t('common.back')}</Link>}
        >
          <RequestBody request={r} />
        </PageShell>
      )}
    </QueryState>
  );
}

function RequestBody({ request: r }: { request: RequestDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const roles = useMyRoles();
  const now = useNow();
  const [action, setAction] = useState<StaffAction | null>(null);
  const isWhistler = roles.some((x) => x.role === 'street_admin' || x.role === 'district_admin');
  const myDepartments = roles.filter((x) => x.role === 'department_staff').map((x) => x.placeId);

  const actions: StaffAction[] = STEP_ORDER.filter((a) => (r.allowedActions as string[]).includes(a));
  if (isWhistler && OPEN_STATUSES.includes(r.status) && r.status !== 'submitted') actions.push('whistle');
  if (r.returnVisit && !r.returnVisit.doneAt && new Date(r.returnVisit.dueAt).getTime() <= now) actions.push('returnVisit');
  const myReports = r.departmentReports.filter((d) => myDepartments.includes(d.departmentId));

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={15}>
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card title={t('req.detail.summary')}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
              <Descriptions.Item label={t('req.description')} span={2}>
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{r.description}</Typography.Paragraph>
              </Descriptions.Item>
              <Descriptions.Item label={t('req.category')}>{r.category.name}</Descriptions.Item>
              <Descriptions.Item label={t('req.type')}>{t(`req.type.${r.type}`)}</Descriptions.Item>
              <Descriptions.Item label={t('req.compound')}>{r.compound.name}</Descriptions.Item>
              <Descriptions.Item label={t('req.location')}>
                {[r.locationPlace?.name, r.locationText].filter(Boolean).join(' · ') || t('common.unknown')}
              </Descriptions.Item>
              <Descriptions.Item label={t('req.urgency')}>
                {r.urgency === 'urgent' ? <Tag color="error">{t('req.urgency.urgent')}</Tag> : t('req.urgency.normal')}
              </Descriptions.Item>
              <Descriptions.Item label={t('req.channel')}>{t(`req.channel.${r.channel}`)}</Descriptions.Item>
              <Descriptions.Item label={t('req.resident')}>{r.resident?.name ?? t('common.unknown')}</Descriptions.Item>
              <Descriptions.Item label={t('req.createdAt')}>{formatDateTime(r.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('req.party')}>
                {r.assigneeParty ? t(`req.party.${r.assigneeParty}`) : t('common.none')}
                {r.assigneeDepartment && ` · ${r.assigneeDepartment.name}`}
              </Descriptions.Item>
              <Descriptions.Item label={t('req.escalation')}>
                {r.escalationLevel === 'compound' ? t('req.level.compound') : <Tag color="warning">{t(`req.escalation.${r.escalationLevel}`)}</Tag>}
              </Descriptions.Item>
              {r.mergedInto !== null && (
                <Descriptions.Item label={t('req.form.intoId')} span={2}>
                  <Link to={`/requests/${r.mergedInto}`}>{t('req.no', { id: r.mergedInto })}</Link>
                </Descriptions.Item>
              )}
              {r.rating !== null && (
                <Descriptions.Item label={t('req.rating')} span={2}>
                  <span aria-label={t('h5.detail.starsLabel', { n: r.rating })}>{'★'.repeat(r.rating)}</span>
                  {r.ratingComment && ` · ${r.ratingComment}`}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          {r.photos.length > 0 && (
            <Card title={t('req.detail.photos')}>
              <Image.PreviewGroup>
                <Flex gap={8} wrap>
                  {r.photos.map((p) => (
                    <Image key={p.id} src={p.url} width={96} height={96} style={{ objectFit: 'cover' }} alt={t(p.purpose === 'report' ? 'req.photos' : 'req.event.resolved')} />
                  ))}
                </Flex>
              </Image.PreviewGroup>
            </Card>
          )}
          <ConsultationsCard request={r} canHandle={roles.some((x) => HANDLERS.includes(x.role))} />
          <Card title={t('req.detail.reports')}>
            <Table<DepartmentReport>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={r.departmentReports}
              locale={{ emptyText: <EmptyState text={t('req.detail.noReports')} /> }}
              columns={[
                { title: t('measures.department'), dataIndex: 'departmentName' },
                { title: t('dept.ackDue'), key: 'ack', render: (_, d) => <DeadlineText dueAt={d.ackDueAt} doneAt={d.acknowledgedAt} now={now} /> },
                { title: t('dept.actionDue'), key: 'act', render: (_, d) => <DeadlineText dueAt={d.actionDueAt} doneAt={d.actedAt} now={now} /> },
                { title: t('dept.actionNote'), dataIndex: 'actionNote', render: (n: string | null) => n ?? '' },
              ]}
            />
            {myReports.map((d) => (
              <DepartmentReportActions key={d.id} requestId={r.id} report={d} />
            ))}
          </Card>
        </Space>
      </Col>
      <Col xs={24} xl={9}>
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card title={t('req.detail.actions')}>
            {actions.length === 0 ? (
              <Typography.Text type="secondary">{t('req.detail.noActions')}</Typography.Text>
            ) : (
              <Flex gap={8} wrap>
                {actions.map((a, i) => (
                  <Button key={a} type={i === 0 ? 'primary' : 'default'} danger={a === 'dispute'} onClick={() => setAction(a)}>
                    {t(`req.action.${a}`)}
                  </Button>
                ))}
              </Flex>
            )}
          </Card>
          <Card title={t('req.detail.deadlines')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('req.responseDue')}>
                <Space direction="vertical" size={0}>
                  <DeadlineText dueAt={r.responseDueAt} doneAt={r.acceptedAt ?? (r.status === 'cancelled' || r.status === 'merged' ? r.responseDueAt : null)} now={now} />
                  <Typography.Text type="secondary">{formatDateTime(r.responseDueAt)}</Typography.Text>
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('req.resolutionDue')}>
                <Space direction="vertical" size={0}>
                  <DeadlineText dueAt={r.resolutionDueAt} doneAt={r.resolvedAt ?? (r.status === 'cancelled' || r.status === 'merged' ? r.resolutionDueAt : null)} now={now} />
                  <Typography.Text type="secondary">{formatDateTime(r.resolutionDueAt)}</Typography.Text>
                </Space>
              </Descriptions.Item>
              {r.returnVisit && (
                <Descriptions.Item label={t('req.detail.returnVisit')}>
                  {r.returnVisit.doneAt
                    ? t('req.detail.returnVisitDone', { time: formatDateTime(r.returnVisit.doneAt) })
                    : t('req.detail.returnVisitDue', { time: formatDateTime(r.returnVisit.dueAt) })}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Card title={t('req.detail.timeline')}>
            <Timeline
              items={r.timeline.map((e) => {
                const extra = eventDetail(e, t);
                return {
                  key: e.id,
                  color: e.kind === 'escalated' || e.kind === 'report_missed' ? 'red' : 'blue',
                  content: (
                    <div>
                      <Typography.Text strong>{eventTitle(e, t)}</Typography.Text>
                      {extra && <Typography.Text> · {extra}</Typography.Text>}
                      <div>
                        <Typography.Text type="secondary">
                          {formatDateTime(e.at)} · {e.actorName ?? t('req.event.system')}
                        </Typography.Text>
                      </div>
                      {e.note && <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{e.note}</Typography.Paragraph>}
                    </div>
                  ),
                };
              })}
            />
          </Card>
        </Space>
      </Col>
      {action && (
        <ActionModal
          request={r}
          action={action}
          onConflict={() => void message.warning(t('req.detail.conflict'))}
          onClose={(done) => {
            setAction(null);
            if (done) void message.success(t('req.detail.done'));
          }}
        />
      )}
    </Row>
  );
}
