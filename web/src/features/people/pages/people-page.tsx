import { Button, Card, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { ROLE_NAMES, type RoleName } from '../../../lib/api/types';
import { PageShell } from '../../../components/page-shell';
import { FilterBar, PagedTable, usePagedFilter } from '../../../components/paged-table';
import { usePeople, type PeopleFilter } from '../api/list-people';
import type { PersonRow } from '../api/types';
import { RoleTags } from '../components/role-tags';
import { CreatePersonDrawer } from '../components/create-person-drawer';

export function PeoplePage() {
  const { t } = useI18n();
  const { filter, apply, reset, setPage } = usePagedFilter<Omit<PeopleFilter, 'page' | 'pageSize'>>({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const people = usePeople(filter);

  return (
    <PageShell title={t('people.title')} extra={<Button type="primary" onClick={() => setCreating(true)}>{t('people.create')}</Button>}>
      <Card>
        <FilterBar<{ q?: string; role?: RoleName }> onSearch={(v) => apply({ q: v.q?.trim() || undefined, role: v.role })} onReset={reset}>
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
        </FilterBar>
        <PagedTable<PersonRow>
          query={people}
          loading={people.isFetching}
          dataSource={people.data?.items ?? []}
          paging={{ page: filter.page, pageSize: filter.pageSize, total: people.data?.total ?? 0, onChange: setPage }}
          columns={[
            { title: t('people.name'), dataIndex: 'name', render: (n: string, r) => <Link to={`/people/${r.id}`}>{n}</Link> },
            { title: t('people.phone'), dataIndex: 'phoneMasked' },
            { title: t('people.roles'), dataIndex: 'roles', render: (roles: PersonRow['roles']) => <RoleTags roles={roles} /> },
          ]}
        />
      </Card>
      <CreatePersonDrawer open={creating} onClose={() => setCreating(false)} />
    </PageShell>
  );
}
