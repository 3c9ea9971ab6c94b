import { Button, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { PageShell } from '../../../components/page-shell';
import { QueryState } from '../../../components/states';
import { useConfigCategories } from '../api/list-categories';
import type { ConfigCategory } from '../api/types';
import { CategoryFormModal } from '../components/category-form-modal';
import { limitHint } from '../components/limit-hint';

/** 诉求类别与时限: the district admin sets each category's party, limits and counting. */
export function CategoriesPage() {
  const { t } = useI18n();
  const categories = useConfigCategories();
  const [editing, setEditing] = useState<ConfigCategory | null | undefined>(undefined); // undefined: closed; null: new

  const limit = (minutes: number, c: ConfigCategory) => (
    <>
      {minutes} {t('config.categories.minutes')}
      <br />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {limitHint(minutes, c.workingTime, t)}
      </Typography.Text>
    </>
  );

  return (
    <PageShell
      title={t('config.categories.title')}
      extra={
        <Button type="primary" onClick={() => setEditing(null)}>
          {t('config.categories.add')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('config.categories.intro')}</Typography.Paragraph>
      <QueryState query={categories} isEmpty={(d) => d.length === 0}>
        {(rows) => (
          <Table<ConfigCategory>
            rowKey="id"
            dataSource={rows}
            pagination={false}
            size="middle"
            columns={[
              {
                title: t('config.categories.name'),
                key: 'name',
                render: (_, c) => (
                  <>
                    {c.name}
                    <br />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {c.code}
                    </Typography.Text>
                  </>
                ),
              },
              { title: t('config.categories.party'), dataIndex: 'defaultParty', render: (p: ConfigCategory['defaultParty']) => t(`config.party.${p}`) },
              { title: t('config.categories.response'), key: 'response', render: (_, c) => limit(c.responseMinutes, c) },
              { title: t('config.categories.resolution'), key: 'resolution', render: (_, c) => limit(c.resolutionMinutes, c) },
              {
                title: t('config.categories.counting'),
                dataIndex: 'workingTime',
                render: (w: boolean) => (w ? <Tag color="processing">{t('config.categories.workingTime')}</Tag> : <Tag>{t('config.categories.calendarTime')}</Tag>),
              },
              {
                title: t('config.categories.enabled'),
                dataIndex: 'active',
                render: (a: boolean) => (a ? <Tag color="success">{t('config.categories.enabled')}</Tag> : <Tag>{t('config.categories.disabled')}</Tag>),
              },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_, c) => (
                  <Button size="small" onClick={() => setEditing(c)} aria-label={`${t('common.edit')} ${c.name}`}>
                    {t('common.edit')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      {editing !== undefined && <CategoryFormModal category={editing} open onClose={() => setEditing(undefined)} />}
    </PageShell>
  );
}
