import { Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { ErrorState } from '../../../components/states';
import { useMatchmaking, type MatchRow } from '../api/projects-api';

const CATEGORIES = ['elderly', 'children', 'disability', 'environment', 'culture', 'governance', 'safety', 'health', 'other'] as const;

/** 项目对接会: open needs beside the organisations that serve their place; a need can be turned into a project from here. */
export function MatchmakingPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [category, setCategory] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const list = useMatchmaking({ category, page, pageSize: 10 });
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('proj.match.title')}</Typography.Title>
      <Card size="small">
        <Select aria-label={t('org.category')} placeholder={t('org.category')} allowClear style={{ width: 180, marginBottom: 12 }} value={category}
          onChange={(v) => { setCategory(v); setPage(1); }} options={CATEGORIES.map((c) => ({ value: c, label: t(`org.cat.${c}`) }))} />
        {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : (
          <Table<MatchRow> rowKey={(r) => r.need.id} loading={list.isPending} dataSource={list.data?.items ?? []} locale={{ emptyText: t('proj.match.empty') }}
            pagination={{ current: page, pageSize: 10, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => t('common.total', { n }) }}
            columns={[
              { title: t('proj.match.need'), key: 'n', render: (_, r) => <Space direction="vertical" size={0}><Typography.Text strong>{r.need.title}</Typography.Text><span>{r.need.place.name}</span></Space> },
              { title: t('proj.match.orgs'), key: 'o', render: (_, r) => r.organisations.length === 0 ? t('proj.match.noOrgs') : (
                <Space wrap>{r.organisations.map((o) => (
                  <Link key={o.id} to={`/organisations/${o.id}`}><Tag color={o.inDirectory.length ? 'processing' : 'default'}>{o.name}</Tag></Link>
                ))}</Space>
              ) },
              { title: t('common.actions'), key: 'a', width: 140, render: (_, r) => (
                <Button size="small" onClick={() => navigate(`/projects/new?demandId=${r.need.id}&placeId=${r.need.place.id}&title=${encodeURIComponent(r.need.title)}`)}>{t('proj.match.toProject')}</Button>
              ) },
            ]} />
        )}
      </Card>
    </Space>
  );
}
