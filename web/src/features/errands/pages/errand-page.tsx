import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Flex, List, Popconfirm, Row, Space, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { formatDateTime } from '../../../lib/format';
import { errorText } from '../../../lib/api/error-text';
import { PageShell } from '../../../components/page-shell';
import { QueryState } from '../../../components/states';
import { useErrand } from '../api/get-errand';
import { useUpdateErrand, type UpdateErrandBody } from '../api/update-errand';
import { TRIPS_AIM, type ChecklistItem, type ChecklistKind, type Errand } from '../api/types';
import { ErrandStatusTag } from '../components/errand-status-tag';
import { TripsText } from '../components/trips-text';

/** One errand: its checklist to tick, the resident's trips against the one-trip aim, finish or cancel. */
export function ErrandPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const errand = useErrand(id);
  return (
    <QueryState query={errand}>
      {(e) => (
        <PageShell
          title={
            <Space>
              {t('errand.no', { id: e.id })}
              <ErrandStatusTag status={e.status} />
            </Space>
          }
          extra={<Link to="/errands">{t('common.back')}</Link>}
        >
          <ErrandBody errand={e} />
        </PageShell>
      )}
    </QueryState>
  );
}

function ErrandBody({ errand: e }: { errand: Errand }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const update = useUpdateErrand(e.id);
  const open = e.status === 'open';
  const missing = e.checklist.length - e.checklistDone;
  const over = e.residentTrips > TRIPS_AIM;

  const send = (body: UpdateErrandBody) =>
    update.mutate(body, {
      onSuccess: () => void message.success(t('errand.saved')),
      onError: (err) => void message.error(errorText(err, t)),
    });

  const group = (kind: ChecklistKind) => {
    const items = e.checklist.filter((c) => c.kind === kind);
    if (items.length === 0) return null;
    return (
      <List<ChecklistItem>
        header={<Typography.Text strong>{t(kind === 'document' ? 'errand.documents' : 'errand.steps')}</Typography.Text>}
        dataSource={items}
        renderItem={(c) => (
          <List.Item key={c.index} extra={c.doneAt && <Typography.Text type="secondary">{t('errand.tickedAt', { time: formatDateTime(c.doneAt) })}</Typography.Text>}>
            <Checkbox checked={c.done} disabled={!open || update.isPending} onChange={(ev) => send({ checklist: [{ index: c.index, done: ev.target.checked }] })}>
              {c.item}
            </Checkbox>
          </List.Item>
        )}
      />
    );
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={15}>
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card title={e.title}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
              <Descriptions.Item label={t('errand.resident')}>{e.resident.name}</Descriptions.Item>
              <Descriptions.Item label={t('errand.compound')}>{e.compound.name}</Descriptions.Item>
              <Descriptions.Item label={t('errand.handledBy')}>{e.handledBy.name}</Descriptions.Item>
              <Descriptions.Item label={t('errand.createdAt')}>{formatDateTime(e.createdAt)}</Descriptions.Item>
              {e.doneAt && <Descriptions.Item label={t('errand.doneAt')}>{formatDateTime(e.doneAt)}</Descriptions.Item>}
            </Descriptions>
          </Card>
          <Card title={t('errand.checklist')} extra={t('errand.checklistProgress', { done: e.checklistDone, total: e.checklist.length })}>
            <Space direction="vertical" size={8} style={{ width: '100%' }}>
              {group('document')}
              {group('step')}
            </Space>
          </Card>
        </Space>
      </Col>
      <Col xs={24} xl={9}>
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card title={t('errand.trips')}>
            <Space direction="vertical" size={8} style={{ width: '100%' }}>
              <Flex align="baseline" gap={8}>
                <TripsText trips={e.residentTrips} style={{ fontSize: 28 }} />
                <Typography.Text type="secondary">{t('errand.tripsAim')}</Typography.Text>
              </Flex>
              {over && <Alert type="warning" showIcon title={t('errand.tripsExceeded', { n: e.residentTrips })} />}
              {open && (
                <Popconfirm title={t('errand.addTripConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => send({ residentTripsDelta: 1 })}>
                  <Button loading={update.isPending}>{t('errand.addTrip')}</Button>
                </Popconfirm>
              )}
            </Space>
          </Card>
          <Card title={t('req.detail.actions')}>
            {open ? (
              <Space direction="vertical" size={8} style={{ width: '100%' }}>
                <Flex gap={8} wrap>
                  <Button type="primary" disabled={missing > 0} loading={update.isPending} onClick={() => send({ status: 'done' })}>
                    {t('errand.finish')}
                  </Button>
                  <Popconfirm title={t('errand.cancelConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => send({ status: 'cancelled' })}>
                    <Button danger>{t('errand.cancel')}</Button>
                  </Popconfirm>
                </Flex>
                {missing > 0 && <Typography.Text type="secondary">{t('errand.finishBlocked', { n: missing })}</Typography.Text>}
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('errand.closed', { status: t(`errand.status.${e.status}`) })}</Typography.Text>
            )}
          </Card>
        </Space>
      </Col>
    </Row>
  );
}
