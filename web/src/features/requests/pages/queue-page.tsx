import { App, Button, Card, Checkbox, Flex, Form, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { formatDateTime } from '../../../lib/format';
import { errorText } from '../../../lib/api/error-text';
import { PageShell } from '../../../components/page-shell';
import { FilterBar, PagedTable, usePagedFilter } from '../../../components/paged-table';
import { useQueue, type QueueFilter } from '../api/list-queue';
import { useCategories } from '../api/list-categories';
import { useSearchCompounds } from '../api/search-compounds';
import { useBulkAssign } from '../api/bulk-assign';
import { useRequestEvents } from '../api/subscribe-events';
import { ESCALATION_LEVELS, OPEN_STATUSES, PARTIES, STATUSES, type Party, type RequestSummary } from '../api/types';
import { StatusTag } from '../components/status-tag';
import { DeadlineText } from '../components/deadline-text';
import { currentDeadline, useNow } from '../components/deadline';
import { useMyRoles } from '../components/use-my-roles';

interface Values {
  status?: QueueFilter['status'];
  categoryId?: number;
  placeId?: number;
  escalation?: QueueFilter['escalation'];
  overdue?: boolean;
  sort: QueueFilter['sort'];
}

const RAISERS = ['district_admin', 'street_admin', 'community_worker', 'commissioner', 'grid_worker'];
const HANDLERS = ['district_admin', 'street_admin', 'community_worker', 'commissioner'];

/** 诉求工单: the queue, nearest deadline first. */
export function QueuePage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const roles = useMyRoles();
  const navigate = useNavigate();
  const paged = usePagedFilter<Omit<QueueFilter, 'page' | 'pageSize'>>({ status: 'open', sort: 'deadline', page: 1, pageSize: 20 });
  const { filter } = paged;
  const [compoundQ, setCompoundQ] = useState('');
  const [selected, setSelected] = useState<number[]>([]);
  const [bulkParty, setBulkParty] = useState<Party | undefined>();
  const queue = useQueue(filter);
  const categories = useCategories();
  const compounds = useSearchCompounds(compoundQ);
  const bulk = useBulkAssign();
  const now = useNow();
  useRequestEvents();
  const canRaise = roles.some((r) => RAISERS.includes(r.role));
  const canHandle = roles.some((r) => HANDLERS.includes(r.role));

  const apply = (v: Values) => {
    setSelected([]);
    paged.apply({
      status: v.status,
      categoryId: v.categoryId,
      placeId: v.placeId,
      escalation: v.escalation,
      overdue: v.overdue ? 'true' : undefined,
      sort: v.sort,
    });
  };

  const assignSelected = () =>
    bulk.mutate(
      { ids: selected, party: bulkParty },
      {
        onSuccess: (r) => {
          const ok = r.results.filter((x) => x.ok).length;
          void message.info(t('req.queue.bulkDone', { ok, failed: r.results.length - ok }));
          setSelected([]);
        },
        onError: (err) => void message.error(errorText(err, t)),
      },
    );

  return (
    <PageShell
      title={t('req.queue.title')}
      extra={
        canRaise && (
          <Button type="primary" onClick={() => navigate('/requests/new')}>
            {t('req.queue.raiseFor')}
          </Button>
        )
      }
    >
      <Card>
        <FilterBar<Values> initialValues={{ status: 'open', sort: 'deadline' }} onSearch={apply} onReset={() => apply({ status: 'open', sort: 'deadline' })}>
          <Form.Item name="status" label={t('req.status')}>
            <Select
              allowClear
              style={{ width: 130 }}
              placeholder={t('req.queue.allStatuses')}
              options={[{ value: 'open', label: t('req.status.open') }, ...STATUSES.map((s) => ({ value: s, label: t(`req.status.${s}`) }))]}
            />
          </Form.Item>
          <Form.Item name="categoryId" label={t('req.category')}>
            <Select
              allowClear
              style={{ width: 200 }}
              placeholder={t('req.queue.allCategories')}
              loading={categories.isPending}
              options={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
          <Form.Item name="placeId" label={t('req.compound')}>
            <Select
              allowClear
              showSearch={{ filterOption: false, onSearch: setCompoundQ }}
              style={{ width: 200 }}
              placeholder={t('req.queue.compoundSearch')}
              loading={compounds.isFetching}
              notFoundContent={compoundQ ? undefined : null}
              options={(compounds.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}` }))}
            />
          </Form.Item>
          <Form.Item name="escalation" label={t('req.escalation')}>
            <Select
              allowClear
              style={{ width: 130 }}
              placeholder={t('req.queue.allLevels')}
              options={ESCALATION_LEVELS.map((l) => ({ value: l, label: t(`req.level.${l}`) }))}
            />
          </Form.Item>
          <Form.Item name="overdue" valuePropName="checked">
            <Checkbox>{t('req.queue.overdueOnly')}</Checkbox>
          </Form.Item>
          <Form.Item name="sort" label={t('req.queue.sort')}>
            <Select
              style={{ width: 120 }}
              options={[
                { value: 'deadline', label: t('req.queue.sortDeadline') },
                { value: 'newest', label: t('req.queue.sortNewest') },
              ]}
            />
          </Form.Item>
        </FilterBar>
        {canHandle && (
          <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
            <Typography.Text>{t('req.queue.selected', { n: selected.length })}</Typography.Text>
            <Select<Party>
              aria-label={t('req.queue.bulkParty')}
              allowClear
              style={{ width: 200 }}
              placeholder={t('req.queue.bulkDefault')}
              value={bulkParty}
              onChange={setBulkParty}
              options={PARTIES.filter((p) => p !== 'department').map((p) => ({ value: p, label: t(`req.party.${p}`) }))}
            />
            <Button disabled={selected.length === 0} loading={bulk.isPending} onClick={assignSelected}>
              {t('req.queue.bulkAssign')}
            </Button>
            <Typography.Text type="secondary">{t('req.queue.autoRefresh')}</Typography.Text>
          </Flex>
        )}
        <PagedTable<RequestSummary>
          query={queue}
          dataSource={queue.data?.items ?? []}
          emptyText={t('req.queue.empty')}
          rowSelection={
            canHandle
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys as number[]),
                  getCheckboxProps: (r) => ({ disabled: !OPEN_STATUSES.includes(r.status), 'aria-label': t('req.no', { id: r.id }) }),
                }
              : undefined
          }
          paging={{ page: filter.page, pageSize: filter.pageSize, total: queue.data?.total ?? 0, onChange: paged.setPage }}
          columns={[
            { title: '#', dataIndex: 'id', width: 64, render: (id: number) => <Link to={`/requests/${id}`}>{id}</Link> },
            {
              title: t('req.description'),
              dataIndex: 'description',
              ellipsis: true,
              render: (d: string, r) => (
                <Space size={4}>
                  {r.urgency === 'urgent' && <Tag color="error">{t('req.urgency.urgent')}</Tag>}
                  <Link to={`/requests/${r.id}`}>{d}</Link>
                </Space>
              ),
            },
            { title: t('req.category'), key: 'category', width: 150, render: (_, r) => `${r.category.name} · ${t(`req.type.${r.type}`)}` },
            { title: t('req.compound'), key: 'compound', width: 100, render: (_, r) => r.compound.name },
            { title: t('req.status'), dataIndex: 'status', width: 84, render: (s: RequestSummary['status']) => <StatusTag status={s} /> },
            { title: t('req.party'), dataIndex: 'assigneeParty', width: 80, render: (p: Party | null) => (p ? t(`req.party.${p}`) : '') },
            {
              // The escalation level sits under the deadline: both say how late the request is.
              title: t('req.deadline'),
              key: 'deadline',
              width: 140,
              render: (_, r) => {
                const due = currentDeadline(r);
                return (
                  <Space direction="vertical" size={2}>
                    {due ? <DeadlineText dueAt={due} now={now} /> : r.overdue ? <Typography.Text type="danger">{t('req.overdue')}</Typography.Text> : null}
                    {r.escalationLevel !== 'compound' && <Tag color="warning">{t(`req.escalation.${r.escalationLevel}`)}</Tag>}
                  </Space>
                );
              },
            },
            { title: t('req.createdAt'), dataIndex: 'createdAt', render: formatDateTime, width: 140 },
          ]}
        />
      </Card>
    </PageShell>
  );
}
