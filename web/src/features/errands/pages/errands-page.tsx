import { Button, Card, Form, Select, Space } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { formatDateTime } from '../../../lib/format';
import { PageShell } from '../../../components/page-shell';
import { FilterBar, PagedTable, usePagedFilter } from '../../../components/paged-table';
import { useErrands, type ErrandsFilter } from '../api/list-errands';
import { useSearchCompounds } from '../api/search-compounds';
import { ERRAND_STATUSES, type Errand, type ErrandStatus } from '../api/types';
import { ErrandStatusTag } from '../components/errand-status-tag';
import { TripsText } from '../components/trips-text';
import { ErrandStatsCard } from '../components/errand-stats-card';

interface Values {
  status?: ErrandStatus;
  placeId?: number;
}

/** 代办服务: the errands in the caller's reach, with the "at most one trip" figures on top. */
export function ErrandsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { filter, apply, reset, setPage } = usePagedFilter<Omit<ErrandsFilter, 'page' | 'pageSize'>>({ status: 'open', page: 1, pageSize: 20 });
  const [compoundQ, setCompoundQ] = useState('');
  const errands = useErrands(filter);
  const compounds = useSearchCompounds(compoundQ);

  return (
    <PageShell title={t('errand.title')} extra={<Button type="primary" onClick={() => navigate('/errands/new')}>{t('errand.new')}</Button>}>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <ErrandStatsCard />
        <Card>
          <FilterBar<Values> initialValues={{ status: 'open' }} onSearch={(v) => apply({ status: v.status, placeId: v.placeId })} onReset={reset}>
            <Form.Item name="status" label={t('errand.status')}>
              <Select
                allowClear
                style={{ width: 130 }}
                placeholder={t('errand.allStatuses')}
                options={ERRAND_STATUSES.map((s) => ({ value: s, label: t(`errand.status.${s}`) }))}
              />
            </Form.Item>
            <Form.Item name="placeId" label={t('errand.compound')}>
              <Select
                allowClear
                showSearch={{ filterOption: false, onSearch: setCompoundQ }}
                style={{ width: 200 }}
                placeholder={t('errand.compoundSearch')}
                loading={compounds.isFetching}
                notFoundContent={compoundQ ? undefined : null}
                options={(compounds.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
              />
            </Form.Item>
          </FilterBar>
          <PagedTable<Errand>
            query={errands}
            loading={errands.isFetching}
            dataSource={errands.data?.items ?? []}
            emptyText={t('errand.empty')}
            paging={{ page: filter.page, pageSize: filter.pageSize, total: errands.data?.total ?? 0, onChange: setPage }}
            columns={[
              { title: '#', dataIndex: 'id', width: 64, render: (id: number) => <Link to={`/errands/${id}`}>{id}</Link> },
              { title: t('errand.item'), dataIndex: 'title', ellipsis: true, render: (x: string, r) => <Link to={`/errands/${r.id}`}>{x}</Link> },
              { title: t('errand.resident'), key: 'resident', width: 96, render: (_, r) => r.resident.name },
              { title: t('errand.compound'), key: 'compound', width: 100, render: (_, r) => r.compound.name },
              { title: t('errand.checklist'), key: 'checklist', width: 76, render: (_, r) => t('errand.checklistProgress', { done: r.checklistDone, total: r.checklist.length }) },
              { title: t('errand.trips'), dataIndex: 'residentTrips', width: 90, render: (n: number) => <TripsText trips={n} /> },
              { title: t('errand.status'), dataIndex: 'status', width: 90, render: (s: ErrandStatus) => <ErrandStatusTag status={s} /> },
              { title: t('errand.handledBy'), key: 'handledBy', width: 140, render: (_, r) => r.handledBy.name },
              { title: t('errand.createdAt'), dataIndex: 'createdAt', width: 140, render: formatDateTime },
            ]}
          />
        </Card>
      </Space>
    </PageShell>
  );
}
