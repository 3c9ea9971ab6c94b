import { App, Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import dayjs from 'dayjs';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { ErrorState, LoadingState } from '../../../components/states';
import { SERVICE_CATEGORIES, useAddIncubation, useAddToDirectory, useGraduate, useOrganisation, type IncubationMode, type ServiceCategory } from '../api/organisations-api';
import { STATUS_COLOR } from './organisations-page';
import { AnnualReportsCard, MembersCard, RatingsLine } from './organisation-gaps';
import { useSession } from '../../auth/api/get-session';

const MODES: IncubationMode[] = ['in_station', 'off_station', 'online'];

/** One organisation: its record, incubation (孵化) with graduation, the purchase directory (名录库) and its members. */
export function OrganisationPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const org = useOrganisation(id);
  const session = useSession();
  const canManage = (session.data?.roles ?? []).some((r) => ['district_admin', 'street_admin', 'community_worker'].includes(r.role));
  const incubate = useAddIncubation();
  const graduate = useGraduate();
  const directory = useAddToDirectory();
  const onError = (e: unknown) => void message.error(errorText(e, t));
  if (org.isPending) return <LoadingState />;
  if (org.isError) return <ErrorState error={org.error} onRetry={() => void org.refetch()} />;
  const o = org.data;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>{o.name} {o.isHub && <Tag color="purple">{t('org.hub')}</Tag>}</Typography.Title>
      <Card size="small">
        <Descriptions column={2} size="small">
          <Descriptions.Item label={t('org.status')}><Tag color={STATUS_COLOR[o.status]}>{t(`org.status.${o.status}`)}</Tag></Descriptions.Item>
          <Descriptions.Item label={t('org.personInCharge')}>{o.personInCharge}</Descriptions.Item>
          <Descriptions.Item label={t('org.category')}>{o.categories.map((c) => <Tag key={c}>{t(`org.cat.${c}`)}</Tag>)}</Descriptions.Item>
          <Descriptions.Item label={t('org.place')}>{o.place.name}</Descriptions.Item>
          <Descriptions.Item label={t('org.served')}>{o.placesServed.map((p) => p.name).join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('org.hubOf')}>{o.hub ? <Link to={`/organisations/${o.hub.id}`}>{o.hub.name}</Link> : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('org.members')}>{o.memberCount}</Descriptions.Item>
          <Descriptions.Item label={t('org.annualReport')}>{o.annualReportDue.join('、') || t('org.noAnnualReport')}</Descriptions.Item>
          <Descriptions.Item label={t('gap.org.ratings')} span={2}><RatingsLine r={o.ratings} /></Descriptions.Item>
          <Descriptions.Item label={t('org.charter')} span={2}>{o.charter || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('org.publicPage')} span={2}><a href={`/public/organisations/${o.id}`} target="_blank" rel="noreferrer">{`/public/organisations/${o.id}`}</a></Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('org.incubation')}>
        <Table rowKey="id" size="small" pagination={false} dataSource={o.incubations} locale={{ emptyText: t('common.empty') }}
          columns={[
            { title: t('org.mode'), dataIndex: 'mode', render: (m: IncubationMode) => t(`org.mode.${m}`) },
            { title: t('org.hubOf'), dataIndex: ['hub', 'name'], render: (n?: string) => n ?? '—' },
            { title: t('org.startedOn'), dataIndex: 'startedOn' },
            { title: t('org.mentorNote'), dataIndex: 'mentorNote' },
            { title: t('org.graduatedOn'), key: 'g', render: (_, i) => i.graduatedOn ?? (
              <Button size="small" loading={graduate.isPending} onClick={() => graduate.mutate({ id, incubationId: i.id, graduatedOn: dayjs().format('YYYY-MM-DD') }, { onError })}>{t('org.graduate')}</Button>
            ) },
          ]} />
        <Form layout="inline" style={{ marginTop: 12, rowGap: 8 }} initialValues={{ mode: 'in_station' }}
          onFinish={(v: { mode: IncubationMode; startedOn: dayjs.Dayjs; mentorNote?: string }) => incubate.mutate({ id, mode: v.mode, startedOn: v.startedOn.format('YYYY-MM-DD'), mentorNote: v.mentorNote ?? '' }, { onError })}>
          <Form.Item name="mode" label={t('org.mode')}><Select style={{ width: 140 }} options={MODES.map((m) => ({ value: m, label: t(`org.mode.${m}`) }))} /></Form.Item>
          <Form.Item name="startedOn" label={t('org.startedOn')} rules={[{ required: true, message: t('org.dateRule') }]}><DatePicker /></Form.Item>
          <Form.Item name="mentorNote" label={t('org.mentorNote')}><Input maxLength={1000} /></Form.Item>
          <Form.Item><Button htmlType="submit" loading={incubate.isPending}>{t('org.addIncubation')}</Button></Form.Item>
        </Form>
      </Card>
      <Card size="small" title={t('org.directory')}>
        <Space wrap>
          {o.directoryCategories.length ? o.directoryCategories.map((c) => <Tag color="processing" key={c}>{t(`org.cat.${c}`)}</Tag>) : <span>{t('org.notListed')}</span>}
          <Select<ServiceCategory> aria-label={t('org.listIn')} placeholder={t('org.listIn')} style={{ width: 180 }} value={null as unknown as ServiceCategory}
            options={SERVICE_CATEGORIES.filter((c) => !o.directoryCategories.includes(c)).map((c) => ({ value: c, label: t(`org.cat.${c}`) }))}
            onChange={(c) => directory.mutate({ id, category: c, listedOn: dayjs().format('YYYY-MM-DD') }, { onError })} />
        </Space>
      </Card>
      <AnnualReportsCard o={o} />
      <MembersCard o={o} canManage={canManage} />
    </Space>
  );
}
