import { Button, Card, Form, Input, Select, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { ROLE_NAMES, type RoleName } from '../../../lib/api/types';
import { PageShell } from '../../../components/page-shell';
import { EmptyState, ErrorState } from '../../../components/states';
import { usePeople, type PeopleFilter } from '../api/list-people';
import type { PersonRow } from '../api/types';
import { RoleTags } from '../components/role-tags';
import { CreatePersonDrawer } from '../components/create-person-drawer';

export function PeoplePage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<PeopleFilter>({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const people = usePeople(filter);

  return (
    <PageShell title={t('people.title')} extra={<Button type="primary" onClick={() => setCreating(true)}>{t('people.create')}</Button>}>
      <Card>
        <Form<{ q?: string; role?: RoleName }>
          layout="inline"
          style={{ marginBottom: 16, rowGap: 8 }}
          onFinish={(v) => setFilter({ ...filter, q: v.q?.trim() || undefined, role: v.role, page: 1 })}
          onReset={() => setFilter({ page: 1, pageSize: filter.pageSize })}
        >
          <Form.Item name="q" label={t('common.search')}>
            <Input allowClear placeholder={t('people.searchPlaceholder')} />
          </Form.Item>
          <Form.Item name="role" label={t('people.roleFilter')}>
            <Select
              allowClear
              style={{ width: 180 }}
              placeholder={t('people.allRoles')}
              options={ROLE_NAMES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">{t('common.search')}</Button>
          </Form.Item>
          <Form.Item>
            <Button htmlType="reset">{t('common.reset')}</Button>
          </Form.Item>
        </Form>
        {people.isError ? (
          <ErrorState error={people.error} onRetry={() => void people.refetch()} />
        ) : (
          <Table<PersonRow>
            rowKey="id"
            loading={people.isFetching}
            dataSource={people.data?.items ?? []}
            locale={{ emptyText: people.isPending ? ' ' : <EmptyState /> }}
            pagination={{
              current: filter.page,
              pageSize: filter.pageSize,
              total: people.data?.total ?? 0,
              showTotal: (n) => t('common.total', { n }),
              onChange: (page, pageSize) => setFilter({ ...filter, page, pageSize }),
            }}
            columns={[
              { title: t('people.name'), dataIndex: 'name', render: (n: string, r) => <Link to={`/people/${r.id}`}>{n}</Link> },
              { title: t('people.phone'), dataIndex: 'phoneMasked' },
              { title: t('people.roles'), dataIndex: 'roles', render: (roles: PersonRow['roles']) => <RoleTags roles={roles} /> },
            ]}
          />
        )}
      </Card>
      <CreatePersonDrawer open={creating} onClose={() => setCreating(false)} />
    </PageShell>
  );
}
