import { Breadcrumb, Button, Card, List, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { PageShell } from '../../../components/page-shell';
import { EmptyState, QueryState } from '../../../components/states';
import { usePlace } from '../api/get-place';
import { useChildren } from '../api/get-children';
import { CommissionersCard, CompoundProfileCard } from '../components/compound-profile';
import { CommitteeCard } from '../../conventions/components/committee-card';
import { CompoundEditDrawer } from '../components/compound-edit-drawer';
import { CommunityProfileCard } from '../components/community-profile';

/** One place: a compound shows its profile and commissioners, a community its playbook, any place its children. */
export function PlacePage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const place = usePlace(id);
  const [editing, setEditing] = useState(false);
  return (
    <QueryState query={place}>
      {(p) => (
        <PageShell title={<>{p.name} <Tag>{t(`kind.${p.kind}`)}</Tag></>}>
          <Breadcrumb
            style={{ marginBottom: 16 }}
            items={[
              { title: <Link to="/places">{t('places.title')}</Link> },
              ...p.ancestors.map((a) => ({ title: <Link to={`/places/${a.id}`}>{a.name}</Link> })),
              { title: p.name },
            ]}
          />
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            {p.kind === 'compound' &&
              (p.compound ? (
                <>
                  <CompoundProfileCard
                    profile={p.compound}
                    extra={<Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>}
                  />
                  <CommissionersCard profile={p.compound} />
                  <CommitteeCard placeId={p.id} />
                  <CompoundEditDrawer id={p.id} profile={p.compound} open={editing} onClose={() => setEditing(false)} />
                </>
              ) : (
                <Card><EmptyState text={t('compound.noProfile')} /></Card>
              ))}
            {p.community && <CommunityProfileCard id={p.id} profile={p.community} />}
            {p.childCount > 0 && <ChildrenCard id={p.id} count={p.childCount} />}
          </Space>
        </PageShell>
      )}
    </QueryState>
  );
}

function ChildrenCard({ id, count }: { id: number; count: number }) {
  const { t } = useI18n();
  const children = useChildren(id);
  return (
    <Card title={t('places.children', { n: count })}>
      <QueryState query={children} isEmpty={(d) => d.length === 0}>
        {(kids) => (
          <List
            size="small"
            dataSource={kids}
            renderItem={(k) => (
              <List.Item>
                <Link to={`/places/${k.id}`}>{k.name}</Link> <Tag>{t(`kind.${k.kind}`)}</Tag>
              </List.Item>
            )}
          />
        )}
      </QueryState>
    </Card>
  );
}
