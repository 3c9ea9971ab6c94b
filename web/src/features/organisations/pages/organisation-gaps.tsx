import { App, Button, Card, List, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDateTime } from '../../../lib/format';
import { useAddMember, useFileAnnualReport, usePeopleSearch, useRemoveMember, type OrganisationDetail, type OrganisationRatings } from '../api/organisations-api';

/** 项目评价: residents' ratings of the projects an organisation delivered. */
export function RatingsLine({ r }: { r: OrganisationRatings }) {
  const { t } = useI18n();
  return r.average === null ? <span>{t('gap.org.noRatings')}</span> : <span>{t('gap.org.ratingsValue', { avg: r.average, count: r.count, projects: r.projects })}</span>;
}

/** 年报: deadlines with the reminders sent, and recording a report as filed. */
export function AnnualReportsCard({ o }: { o: OrganisationDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const file = useFileAnnualReport();
  if (o.annualReports.length === 0) return null;
  return (
    <Card size="small" title={t('gap.org.annualReports')}>
      <Table rowKey="id" size="small" pagination={false} dataSource={o.annualReports}
        columns={[
          { title: t('gap.org.deadline'), dataIndex: 'deadline' },
          { title: t('gap.org.addressee'), dataIndex: 'addressee', render: (a: 'sponsor' | 'registrar') => t(`gap.org.addressee.${a}`) },
          { title: t('gap.org.reminders'), key: 'r', render: (_, r) => <Space wrap>
            {r.remindedBeforeAt && <Tag color="processing">{t('gap.org.remindedBefore')} {formatDateTime(r.remindedBeforeAt)}</Tag>}
            {r.remindedOverdueAt && <Tag color="error">{t('gap.org.remindedOverdue')} {formatDateTime(r.remindedOverdueAt)}</Tag>}
          </Space> },
          { title: t('gap.org.filedOn'), key: 'f', render: (_, r) => r.filedOn ?? (
            <Button size="small" loading={file.isPending} onClick={() => file.mutate({ id: o.id, reportId: r.id, filedOn: dayjs().format('YYYY-MM-DD') }, { onError: (e) => void message.error(errorText(e, t)) })}>{t('gap.org.markFiled')}</Button>
          ) },
        ]} />
    </Card>
  );
}

/** 组织成员: staff who act for the organisation (apply to rounds, report progress); added by search, removed with a confirmation. */
export function MembersCard({ o, canManage }: { o: OrganisationDetail; canManage: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const people = usePeopleSearch(q);
  const add = useAddMember();
  const remove = useRemoveMember();
  const onError = (e: unknown) => void message.error(errorText(e, t));
  return (
    <Card size="small" title={t('org.people')}>
      <List size="small" dataSource={o.members} locale={{ emptyText: t('common.empty') }} renderItem={(m) => (
        <List.Item actions={canManage ? [
          <Popconfirm key="rm" title={t('gap.org.removeConfirm')} onConfirm={() => remove.mutate({ id: o.id, personId: m.id }, { onError })}>
            <Button size="small" danger>{t('gap.org.remove')}</Button>
          </Popconfirm>,
        ] : []}>{m.name}</List.Item>
      )} />
      {canManage && (
        <Space style={{ marginTop: 8 }}>
          <Select<number> showSearch aria-label={t('gap.org.addMember')} placeholder={t('gap.org.searchPerson')} style={{ width: 280 }} filterOption={false} value={null as unknown as number}
            onSearch={setQ} loading={people.isFetching} notFoundContent={q ? t('common.empty') : null}
            options={(people.data?.items ?? []).filter((p) => !o.members.some((m) => m.id === p.id)).map((p) => ({ value: p.id, label: p.name }))}
            onChange={(personId) => add.mutate({ id: o.id, personId }, { onSuccess: () => setQ(''), onError })} />
          <Typography.Text type="secondary">{t('gap.org.addMember')}</Typography.Text>
        </Space>
      )}
      {o.incubated.length > 0 && <Typography.Paragraph style={{ marginTop: 8 }}>{t('org.incubated')}：{o.incubated.map((x) => x.name).join('、')}</Typography.Paragraph>}
    </Card>
  );
}
