import { App, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { FilterBar, usePagedFilter } from '../../../components/paged-table';
import { ErrorState } from '../../../components/states';
import { useSession } from '../../auth/api/get-session';
import {
  ORGANISATION_STATUSES, SERVICE_CATEGORIES, useOrganisations, usePlaceSearch, useSaveOrganisation, type Organisation, type OrganisationStatus, type ServiceCategory,
} from '../api/organisations-api';

// Colours with ≥ 4.5:1 contrast (antd's gold, green and cyan tags fall below it).
export const STATUS_COLOR: Record<OrganisationStatus, string> = { registered: 'blue', filed: 'success', community_guided: 'magenta' };
const MANAGE_ROLES = ['district_admin', 'street_admin', 'community_worker'];
type Filter = { q?: string; status?: OrganisationStatus; category?: ServiceCategory };
type FormValues = { name: string; status: OrganisationStatus; personInCharge: string; charter?: string; categories: ServiceCategory[]; placeId: number; placesServed?: { value: number; label: string }[]; memberCount?: number; isHub?: boolean; hubId?: number; registeredOn?: { format(f: string): string } };

/** 社会组织名录: the registry with filters, and the form to register one (登记 / 备案 / 社区指导). */
export function OrganisationsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const session = useSession();
  const paged = usePagedFilter<Filter>({ page: 1, pageSize: 20 });
  const list = useOrganisations(paged.filter);
  const hubs = useOrganisations({ pageSize: 100 });
  const save = useSaveOrganisation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const [placeQ, setPlaceQ] = useState('');
  const placeHits = usePlaceSearch(placeQ);
  const places = (session.data?.roles ?? []).filter((r) => MANAGE_ROLES.includes(r.role));

  const submit = () => void form.validateFields().then((v) =>
    save.mutate({
      name: v.name, status: v.status, personInCharge: v.personInCharge, charter: v.charter ?? '', categories: v.categories, placeId: v.placeId, placesServed: (v.placesServed ?? []).map((x) => x.value),
      memberCount: v.memberCount ?? 0, isHub: v.isHub ?? false, hubId: v.hubId ?? null, registeredOn: v.registeredOn ? v.registeredOn.format('YYYY-MM-DD') : null,
    }, {
      onSuccess: () => { setOpen(false); form.resetFields(); void message.success(t('org.saved')); },
      onError: (e) => void message.error(errorText(e, t)),
    }));

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2}>{t('org.title')}</Typography.Title>
        {places.length > 0 && <Button type="primary" onClick={() => { form.setFieldsValue({ status: 'filed', placeId: places[0]!.placeId, categories: [] }); setOpen(true); }}>{t('org.register')}</Button>}
      </Space>
      <Card size="small">
        <FilterBar<Filter> onSearch={paged.apply} onReset={paged.reset}>
          <Form.Item name="q"><Input aria-label={t('org.name')} placeholder={t('org.name')} allowClear /></Form.Item>
          <Form.Item name="status"><Select aria-label={t('org.status')} placeholder={t('org.status')} allowClear style={{ width: 140 }} options={ORGANISATION_STATUSES.map((s) => ({ value: s, label: t(`org.status.${s}`) }))} /></Form.Item>
          <Form.Item name="category"><Select aria-label={t('org.category')} placeholder={t('org.category')} allowClear style={{ width: 140 }} options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: t(`org.cat.${c}`) }))} /></Form.Item>
        </FilterBar>
        {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : (
          <Table<Organisation> rowKey="id" loading={list.isPending} dataSource={list.data?.items ?? []} scroll={{ x: 1000 }}
            pagination={{ current: paged.filter.page, pageSize: paged.filter.pageSize, total: list.data?.total ?? 0, onChange: paged.setPage, showTotal: (n) => t('common.total', { n }) }}
            columns={[
              { title: t('org.name'), key: 'name', render: (_, o) => <Space direction="vertical" size={0}><Link to={`/organisations/${o.id}`}>{o.name}</Link>{o.isHub && <Tag color="purple">{t('org.hub')}</Tag>}</Space> },
              { title: t('org.status'), dataIndex: 'status', width: 110, render: (s: OrganisationStatus) => <Tag color={STATUS_COLOR[s]}>{t(`org.status.${s}`)}</Tag> },
              { title: t('org.category'), dataIndex: 'categories', render: (cs: ServiceCategory[]) => cs.map((c) => <Tag key={c}>{t(`org.cat.${c}`)}</Tag>) },
              { title: t('org.place'), dataIndex: ['place', 'name'], width: 120 },
              { title: t('org.personInCharge'), dataIndex: 'personInCharge', width: 100 },
              { title: t('org.directory'), dataIndex: 'directoryCategories', render: (cs: ServiceCategory[]) => cs.length ? cs.map((c) => <Tag color="processing" key={c}>{t(`org.cat.${c}`)}</Tag>) : '—' },
              { title: t('org.annualReport'), dataIndex: 'annualReportDue', width: 120, render: (d: string[]) => d[0] ?? '—' },
            ]} />
        )}
      </Card>
      <Modal open={open} title={t('org.register')} onCancel={() => setOpen(false)} onOk={submit} okButtonProps={{ loading: save.isPending }} width={640}>
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('org.name')} rules={[{ required: true, min: 2, max: 80, message: t('org.nameRule') }]}><Input maxLength={80} /></Form.Item>
          <Form.Item name="status" label={t('org.status')} rules={[{ required: true }]}><Select options={ORGANISATION_STATUSES.map((s) => ({ value: s, label: t(`org.status.${s}`) }))} /></Form.Item>
          <Form.Item name="personInCharge" label={t('org.personInCharge')} rules={[{ required: true, max: 40, message: t('org.personRule') }]}><Input maxLength={40} /></Form.Item>
          <Form.Item name="categories" label={t('org.category')} rules={[{ required: true, type: 'array', min: 1, message: t('org.categoryRule') }]}><Select mode="multiple" options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: t(`org.cat.${c}`) }))} /></Form.Item>
          <Form.Item name="placeId" label={t('org.place')} rules={[{ required: true }]}><Select options={places.map((r) => ({ value: r.placeId, label: r.placeName }))} /></Form.Item>
          <Form.Item name="placesServed" label={t('org.served')}>
            <Select mode="multiple" labelInValue showSearch filterOption={false} onSearch={setPlaceQ} placeholder={t('gap.org.servedPick')} loading={placeHits.isFetching}
              options={(placeHits.data?.items ?? []).filter((p) => ['community', 'compound'].includes(p.kind)).map((p) => ({ value: p.id, label: [...p.pathNames.slice(-1), p.name].join(' / ') }))} />
          </Form.Item>
          <Form.Item name="hubId" label={t('org.hubOf')}><Select allowClear options={(hubs.data?.items ?? []).filter((o) => o.isHub).map((o) => ({ value: o.id, label: o.name }))} /></Form.Item>
          <Space>
            <Form.Item name="memberCount" label={t('org.members')}><InputNumber min={0} max={100000} /></Form.Item>
            <Form.Item name="registeredOn" label={t('org.registeredOn')}><DatePicker /></Form.Item>
            <Form.Item name="isHub" valuePropName="checked" label=" "><Checkbox>{t('org.hub')}</Checkbox></Form.Item>
          </Space>
          <Form.Item name="charter" label={t('org.charter')}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
